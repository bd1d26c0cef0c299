package com.companyos.probes.internal;

import com.companyos.base.Ids;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeSettings;
import com.companyos.probes.ProbeStatus;
import com.companyos.probes.ProbeStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs one probe in one place: attempts until one passes or the retries are used (a short pause between them), each
 * within the probe's timeout; records the run with every attempt's steps; then, in the same transaction, lets the
 * incidents follow (N of M). A run that took longer than its timeout failed, even if it answered correctly.
 */
@Component
class ProbeExecution {

    private static final Logger log = LoggerFactory.getLogger(ProbeExecution.class);

    private final Map<ProbeKind, Probe> probes = new EnumMap<>(ProbeKind.class);
    private final ProbeStore store;
    private final Incidents incidents;
    private final TransactionTemplate tx;
    private final ProbeSettings settings;
    private final ConsoleInstance console;
    private final Clock clock;

    ProbeExecution(List<Probe> probes, ProbeStore store, Incidents incidents, TransactionTemplate tx, ProbeSettings settings,
                   ConsoleInstance console, Clock clock) {
        probes.forEach(p -> this.probes.put(p.kind(), p));
        this.store = store;
        this.incidents = incidents;
        this.tx = tx;
        this.settings = settings;
        this.console = console;
        this.clock = clock;
    }

    ProbeRun run(ProbeDefinition definition, String place) {
        UUID runId = Ids.timeOrdered(clock);
        Instant started = clock.instant();
        Probe probe = probes.get(definition.kind());
        List<ProbeStep> steps = new ArrayList<>();
        ProbeStatus status = ProbeStatus.PROBE_ERROR;
        String detail = "No probe implements " + definition.kind().id();
        long millis = 0;
        int attempts = 0;
        while (probe != null && attempts <= definition.retries()) {
            attempts++;
            ProbeAttempt attempt = new ProbeAttempt(runId, attempts, place, definition.timeout());
            long t0 = System.nanoTime();
            try {
                probe.attempt(attempt);
                millis = ProbeAttempt.millisSince(t0);
                if (millis > definition.timeout().toMillis()) {
                    status = ProbeStatus.FAIL;
                    detail = "Answered correctly but took " + millis + " ms, more than the probe's timeout of " + definition.timeout().toSeconds() + " s";
                } else if (millis > definition.degradedAfter().toMillis()) {
                    status = ProbeStatus.DEGRADED;
                    detail = "Worked, slowly: " + millis + " ms (degraded above " + definition.degradedAfter().toMillis() + " ms)";
                } else {
                    status = ProbeStatus.PASS;
                    detail = "Worked in " + millis + " ms";
                }
                List<ProbeStep> done = attempt.steps();
                if (!done.isEmpty() && status != ProbeStatus.FAIL) {
                    detail = detail + " — " + done.get(done.size() - 1).detail();
                }
            } catch (PathFailure f) {
                millis = ProbeAttempt.millisSince(t0);
                status = ProbeStatus.FAIL;
                detail = f.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                millis = ProbeAttempt.millisSince(t0);
                status = ProbeStatus.PROBE_ERROR;
                detail = "The probe was interrupted (the console is stopping)";
            } catch (Exception e) {
                millis = ProbeAttempt.millisSince(t0);
                status = ProbeStatus.PROBE_ERROR;
                detail = "The probe itself broke: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                log.warn("Probe {} in {} broke (attempt {})", definition.name(), place, attempts, e);
            }
            steps.addAll(attempt.steps());
            if (status.passed() || Thread.currentThread().isInterrupted()) {
                break;
            }
            if (attempts <= definition.retries()) {
                steps.add(new ProbeStep(attempts, "retry", 0, true, null, "Attempt " + attempts + " ended " + status.id() + ": " + detail));
                if (!pause(settings.retryPause())) {
                    break;
                }
            }
        }
        if (attempts > 1 && status.passed()) {
            detail = detail + " (attempt " + attempts + " of " + (definition.retries() + 1) + ")";
        }
        String release = steps.stream().map(ProbeStep::release).filter(Objects::nonNull).distinct().collect(Collectors.joining(","));
        ProbeRun run = new ProbeRun(runId, definition.name(), place, started, clock.instant(), status, millis, attempts,
                release.isEmpty() ? null : release, detail, steps, console.id());
        tx.executeWithoutResult(s -> {
            store.insertRun(run);
            incidents.follow(definition, run);
        });
        if (status.passed()) {
            log.debug("Probe {} in {}: {}", definition.name(), place, detail);
        } else {
            log.warn("Probe {} in {} {}: {}", definition.name(), place, status.id(), detail);
        }
        return run;
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
