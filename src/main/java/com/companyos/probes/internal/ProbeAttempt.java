package com.companyos.probes.internal;

import com.companyos.probes.ProbeStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One attempt of a probe run: where it runs, its deadline, and the steps it records. A step that does not do what it
 * must ends the attempt with a {@link PathFailure} carrying the step's detail.
 */
final class ProbeAttempt {

    private final UUID runId;
    private final int number;
    private final String place;
    private final long deadlineNanos;
    private final List<ProbeStep> steps = new ArrayList<>();

    ProbeAttempt(UUID runId, int number, String place, Duration timeout) {
        this.runId = runId;
        this.number = number;
        this.place = place;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    UUID runId() {
        return runId;
    }

    String place() {
        return place;
    }

    /** What is left of the attempt's timeout (never negative). */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    boolean expired() {
        return System.nanoTime() >= deadlineNanos;
    }

    /** Records a step that worked. */
    void ok(String name, long startNanos, String release, String detail) {
        steps.add(new ProbeStep(number, name, millisSince(startNanos), true, release, detail));
    }

    /** Records a step that did not work and ends the attempt. */
    PathFailure failed(String name, long startNanos, String release, String detail) {
        steps.add(new ProbeStep(number, name, millisSince(startNanos), false, release, detail));
        return new PathFailure(name + ": " + detail);
    }

    List<ProbeStep> steps() {
        return steps;
    }

    static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
