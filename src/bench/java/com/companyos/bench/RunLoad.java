package com.companyos.bench;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs a load case with the JUnit Platform (so the Spring test context and ConsoleIT work) from bin/bench:
 * {@link GovernedWriteLoad} by default, or the class named by the first argument (e.g. {@link TrustReportLoad},
 * {@link OverviewLoad}).
 */
public final class RunLoad {

    private RunLoad() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Class<?> load = args.length > 0 ? Class.forName(args[0]) : GovernedWriteLoad.class;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(load)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.err, true), 25);
        boolean ok = summary.getTestsSucceededCount() == 1 && summary.getTotalFailureCount() == 0;
        System.exit(ok ? 0 : 1);
    }
}
