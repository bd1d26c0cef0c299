package com.companyos.cli;

import com.companyos.tenants.Contact;
import com.companyos.tenants.TenantRequest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code companyos tenant …} */
@Command(name = "tenant", description = "Create, inspect and tear down tenants.",
        subcommands = {TenantCommands.Create.class, TenantCommands.Get.class, TenantCommands.Delete.class})
final class TenantCommands {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @ParentCommand
    CompanyOsCli root;

    @Command(name = "create", description = {"Create a tenant from request.yaml and/or flags. Idempotent: the same request",
            "again reports \"no changes\" and writes the same manifest. Residency-locked and DCP tenants wait for",
            "two-person approval (--wait to wait for it)."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TenantCommands tenant;
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--file"}, description = "Request file (YAML), e.g. request.yaml")
        Path file;
        @Option(names = "--name") String name;
        @Option(names = "--slug") String slug;
        @Option(names = "--zone", description = "EU, US or APAC") String zone;
        @Option(names = "--locked", description = "Residency-locked (needs two-person approval)", negatable = true) Boolean locked;
        @Option(names = "--primary", description = "Primary region, e.g. eu-west") String primary;
        @Option(names = "--failover", description = "Failover region, e.g. eu-central") String failover;
        @Option(names = "--contact", description = "Contact as \"Name <email>\" (repeatable)") List<String> contacts;
        @Option(names = "--classification", description = "Default classification") String classification;
        @Option(names = "--retention", description = "Retention policy, e.g. 7-years") String retention;
        @Option(names = "--dcp", description = "Request a Dedicated Compliance Partition", negatable = true) Boolean dcp;
        @Option(names = "--failover-ops", split = ",", description = "Allowed during failover, e.g. READ,WRITE") List<String> failoverOps;
        @Option(names = "--reason", description = "Why (required when approval is needed)") String reason;
        @Option(names = {"-o", "--output"}, description = "Where to write tenant.yaml (default <slug>.tenant.yaml)") Path output;
        @Option(names = "--wait", arity = "0..1", fallbackValue = "PT30M", description = "Wait for approval and execution (ISO duration, default PT30M)")
        Duration wait;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            TenantRequest request = merge(file == null ? null : readFile(file));
            ConsoleApi api = tenant.root.api();
            ConsoleApi.Answer a = api.post("/api/v1/tenants", request);
            if (a.status() == 422 || a.status() == 400) {
                err.println("The request cannot be accepted:");
                if (a.json() != null && a.json().has("problems")) {
                    for (JsonNode p : a.json().get("problems")) {
                        err.println("  - " + (p.path("field").asText().isEmpty() ? "" : p.path("field").asText() + ": ") + p.path("message").asText());
                    }
                } else {
                    err.println("  " + a.detail());
                }
                return CompanyOsCli.INVALID;
            }
            if (!a.ok() && a.status() != 409) {
                err.println("Error: " + a.detail());
                return CompanyOsCli.ERROR;
            }
            String status = a.json().path("status").asText();
            String tenantSlug = a.json().path("slug").asText();
            switch (status) {
                case "CREATED", "UNCHANGED" -> {
                    out.println(status.equals("CREATED") ? "Created tenant " + tenantSlug + "." : "No changes: tenant " + tenantSlug + " already exists as requested.");
                    return writeManifest(api, tenantSlug, out, err);
                }
                case "DIFFERS" -> {
                    err.println(a.json().path("message").asText());
                    a.json().path("differences").fields().forEachRemaining(e ->
                            err.println("  " + e.getKey() + ": existing " + e.getValue().get(0).asText() + ", requested " + e.getValue().get(1).asText()));
                    return CompanyOsCli.REFUSED;
                }
                case "PENDING_APPROVAL" -> {
                    String id = a.json().path("approvalRequestId").asText();
                    out.println(a.json().path("message").asText());
                    if (wait == null) {
                        out.println("Check it with: companyos approval status " + id + " (or run again with --wait)");
                        return CompanyOsCli.PENDING;
                    }
                    int waited = ApprovalCommands.await(api, id, wait, out, err);
                    return waited == CompanyOsCli.OK ? writeManifest(api, tenantSlug, out, err) : waited;
                }
                default -> {
                    err.println("Unexpected answer: " + a.text());
                    return CompanyOsCli.ERROR;
                }
            }
        }

        private int writeManifest(ConsoleApi api, String tenantSlug, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
            ConsoleApi.Answer m = api.get("/api/v1/tenants/" + tenantSlug + "/manifest");
            if (!m.ok()) {
                err.println("Could not fetch the manifest: " + m.detail());
                return CompanyOsCli.ERROR;
            }
            Path target = output != null ? output : Path.of(tenantSlug + ".tenant.yaml");
            Files.writeString(target, m.text());
            out.println("Wrote " + target + " (" + m.text().lines().filter(l -> l.startsWith("manifestSha256")).findFirst().orElse("") + ")");
            return CompanyOsCli.OK;
        }

        private TenantRequest merge(TenantRequest f) {
            List<Contact> parsed = null;
            if (contacts != null) {
                parsed = new ArrayList<>();
                for (String c : contacts) {
                    int lt = c.indexOf('<');
                    parsed.add(lt < 0 ? new Contact(c.trim(), c.trim(), "") : new Contact(c.substring(0, lt).trim(),
                            c.substring(lt + 1).replace(">", "").trim(), ""));
                }
            }
            return new TenantRequest(
                    pick(name, f == null ? null : f.name()), pick(slug, f == null ? null : f.slug()),
                    parsed != null ? parsed : f == null ? null : f.contacts(),
                    pick(zone, f == null ? null : f.residencyZone()), pick(locked, f == null ? null : f.residencyLocked()),
                    pick(primary, f == null ? null : f.primaryRegion()), pick(failover, f == null ? null : f.failoverRegion()),
                    failoverOps != null ? failoverOps : f == null ? null : f.failoverAllowedOperations(),
                    pick(classification, f == null ? null : f.defaultClassification()),
                    pick(retention, f == null ? null : f.retentionPolicy()), pick(dcp, f == null ? null : f.dcpRequested()),
                    pick(reason, f == null ? null : f.reason()));
        }

        private static <T> T pick(T flag, T fromFile) {
            return flag != null ? flag : fromFile;
        }

        private static TenantRequest readFile(Path file) throws IOException {
            if (!Files.isReadable(file)) {
                throw new IOException("Cannot read " + file);
            }
            try {
                return YAML.readValue(file.toFile(), TenantRequest.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(file + " is not a valid tenant request: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
            }
        }
    }

    @Command(name = "get", description = "Write a tenant's manifest (tenant.yaml).")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        TenantCommands tenant;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SLUG") String slug;
        @Option(names = {"-o", "--output"}, description = "File to write (default: print)") Path output;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer m = tenant.root.api().get("/api/v1/tenants/" + slug + "/manifest");
            if (!m.ok()) {
                spec.commandLine().getErr().println("Error: " + m.detail());
                return m.status() == 404 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            if (output == null) {
                spec.commandLine().getOut().print(m.text());
            } else {
                Files.writeString(output, m.text());
                spec.commandLine().getOut().println("Wrote " + output);
            }
            return CompanyOsCli.OK;
        }
    }

    @Command(name = "delete", description = {"Tear a tenant down. --dry-run shows the plan: what is removed in each store,",
            "retention still running, legal holds, and the approvals needed. Otherwise requests the teardown",
            "(two-person approval); refused while retention or a legal hold applies."})
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        TenantCommands tenant;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SLUG") String slug;
        @Option(names = "--dry-run", description = "Only show the plan") boolean dryRun;
        @Option(names = "--reason", description = "Why (required)") String reason;
        @Option(names = "--wait", arity = "0..1", fallbackValue = "PT30M", description = "Wait for approval and execution") Duration wait;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConsoleApi api = tenant.root.api();
            if (dryRun) {
                ConsoleApi.Answer a = api.get("/api/v1/tenants/" + slug + "/teardown-plan");
                if (!a.ok()) {
                    err.println("Error: " + a.detail());
                    return a.status() == 404 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
                }
                out.print(describe(a.json()));
                return a.json().path("blocked").asBoolean() ? CompanyOsCli.REFUSED : CompanyOsCli.OK;
            }
            ConsoleApi.Answer a = api.post("/api/v1/tenants/" + slug + "/teardown", Map.of("reason", reason == null ? "" : reason));
            if (a.status() == 409 && a.json() != null && a.json().has("plan")) {
                err.print(describe(a.json().get("plan")));
                err.println(a.detail());
                return CompanyOsCli.REFUSED;
            }
            if (!a.ok()) {
                err.println("Error: " + a.detail());
                return a.status() == 400 || a.status() == 404 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            String id = a.json().path("approvalRequestId").asText();
            out.println("Teardown of " + slug + " submitted for two-person approval: request " + id + ".");
            return wait == null ? CompanyOsCli.PENDING : ApprovalCommands.await(api, id, wait, out, err);
        }

        static String describe(JsonNode plan) {
            StringBuilder s = new StringBuilder("Teardown plan for " + plan.path("slug").asText() + " (" + plan.path("tenantId").asText() + ")\n");
            s.append("Will remove:\n");
            for (JsonNode step : plan.path("removals")) {
                s.append(String.format("  %-13s %-14s %-17s %s%s%n", step.path("store").asText(), step.path("region").asText(),
                        step.path("kind").asText(), step.path("id").asText(),
                        step.path("holds").asText("").isBlank() ? "" : "  (" + step.path("holds").asText() + ")"));
            }
            s.append("Retention: ").append(!plan.path("retentionVerified").asBoolean() ? "NOT VERIFIED (agent unreachable)"
                    : plan.path("recordsUnderRetention").asLong() == 0 ? "nothing under retention"
                    : plan.path("recordsUnderRetention").asLong() + " record(s) under retention until " + plan.path("retentionRunsUntil").asText()).append('\n');
            s.append("Legal holds: ");
            if (plan.path("activeLegalHolds").isEmpty()) {
                s.append("none\n");
            } else {
                s.append('\n');
                for (JsonNode h : plan.path("activeLegalHolds")) {
                    s.append("  - by ").append(h.path("placedBy").asText()).append(" since ").append(h.path("placedAt").asText())
                            .append(", until ").append(h.path("until").isNull() ? "released" : h.path("until").asText())
                            .append(": ").append(h.path("reason").asText()).append('\n');
                }
            }
            s.append("Approvals needed: ").append(plan.path("approvalsRequired").asInt()).append(" compliance officers\n");
            s.append("Decision ").append(plan.path("decisionId").asText()).append(": ").append(plan.path("decision").asText()).append('\n');
            if (plan.path("blocked").asBoolean()) {
                s.append("BLOCKED; nothing would be deleted:\n");
                plan.path("blockers").forEach(b -> s.append("  - ").append(b.asText()).append('\n'));
            }
            return s.toString();
        }
    }
}
