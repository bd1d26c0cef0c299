package com.companyos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Set;

/**
 * {@code companyos}: the CLI. Exit codes: 0 done, 1 error, 2 invalid input, 3 waiting for approval,
 * 4 refused (blocked, differs, denied).
 */
@Command(name = "companyos", mixinStandardHelpOptions = true, version = "companyos CLI",
        description = "CompanyOS Control Plane command line. Uses the console's REST API with a personal API token.",
        subcommands = {TenantCommands.class, ApprovalCommands.class, DcpCommands.class, ReleaseCommands.class,
                CanaryCommands.class, RollbackCommand.class})
public final class CompanyOsCli {

    static final int OK = 0;
    static final int ERROR = 1;
    static final int INVALID = 2;
    static final int PENDING = 3;
    static final int REFUSED = 4;

    /** Verbs that make {@code java -jar companyos.jar …} run the CLI instead of a server role. */
    public static final Set<String> VERBS = Set.of("tenant", "approval", "dcp", "release", "canary", "rollback", "help", "--help", "-h", "--version", "-V");

    @Option(names = "--url", description = "Console URL (env COMPANYOS_URL, default ${DEFAULT-VALUE})",
            defaultValue = "${env:COMPANYOS_URL:-http://localhost:8080}", scope = CommandLine.ScopeType.INHERIT)
    String url;

    @Option(names = "--token", description = "Personal API token (env COMPANYOS_TOKEN); create one under API tokens in the console",
            defaultValue = "${env:COMPANYOS_TOKEN}", scope = CommandLine.ScopeType.INHERIT)
    String token;

    ConsoleApi api() {
        if (token == null || token.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "No API token: set COMPANYOS_TOKEN or pass --token (create one under \"API tokens\" in the console)");
        }
        return new ConsoleApi(url, token);
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new CompanyOsCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("Error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return ERROR;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }
}
