package com.companyos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code companyos release create|list|show}: signed releases of the region agent. */
@Command(name = "release", description = "Releases of the region agent (signed manifests).",
        subcommands = {ReleaseCommands.Create.class, ReleaseCommands.ListReleases.class, ReleaseCommands.Show.class,
                ReleaseCommands.Evidence.class})
final class ReleaseCommands {

    @ParentCommand
    CompanyOsCli root;

    @Command(name = "create", description = "Register a release: upload an agent jar (--artifact) or reuse a release's (--artifact-of).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ReleaseCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--version", required = true, description = "The release's version (immutable)") String version;
        @Option(names = "--artifact", description = "The agent jar to upload (./mvnw package builds target/companyos-control-plane-*.jar)") Path artifact;
        @Option(names = "--artifact-of", description = "Reuse the artifact of this release (a configuration-only release)") String artifactOf;
        @Option(names = "--set", description = "An agent setting the release runs with, key=value (repeatable), e.g. companyos.agent.faults.error-share=0.3") Map<String, String> config = new LinkedHashMap<>();
        @Option(names = "--reason", required = true, description = "Why this release exists (recorded)") String reason;

        @Override
        public Integer call() throws Exception {
            if ((artifact == null) == (artifactOf == null)) {
                spec.commandLine().getErr().println("Error: give exactly one of --artifact <jar> or --artifact-of <release>");
                return CompanyOsCli.INVALID;
            }
            ConsoleApi.Answer a;
            if (artifact != null) {
                if (!Files.isRegularFile(artifact)) {
                    spec.commandLine().getErr().println("Error: no such file: " + artifact);
                    return CompanyOsCli.INVALID;
                }
                a = parent.root.api().upload("/api/v1/releases?version=" + enc(version) + "&reason=" + enc(reason)
                        + "&config=" + enc(ConsoleApi.JSON.writeValueAsString(config)), artifact);
            } else {
                a = parent.root.api().post("/api/v1/releases", Map.of("version", version, "artifactOf", artifactOf, "config", config,
                        "reason", reason));
            }
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 400 || a.status() == 404 || a.status() == 409 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().print(describe(a.json()));
            return CompanyOsCli.OK;
        }
    }

    @Command(name = "list", description = "List releases, newest first, and what each region runs.")
    static final class ListReleases implements Callable<Integer> {
        @ParentCommand
        ReleaseCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().get("/api/v1/releases");
            ConsoleApi.Answer regions = parent.root.api().get("/api/v1/release-regions");
            if (!a.ok() || !regions.ok()) {
                spec.commandLine().getErr().println("Error: " + (a.ok() ? regions.detail() : a.detail()));
                return CompanyOsCli.ERROR;
            }
            for (JsonNode r : regions.json()) {
                JsonNode rollout = r.path("rollout");
                spec.commandLine().getOut().println("region " + r.path("region").asText() + ": stable " + r.path("stableVersion").asText()
                        + (rollout.isMissingNode() || rollout.isNull() ? "" : ", canary " + rollout.path("version").asText() + " ("
                        + rollout.path("state").asText().toLowerCase() + ", step " + (rollout.path("stepIndex").asInt() + 1) + ")"));
            }
            for (JsonNode r : a.json()) {
                spec.commandLine().getOut().println(r.path("version").asText() + "  " + r.path("artifactSha256").asText().substring(0, 12)
                        + "  " + r.path("createdAt").asText() + "  " + r.path("createdBy").asText()
                        + (r.path("quarantinedAt").isNull() ? "" : "  QUARANTINED: " + r.path("quarantineReason").asText()));
            }
            return CompanyOsCli.OK;
        }
    }

    @Command(name = "show", description = "Show a release: its manifest and history.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ReleaseCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "VERSION") String version;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().get("/api/v1/releases/" + enc(version));
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 404 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().print(describe(a.json().path("release")));
            for (JsonNode e : a.json().path("events")) {
                spec.commandLine().getOut().println("  " + e.path("at").asText() + "  " + e.path("kind").asText()
                        + (e.path("region").isNull() ? "" : " [" + e.path("region").asText() + "]") + "  " + e.path("actor").asText()
                        + ("rollback-statement".equals(e.path("kind").asText()) ? "" : ": " + e.path("detail").asText()));
            }
            return CompanyOsCli.OK;
        }
    }

    @Command(name = "evidence", description = "Save a release's evidence bundle (sealed scorecard, gate evidence, manifest, signed "
            + "statement, VERIFY.md) as a zip. Exit 0 saved, 2 no such release or not sealed yet.")
    static final class Evidence implements Callable<Integer> {
        @ParentCommand
        ReleaseCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "VERSION") String version;
        @Option(names = "--out", description = "Where to save it (default: the bundle's own name in this folder)") Path out;
        @Option(names = "--rollout", description = "The rollout whose scorecard (default: the newest sealed one)") String rollout;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Download d = parent.root.api().download("/api/v1/releases/" + enc(version) + "/evidence"
                    + (rollout == null ? "" : "?rollout=" + enc(rollout)));
            if (!d.ok()) {
                spec.commandLine().getErr().println("Error: " + d.detail());
                return d.status() == 400 || d.status() == 404 || d.status() == 409 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            Path target = out != null ? out : Path.of(d.fileName() == null ? "release-" + version + "-evidence.zip" : d.fileName());
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.write(target, d.bytes());
            spec.commandLine().getOut().println("Saved the evidence bundle of release " + version + " to " + target + " (" + d.bytes().length
                    + " bytes); unzip it and follow VERIFY.md to check it offline");
            return CompanyOsCli.OK;
        }
    }

    static String describe(JsonNode r) {
        StringBuilder s = new StringBuilder();
        s.append("Release ").append(r.path("version").asText()).append(r.path("quarantinedAt").isNull() ? "" : " (QUARANTINED: "
                + r.path("quarantineReason").asText() + ")").append('\n');
        s.append("  artifact: ").append(r.path("artifactPath").asText()).append(" sha256 ").append(r.path("artifactSha256").asText()).append('\n');
        s.append("  config sha256: ").append(r.path("configSha256").asText()).append(' ').append(r.path("config")).append('\n');
        s.append("  policy bundle: ").append(r.path("policyChannel").asText()).append(' ').append(r.path("policyVersion").asText())
                .append(" sha256 ").append(r.path("policySha256").asText()).append('\n');
        s.append("  replaces: ").append(r.path("replaces").asText("-")).append("; created by ").append(r.path("createdBy").asText())
                .append(" at ").append(r.path("createdAt").asText()).append(": ").append(r.path("reason").asText()).append('\n');
        return s.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
