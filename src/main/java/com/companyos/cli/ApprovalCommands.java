package com.companyos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code companyos approval …} */
@Command(name = "approval", description = "Two-person control requests.", subcommands = ApprovalCommands.Status.class)
final class ApprovalCommands {

    @ParentCommand
    CompanyOsCli root;

    @Command(name = "status", description = "Show a request's status, votes and result.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ApprovalCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "REQUEST-ID") String id;

        @Override
        public Integer call() throws Exception {
            ConsoleApi.Answer a = parent.root.api().get("/api/v1/approvals/" + id);
            if (!a.ok()) {
                spec.commandLine().getErr().println("Error: " + a.detail());
                return a.status() == 404 || a.status() == 400 ? CompanyOsCli.INVALID : CompanyOsCli.ERROR;
            }
            spec.commandLine().getOut().print(describe(a.json()));
            return switch (a.json().path("status").asText()) {
                case "EXECUTED" -> CompanyOsCli.OK;
                case "DENIED", "EXPIRED", "FAILED" -> CompanyOsCli.REFUSED;
                default -> CompanyOsCli.PENDING;
            };
        }
    }

    static String describe(JsonNode r) {
        StringBuilder s = new StringBuilder();
        s.append("Request ").append(r.path("id").asText()).append(" (").append(r.path("type").asText()).append(", ")
                .append(r.path("subject").asText()).append(")\n");
        s.append("  status: ").append(r.path("status").asText()).append("; requested by ").append(r.path("requestedBy").asText())
                .append("; expires ").append(r.path("expiresAt").asText()).append('\n');
        long approvals = 0;
        for (JsonNode v : r.path("votes")) {
            s.append("  ").append(v.path("approve").asBoolean() ? "approved" : "denied").append(" by ").append(v.path("voter").asText())
                    .append(": ").append(v.path("reason").asText()).append('\n');
            approvals += v.path("approve").asBoolean() ? 1 : 0;
        }
        s.append("  approvals: ").append(approvals).append(" of ").append(r.path("requiredApprovals").asInt()).append('\n');
        if (!r.path("executionResult").isNull() && !r.path("executionResult").asText().isEmpty()) {
            s.append("  result: ").append(r.path("executionResult").asText()).append('\n');
        }
        if (!r.path("executionError").isNull() && !r.path("executionError").asText().isEmpty()) {
            s.append("  error: ").append(r.path("executionError").asText()).append('\n');
        }
        return s.toString();
    }

    /** Polls until the request is executed (0) or ends otherwise (4), or the wait runs out (3). */
    static int await(ConsoleApi api, String id, Duration wait, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            ConsoleApi.Answer a = api.get("/api/v1/approvals/" + id);
            if (!a.ok()) {
                err.println("Error: " + a.detail());
                return CompanyOsCli.ERROR;
            }
            String status = a.json().path("status").asText();
            if (!status.equals(last)) {
                out.println("  … " + status.toLowerCase().replace('_', ' '));
                last = status;
            }
            switch (status) {
                case "EXECUTED" -> {
                    out.println(a.json().path("executionResult").asText());
                    return CompanyOsCli.OK;
                }
                case "DENIED", "EXPIRED", "FAILED" -> {
                    err.print(describe(a.json()));
                    return CompanyOsCli.REFUSED;
                }
                default -> Thread.sleep(1000);
            }
        }
        err.println("Still waiting after " + wait + "; check with: companyos approval status " + id);
        return CompanyOsCli.PENDING;
    }
}
