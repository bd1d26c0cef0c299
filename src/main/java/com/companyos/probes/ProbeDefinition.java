package com.companyos.probes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A probe, as data. {@code kind} is what it runs ({@link ProbeKind}); {@code regions} empty means every region for a
 * regional kind (a console-level kind runs once, in the place {@code console}). One attempt may take at most
 * {@code timeout}, which is at most half of {@code interval} (so a run that retries still ends before the next);
 * {@code failN} failed runs of the last {@code failM} open an incident, {@code resolveAfter} passing runs in a row
 * resolve it.
 */
public record ProbeDefinition(String name, ProbeKind kind, String criticalPath, String owner, Duration interval, Duration timeout,
                              int retries, List<String> regions, Duration degradedAfter, int failN, int failM, int resolveAfter,
                              boolean enabled, String updatedBy, Instant updatedAt) {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{1,40}$");

    public ProbeDefinition {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** Refuses a definition a scheduler could not run sensibly, with the reason a person can act on. */
    public ProbeDefinition validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A probe name is 2–41 lower-case letters, digits or dashes; got '" + name + "'");
        }
        if (kind == null) {
            throw new IllegalArgumentException("Choose what the probe runs (its kind)");
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("Every probe has an owner, who is paged when it fails");
        }
        if (criticalPath == null || criticalPath.isBlank()) {
            throw new IllegalArgumentException("Name the critical path the probe guards");
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(10)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("A probe runs every 10 seconds to every day; got " + interval);
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.multipliedBy(2).compareTo(interval) > 0) {
            throw new IllegalArgumentException("The timeout is at least 1 second and at most half the interval (" + interval.dividedBy(2).toSeconds()
                    + " s); got " + (timeout == null ? "none" : timeout.toSeconds() + " s"));
        }
        if (retries < 0 || retries > 5) {
            throw new IllegalArgumentException("Retries are 0 to 5; got " + retries);
        }
        if (degradedAfter == null || degradedAfter.isNegative() || degradedAfter.isZero() || degradedAfter.compareTo(timeout) > 0) {
            throw new IllegalArgumentException("The degraded threshold is above zero and at most the timeout");
        }
        if (failN < 1 || failM < failN || failM > 50) {
            throw new IllegalArgumentException("An incident opens when N of the last M runs fail, 1 ≤ N ≤ M ≤ 50; got " + failN + " of " + failM);
        }
        if (resolveAfter < 1 || resolveAfter > 20) {
            throw new IllegalArgumentException("An incident resolves after 1 to 20 passing runs in a row; got " + resolveAfter);
        }
        if (!kind.regional() && !regions.isEmpty()) {
            throw new IllegalArgumentException("A " + kind.id() + " probe runs in the console, not in regions");
        }
        return this;
    }
}
