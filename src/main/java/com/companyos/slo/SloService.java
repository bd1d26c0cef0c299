package com.companyos.slo;

import com.companyos.agentapi.control.FaultConfig;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.base.Roles;
import com.companyos.base.ValidationException;
import com.companyos.regions.AgentClient;
import com.companyos.slo.internal.SloRepository;
import com.companyos.slo.internal.SloTargetDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * SLOs of every agent target: figures, error budgets, burn rates and alerts for every staff role to read; objectives
 * and (for drills) injected faults changed by operators and admins, audited. Windows are nominal (1 h, 30 d) and run
 * scaled by {@code companyos.slo.window-scale}.
 */
@Service
@EnableConfigurationProperties(SloSettings.class)
public class SloService {

    /** The windows burn rates are shown over (the alert rules' windows), shortest first. */
    public static final List<Duration> BURN_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(3));

    private final SloTargetDirectory targets;
    private final SloRepository repository;
    private final EvidenceRecorder evidence;
    private final SloSettings settings;
    private final Clock clock;

    SloService(SloTargetDirectory targets, SloRepository repository, EvidenceRecorder evidence, SloSettings settings, Clock clock) {
        this.targets = targets;
        this.repository = repository;
        this.evidence = evidence;
        this.settings = settings;
        this.clock = clock;
    }

    /** A nominal window as this installation runs it. */
    public Duration scaled(Duration nominal) {
        return settings.scaled(nominal);
    }

    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<SloStatus> statuses(Duration nominalWindow) {
        Instant now = clock.instant();
        return targets.all().stream().map(t -> status(t, nominalWindow, now)).toList();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public SloStatus status(String key, Duration nominalWindow) {
        return status(target(key), nominalWindow, clock.instant());
    }

    private SloStatus status(SloTarget target, Duration nominalWindow, Instant now) {
        SloDefinition slo = repository.definition(target.key()).orElse(SloDefinition.defaults(target.key()));
        Duration window = settings.scaled(nominalWindow);
        Duration period = settings.scaled(Duration.ofDays(slo.periodDays()));
        List<SloStatus.BurnRate> burns = new ArrayList<>();
        for (Duration w : BURN_WINDOWS) {
            WindowCounts c = repository.window(target.key(), now.minus(settings.scaled(w)), now);
            burns.add(new SloStatus.BurnRate(SloAlert.human(w), settings.scaled(w), c.burnRate(Sli.AVAILABILITY, slo),
                    c.burnRate(Sli.LATENCY, slo)));
        }
        List<SloAlert> open = repository.openAlerts().stream().filter(a -> a.targetKey().equals(target.key())).toList();
        return new SloStatus(target.key(), target.name(), target.owner(), slo, window,
                repository.window(target.key(), now.minus(window), now), repository.window(target.key(), now.minus(period), now),
                burns, open, repository.lastSample(target.key()).orElse(null));
    }

    /** The target's counts over the window in about 60 steps, oldest first. */
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<SloPoint> series(String key, Duration nominalWindow) {
        target(key);
        Instant now = clock.instant();
        Duration window = settings.scaled(nominalWindow);
        Duration step = Duration.ofMillis(Math.max(settings.sampleInterval().toMillis(), window.toMillis() / 60));
        return repository.series(key, now.minus(window), now, step).stream()
                .map(s -> new SloPoint(s.at(), step, s.counts())).toList();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public SloDefinition definition(String key) {
        target(key);
        return repository.definition(key).orElse(SloDefinition.defaults(key));
    }

    /** Changes a target's objectives (or its alert webhook); audited with the values before and after. */
    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public SloDefinition update(String key, SloChange change) {
        target(key);
        SloDefinition before = repository.definition(key).orElse(SloDefinition.defaults(key));
        SloDefinition after;
        try {
            after = new SloDefinition(key, change.availabilityPercent() / 100, change.latencyThresholdMillis(),
                    change.latencyPercent() / 100, change.periodDays(), change.webhookUrl(), Actor.current(), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(List.of(ValidationException.Problem.of("", e.getMessage())));
        }
        repository.save(after);
        evidence.record(AuditEvent.of("slo.definition-changed", key)
                .detail("availabilityBefore", before.availabilityTarget()).detail("availability", after.availabilityTarget())
                .detail("latencyThresholdMsBefore", before.latencyThresholdMillis()).detail("latencyThresholdMs", after.latencyThresholdMillis())
                .detail("latencyBefore", before.latencyTarget()).detail("latency", after.latencyTarget())
                .detail("periodDaysBefore", before.periodDays()).detail("periodDays", after.periodDays())
                .detail("webhook", after.webhookUrl() == null ? "default" : after.webhookUrl().toString()));
        return after;
    }

    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<SloAlert> openAlerts() {
        return repository.openAlerts();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<SloAlert> alerts(String key, int limit) {
        return repository.alerts(key, Math.max(1, Math.min(limit, 500)));
    }

    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<AlertDelivery> deliveries(UUID alertId) {
        repository.alert(alertId).orElseThrow(() -> new NotFoundException("No SLO alert " + alertId));
        return repository.deliveries(alertId);
    }

    /** The faults the target's agent injects now. */
    @PreAuthorize(Roles.OPERATORS)
    public FaultConfig faults(String key) {
        return call(key, () -> target(key).agent().faults());
    }

    /**
     * Changes the faults a target's agent injects into its governed data API (drills, tests); audited, and refused
     * (also audited) when the agent does not allow runtime fault control.
     */
    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public FaultConfig changeFaults(String key, double errorShare, long addedLatencyMillis) {
        SloTarget target = target(key);
        FaultConfig requested;
        try {
            requested = new FaultConfig(errorShare, addedLatencyMillis, true);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(List.of(ValidationException.Problem.of("", e.getMessage())));
        }
        FaultConfig applied;
        try {
            applied = target.agent().changeFaults(requested);
        } catch (AgentClient.AgentRefusedException e) {
            evidence.recordRefusal(AuditEvent.of("slo.faults-change-refused", key).reason(e.getMessage())
                    .detail("errorShare", errorShare).detail("addedLatencyMs", addedLatencyMillis));
            throw new ConflictException(e.getMessage());
        } catch (AgentClient.AgentUnavailableException e) {
            throw new ConflictException("The agent of " + key + " cannot be reached: " + e.getMessage());
        }
        evidence.record(AuditEvent.of("slo.faults-changed", key).detail("errorShare", applied.errorShare())
                .detail("addedLatencyMs", applied.addedLatencyMillis()));
        return applied;
    }

    private SloTarget target(String key) {
        return targets.find(key).orElseThrow(() -> new NotFoundException("No SLO target '" + key + "'"));
    }

    private static <T> T call(String key, Supplier<T> call) {
        try {
            return call.get();
        } catch (AgentClient.AgentUnavailableException | AgentClient.AgentRefusedException e) {
            throw new ConflictException("The agent of " + key + " did not answer: " + e.getMessage());
        }
    }
}
