package com.companyos.tenants.internal;

import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.base.Role;
import com.companyos.base.db.ConditionalOnDemoData;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.security.SystemActor;
import com.companyos.tenants.Contact;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded default's demo tenant {@code acme-eu} (the demo customer account belongs to it), created through the
 * ordinary tenant service — audited, placed by policy, provisioned in its regions — the first time its primary and
 * failover regions are healthy. Like the demo accounts: {@code auto} (on with the embedded database only), {@code true} or {@code false}.
 */
@Component
@ConditionalOnDemoData("companyos.demo.tenant")
class DemoTenant implements SmartLifecycle {

    static final String SLUG = "acme-eu";
    private static final Logger log = LoggerFactory.getLogger(DemoTenant.class);
    private static final SystemActor ACTOR = new SystemActor("system:demo-seed", Set.of(Role.OPERATOR));
    private static final RegionId PRIMARY = RegionId.of("eu-west");
    private static final RegionId FAILOVER = RegionId.of("eu-central");

    private final TenantService tenants;
    private final RegionHealthMonitor monitor;
    private final TaskScheduler scheduler;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Runnable unsubscribe;

    DemoTenant(TenantService tenants, RegionHealthMonitor monitor, TaskScheduler scheduler) {
        this.tenants = tenants;
        this.monitor = monitor;
        this.scheduler = scheduler;
    }

    private void onStatus(RegionStatus ignored) {
        boolean ready = monitor.statuses().stream().filter(s -> s.region().equals(PRIMARY) || s.region().equals(FAILOVER))
                .filter(s -> s.state() == RegionState.HEALTHY).count() == 2;
        if (ready && done.compareAndSet(false, true)) {
            scheduler.schedule(this::seed, Instant.now());
        }
    }

    private void seed() {
        try {
            ACTOR.run(() -> {
                try {
                    tenants.get(SLUG);
                    return null;
                } catch (NotFoundException absent) {
                    var outcome = tenants.create(new TenantRequest("Acme Europe GmbH", SLUG,
                            List.of(new Contact("Dana Privacy", "dpo@acme-eu.example", "DPO")), "EU", false, PRIMARY.value(),
                            FAILOVER.value(), List.of("READ"), "pii", "7-years", false,
                            "Demo tenant of the embedded default (the demo customer account belongs to it)"));
                    log.info("Demo tenant {}: {}", SLUG, outcome.status());
                    return outcome;
                }
            });
        } catch (RuntimeException e) {
            log.warn("Demo tenant {} could not be created yet: {}; trying again when regions change", SLUG, e.getMessage());
            done.set(false);
        }
    }

    @Override
    public void start() {
        unsubscribe = monitor.subscribe(this::onStatus);
    }

    @Override
    public void stop() {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    @Override
    public boolean isRunning() {
        return unsubscribe != null;
    }
}
