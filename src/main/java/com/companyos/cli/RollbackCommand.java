package com.companyos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code companyos rollback --to <release> [--region <id>] --reason "…"}: return regions to an earlier release. */
@Command(name = "rollback", description = "Return a region (or every region) to an earlier release, without analysis. Audited.")
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    CompanyOsCli root;
    @Spec
    CommandSpec spec;
    @Option(names = "--to", required = true, description = "The release to return to (not a quarantined one)") String to;
    @Option(names = "--region", description = "Only this region (default: every region)") String region;
    @Option(names = "--reason", required = true, description = "Why (recorded with the rollback)") String reason;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", to);
        body.put("region", region == null ? "" : region);
        body.put("reason", reason);
        ConsoleApi.Answer a = root.api().post("/api/v1/rollbacks", body);
        if (!a.ok()) {
            spec.commandLine().getErr().println("Error: " + a.detail());
            return a.status() == 400 || a.status() == 404 || a.status() == 409 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
        }
        for (JsonNode r : a.json()) {
            spec.commandLine().getOut().println("region " + r.path("region").asText() + ": " + r.path("from").asText() + " → "
                    + r.path("to").asText() + (r.path("restarted").asBoolean() ? " (agent restarted)" : " (already on it)")
                    + "; evidence sha256 " + r.path("evidenceSha256").asText());
        }
        return CompanyOsCli.OK;
    }
}
