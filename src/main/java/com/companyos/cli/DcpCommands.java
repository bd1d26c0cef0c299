package com.companyos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code companyos dcp create|status|delete <slug>}: Dedicated Compliance Partitions. */
@Command(name = "dcp", description = "Dedicated Compliance Partitions.",
        subcommands = {DcpCommands.Create.class, DcpCommands.Status.class, DcpCommands.Delete.class})
final class DcpCommands {

    @ParentCommand
    CompanyOsCli root;

    @Command(name = "create", description = "Request a DCP for a tenant (two compliance officers approve its plan). Exit 3: awaiting approval.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        DcpCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SLUG") String slug;
        @Option(names = "--reason", required = true, description = "Why the tenant needs dedicated infrastructure (recorded)") String reason;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().post("/api/v1/tenants/" + slug + "/dcp", Map.of("reason", reason));
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 404 || a.status() == 400 || a.status() == 409 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().print(describe(a.json()));
            spec.commandLine().getOut().println("Approval request: " + a.json().path("approvalRequestId").asText()
                    + " (companyos approval status <id>)");
            return CompanyOsCli.PENDING;
        }
    }

    @Command(name = "status", description = "Show a tenant's DCP: state, steps, agents, key. Exit 0 active, 3 in progress, 4 failed.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        DcpCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SLUG") String slug;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().get("/api/v1/tenants/" + slug + "/dcp");
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 404 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().print(describe(a.json()));
            return switch (a.json().path("state").asText()) {
                case "ACTIVE" -> CompanyOsCli.OK;
                case "FAILED", "DELETED" -> CompanyOsCli.REFUSED;
                default -> CompanyOsCli.PENDING;
            };
        }
    }

    @Command(name = "delete", description = "Remove a tenant's DCP (its pools, storage and keys go with the tenant's teardown).")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SLUG") String slug;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("Error: a DCP is removed with its tenant's teardown in this version "
                    + "(companyos tenant teardown " + slug + "); moving a tenant back to the shared pool is not available yet.");
            return CompanyOsCli.INVALID;
        }
    }

    static String describe(JsonNode d) {
        StringBuilder s = new StringBuilder();
        s.append("DCP of ").append(d.path("slug").asText()).append(": ").append(d.path("state").asText()).append('\n');
        s.append("  plan sha256: ").append(d.path("planSha256").asText()).append('\n');
        s.append("  regions: ").append(d.path("plan").path("regions")).append("; storage ").append(d.path("plan").path("storage").asText())
                .append("; channel ").append(d.path("plan").path("channel").asText()).append('\n');
        if (!d.path("keyFingerprint").isNull()) {
            s.append("  signing key sha256: ").append(d.path("keyFingerprint").asText()).append('\n');
        }
        for (JsonNode e : d.path("endpoints")) {
            s.append("  agent ").append(e.path("region").asText()).append(": ").append(e.path("agentUrl").asText())
                    .append(" (data ").append(e.path("dataUrl").asText()).append(")\n");
        }
        for (JsonNode st : d.path("steps")) {
            s.append("  step ").append(st.path("step").asText()).append(st.path("region").asText().isEmpty() ? "" : " " + st.path("region").asText())
                    .append(": ").append(st.path("state").asText()).append('\n');
        }
        if (!d.path("lastError").isNull() && !d.path("lastError").asText().isEmpty()) {
            s.append("  error: ").append(d.path("lastError").asText()).append('\n');
        }
        return s.toString();
    }
}
