package com.companyos.slo.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.slo.BurnRateRule;
import com.companyos.slo.Sli;
import com.companyos.slo.SloAlert;
import com.companyos.slo.SloDefinition;
import com.companyos.slo.SloSettings;
import com.companyos.slo.WindowCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Evaluates a target's burn-rate rules after each sample: an alert fires when both of a rule's windows burn at least
 * its threshold and resolves when they no longer both do. Firing and resolving are audited and put a notification in
 * the outbox in the same transaction, so an alert is never shown without its notification or the other way round.
 * Idempotent across console instances (one open alert per target, SLI and rule; a resolve updates only an open one).
 */
@Component
class AlertEvaluator {

    static final String ACTOR = "system:slo";
    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final SloRepository repository;
    private final EvidenceRecorder evidence;
    private final SloSettings settings;

    AlertEvaluator(SloRepository repository, EvidenceRecorder evidence, SloSettings settings) {
        this.repository = repository;
        this.evidence = evidence;
        this.settings = settings;
    }

    @Transactional
    public void evaluate(String key, String owner, Instant now) {
        SloDefinition slo = repository.definition(key).orElse(SloDefinition.defaults(key));
        Map<Duration, WindowCounts> windows = new HashMap<>();
        for (BurnRateRule rule : BurnRateRule.values()) {
            Duration longWindow = settings.scaled(rule.longWindow());
            Duration shortWindow = settings.scaled(rule.shortWindow());
            WindowCounts longCounts = windows.computeIfAbsent(longWindow, w -> repository.window(key, now.minus(w), now));
            WindowCounts shortCounts = windows.computeIfAbsent(shortWindow, w -> repository.window(key, now.minus(w), now));
            for (Sli sli : Sli.values()) {
                double longBurn = longCounts.burnRate(sli, slo);
                double shortBurn = shortCounts.burnRate(sli, slo);
                var open = repository.openAlert(key, sli, rule);
                if (rule.fires(longBurn, shortBurn) && open.isEmpty()) {
                    fire(new SloAlert(UUID.randomUUID(), key, sli, rule, longWindow, shortWindow, longBurn, shortBurn, now, null),
                            slo, owner, now);
                } else if (!rule.fires(longBurn, shortBurn) && open.isPresent()) {
                    resolve(open.get(), slo, owner, longBurn, shortBurn, now);
                }
            }
        }
    }

    private void fire(SloAlert alert, SloDefinition slo, String owner, Instant now) {
        if (!repository.insertAlert(alert)) {
            return; // another console instance fired it
        }
        log.warn("SLO alert fired: {}", alert.summary());
        evidence.record(AuditEvent.by(ACTOR, "slo.alert-fired", alert.targetKey())
                .reason(alert.summary())
                .detail("alert", alert.id().toString()).detail("sli", alert.sli().id()).detail("rule", alert.rule().id())
                .detail("severity", alert.rule().severity().id()).detail("owner", owner)
                .detail("longBurn", round(alert.longBurn())).detail("shortBurn", round(alert.shortBurn())));
        enqueue("trigger", alert, slo, owner, now);
    }

    private void resolve(SloAlert open, SloDefinition slo, String owner, double longBurn, double shortBurn, Instant now) {
        if (!repository.resolveAlert(open.id(), now)) {
            return;
        }
        SloAlert resolved = new SloAlert(open.id(), open.targetKey(), open.sli(), open.rule(), open.longWindow(), open.shortWindow(),
                open.longBurn(), open.shortBurn(), open.firedAt(), now);
        log.info("SLO alert resolved: {} {} {}", open.targetKey(), open.sli().id(), open.rule().id());
        evidence.record(AuditEvent.by(ACTOR, "slo.alert-resolved", open.targetKey())
                .detail("alert", open.id().toString()).detail("sli", open.sli().id()).detail("rule", open.rule().id())
                .detail("longBurn", round(longBurn)).detail("shortBurn", round(shortBurn)));
        enqueue("resolve", resolved, slo, owner, now);
    }

    private void enqueue(String event, SloAlert alert, SloDefinition slo, String owner, Instant now) {
        URI url = slo.webhookUrl() != null ? slo.webhookUrl() : settings.webhook().defaultUrl();
        String payload = AlertPayloads.render(settings.webhook().format(), event, alert, owner, settings.webhook().routingKey(),
                settings.webhook().consoleUrl());
        repository.insertDelivery(UUID.randomUUID(), alert.id(), event, url, payload, now,
                url == null ? "No webhook configured (companyos.slo.webhook.default-url or the target's own URL)" : null);
    }

    private static double round(double burn) {
        return Math.round(burn * 100) / 100.0;
    }
}
