package com.companyos.probes.internal;

import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeSettings;
import com.companyos.regions.RegionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in owners and probes, written once (an operator's later edits are kept: seeding never overwrites), and
 * each probe's places: every region of a regional probe (or the regions it names that exist), {@code console} for a
 * console-level one. A place added later (a new region) first runs at a random time within
 * {@code first-run-within}, so a fresh installation or a new region does not start every probe at once.
 */
@Component
class ProbeCatalog {

    static final String CONSOLE = "console";
    static final String SYSTEM = "system:probes";
    private static final Logger log = LoggerFactory.getLogger(ProbeCatalog.class);

    private final ProbeStore store;
    private final RegionRegistry regions;
    private final TransactionTemplate tx;
    private final ProbeSettings settings;
    private final Clock clock;

    ProbeCatalog(ProbeStore store, RegionRegistry regions, TransactionTemplate tx, ProbeSettings settings, Clock clock) {
        this.store = store;
        this.regions = regions;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        Instant now = clock.instant();
        URI webhook = settings.oncallWebhook().isBlank() ? null : URI.create(settings.oncallWebhook());
        List<ProbeOwner.Contact> oncall = List.of(new ProbeOwner.Contact("On-call", settings.oncallEmail()));
        tx.executeWithoutResult(s -> {
            for (String[] o : new String[][]{{settings.platformOwner(), "Platform on-call"}, {"identity", "Identity & access"},
                    {"data-plane", "Data plane"}, {"evidence", "Evidence & reporting"}, {"residency", "Residency & compliance"}}) {
                if (store.saveOwner(new ProbeOwner(o[0], o[1], webhook, "pagerduty", null, Duration.ofMinutes(15), oncall, SYSTEM, now), true)) {
                    log.info("Probe owner {} created with the installation's on-call contact", o[0]);
                }
            }
            builtin(now).forEach(p -> {
                if (store.insertProbe(p)) {
                    log.info("Probe {} created ({} every {} s, owner {})", p.name(), p.criticalPath(), p.interval().toSeconds(), p.owner());
                }
            });
        });
        reconcilePlaces();
    }

    private List<ProbeDefinition> builtin(Instant now) {
        return List.of(
                new ProbeDefinition("login", ProbeKind.LOGIN, "auth/login", "identity", Duration.ofSeconds(60), Duration.ofSeconds(10), 1,
                        List.of(), Duration.ofSeconds(3), 3, 5, 2, true, SYSTEM, now),
                new ProbeDefinition("tenant-query", ProbeKind.TENANT_QUERY, "tenant-scoped query", "data-plane", Duration.ofSeconds(60),
                        Duration.ofSeconds(10), 1, List.of(), Duration.ofSeconds(2), 3, 5, 2, true, SYSTEM, now),
                new ProbeDefinition("export", ProbeKind.EXPORT, "export / proof bundle", "evidence", Duration.ofSeconds(300),
                        Duration.ofSeconds(60), 1, List.of(), Duration.ofSeconds(20), 3, 5, 2, true, SYSTEM, now),
                new ProbeDefinition("job-queue", ProbeKind.JOB_QUEUE, "job queue", settings.platformOwner(), Duration.ofSeconds(60),
                        Duration.ofSeconds(20), 0, List.of(), Duration.ofSeconds(10), 3, 5, 2, true, SYSTEM, now),
                new ProbeDefinition("residency", ProbeKind.RESIDENCY, "data residency at every seam", "residency", Duration.ofSeconds(300),
                        Duration.ofSeconds(120), 0, List.of(), Duration.ofSeconds(60), 1, 1, 1, true, SYSTEM, now));
    }

    /** Where a probe runs now. */
    List<String> placesOf(ProbeDefinition p) {
        if (!p.kind().regional()) {
            return List.of(CONSOLE);
        }
        return regions.all().stream().map(r -> r.id().value())
                .filter(id -> p.regions().isEmpty() || p.regions().contains(id)).toList();
    }

    /** Adds the places a probe should run in and removes those it should not (a region gone, a list edited). */
    void reconcilePlaces() {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            for (ProbeDefinition p : store.probes()) {
                List<String> want = placesOf(p);
                Set<String> have = new HashSet<>(store.places(p.name()));
                for (String place : want) {
                    if (!have.contains(place)) {
                        store.schedule(p.name(), place, now.plusMillis(ThreadLocalRandom.current().nextLong(settings.firstRunWithin().toMillis() + 1)));
                    }
                }
                have.stream().filter(place -> !want.contains(place)).forEach(place -> store.unschedule(p.name(), place));
            }
        });
    }
}
