package com.companyos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code companyos canary start|status|pause|resume|promote|abort}: canary rollouts of a release in a region. */
@Command(name = "canary", description = "Canary rollouts (1 → 10 → 50 → 100 %, judged by analysis, aborted automatically).",
        subcommands = {CanaryCommands.Start.class, CanaryCommands.Status.class, CanaryCommands.Act.Pause.class,
                CanaryCommands.Act.Resume.class, CanaryCommands.Act.Promote.class, CanaryCommands.Act.Abort.class})
final class CanaryCommands {

    @ParentCommand
    CompanyOsCli root;

    @Command(name = "start", description = "Start a canary of a release in a region. Exit 3: running.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        CanaryCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "RELEASE") String version;
        @Option(names = "--region", required = true) String region;
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--pin", description = "tenant=stable|canary (repeatable): that tenant ignores the weight") Map<String, String> pins = new LinkedHashMap<>();
        @Option(names = "--retry-quarantined", description = "Retry a quarantined release (a person's decision; recorded)") boolean retry;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().post("/api/v1/regions/" + ReleaseCommands.enc(region) + "/canary",
                    Map.of("version", version, "reason", reason, "pins", pins, "retryQuarantined", retry));
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 400 || a.status() == 404 || a.status() == 409 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().println("Rollout " + a.json().path("id").asText() + ": canary " + version + " in " + region
                    + " (companyos canary status " + a.json().path("id").asText() + ")");
            return CompanyOsCli.PENDING;
        }
    }

    @Command(name = "status", description = "A rollout's state, step and verdicts. Exit 0 promoted, 3 running or paused, 4 aborted or rolled back.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        CanaryCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ROLLOUT") String id;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().get("/api/v1/rollouts/" + ReleaseCommands.enc(id));
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 404 || a.status() == 400 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            JsonNode r = a.json().path("rollout");
            var out = spec.commandLine().getOut();
            out.println("Rollout " + r.path("id").asText() + ": " + r.path("version").asText() + " in " + r.path("region").asText()
                    + " replacing " + r.path("fromVersion").asText() + " — " + r.path("state").asText().toLowerCase()
                    + ", step " + (r.path("stepIndex").asInt() + 1) + " of " + r.path("steps").size()
                    + " (" + r.path("steps").path(r.path("stepIndex").asInt()).path("weightPercent").asInt() + " %)");
            if (!r.path("endReason").isNull()) {
                out.println("  ended: " + r.path("endReason").asText());
            }
            if (!r.path("abortToStableMillis").isNull()) {
                out.println("  all traffic on stable " + r.path("abortToStableMillis").asLong() + " ms after the abort verdict");
            }
            for (JsonNode v : a.json().path("verdicts")) {
                out.println("  " + v.path("windowEnd").asText() + "  " + v.path("outcome").asText() + " → " + v.path("action").asText()
                        + "  " + v.path("rationale").asText());
            }
            return switch (r.path("state").asText()) {
                case "PROMOTED" -> CompanyOsCli.OK;
                case "ABORTED", "ROLLED_BACK" -> CompanyOsCli.REFUSED;
                default -> CompanyOsCli.PENDING;
            };
        }
    }

    /** The actions on a rollout: each needs a reason. */
    abstract static class Act implements Callable<Integer> {
        @ParentCommand
        CanaryCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ROLLOUT") String id;
        @Option(names = "--reason", required = true) String reason;

        abstract String verb();

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().post("/api/v1/rollouts/" + ReleaseCommands.enc(id) + "/" + verb(), Map.of("reason", reason));
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 400 || a.status() == 404 || a.status() == 409 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().println("Rollout " + id + ": " + a.json().path("state").asText().toLowerCase()
                    + ", step " + (a.json().path("stepIndex").asInt() + 1));
            return CompanyOsCli.OK;
        }

        @Command(name = "pause", description = "Pause a rollout (nothing advances or aborts automatically).")
        static final class Pause extends Act {
            String verb() {
                return "pause";
            }
        }

        @Command(name = "resume", description = "Resume a paused rollout (its step starts again).")
        static final class Resume extends Act {
            String verb() {
                return "resume";
            }
        }

        @Command(name = "promote", description = "Move a rollout to its next step now (a person's decision).")
        static final class Promote extends Act {
            String verb() {
                return "promote";
            }
        }

        @Command(name = "abort", description = "Abort: every request back to stable, the release quarantined.")
        static final class Abort extends Act {
            String verb() {
                return "abort";
            }
        }
    }
}
