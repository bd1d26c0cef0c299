package com.companyos.residency;

import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.base.Roles;
import com.companyos.residency.internal.DecisionRollups;
import com.companyos.residency.internal.RollupPuller;
import com.companyos.residency.internal.TenantScopes;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Residency decision counts for dashboards, read from the console's rollups (hourly counts kept current by
 * {@link RollupPuller}), so a dashboard never scans a region's decision log or receipts. Staff see the platform.
 */
@Service
public class DecisionStatistics {

    private final DecisionRollups rollups;
    private final RollupPuller puller;
    private final Clock clock;
    private final TenantScopes scopes;

    DecisionStatistics(DecisionRollups rollups, RollupPuller puller, Clock clock, TenantScopes scopes) {
        this.rollups = rollups;
        this.puller = puller;
        this.clock = clock;
        this.scopes = scopes;
    }

    /** The last 30 days (and the 30 before, for the trend), platform-wide. */
    @PreAuthorize(Roles.ANY_STAFF)
    public DecisionTrends platform() {
        Instant now = clock.instant();
        Instant nextHour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant dayAgo = nextHour.minus(Duration.ofHours(24));
        Instant monthAgo = nextHour.minus(Duration.ofDays(30));
        DecisionRollups.Windows denied = rollups.deniedWindows(dayAgo, monthAgo, nextHour);
        Map<LocalDate, long[]> days = new TreeMap<>();
        LocalDate first = monthAgo.atOffset(ZoneOffset.UTC).toLocalDate();
        for (LocalDate d = first; !d.isAfter(now.atOffset(ZoneOffset.UTC).toLocalDate()); d = d.plusDays(1)) {
            days.put(d, new long[2]);
        }
        long denied30 = 0;
        long allowed30 = 0;
        Map<String, Long> bySeam = new TreeMap<>();
        Map<String, Long> byRegion = new TreeMap<>();
        for (DecisionRollups.Count c : rollups.daily(monthAgo, nextHour)) {
            long[] day = days.computeIfAbsent(c.at().atOffset(ZoneOffset.UTC).toLocalDate(), d -> new long[2]);
            day[c.allowed() ? 0 : 1] += c.decisions();
            byRegion.merge(c.region(), c.decisions(), Long::sum);
            if (c.allowed()) {
                allowed30 += c.decisions();
            } else {
                denied30 += c.decisions();
                bySeam.merge(c.seam(), c.decisions(), Long::sum);
            }
        }
        List<DecisionTrends.Day> perDay = new ArrayList<>();
        days.forEach((d, c) -> perDay.add(new DecisionTrends.Day(d, c[0], c[1])));
        Map<String, Instant> counted = new TreeMap<>(rollups.countedAt());
        puller.lastCounted().forEach((region, at) -> counted.merge(region, at, (a, b) -> a.isAfter(b) ? a : b));
        return new DecisionTrends(denied.last24h(), denied.previous24h(), denied30, denied.previous30d(), allowed30, perDay, bySeam, byRegion,
                counted);
    }

    /**
     * One tenant's counted decisions in [from, to) (whole hours) per region of processing: the same shape as the
     * regions' own summaries ({@link ResidencyService#overview}), read from the rollups. A customer sees only their own
     * tenant (any other is "not found").
     */
    @PreAuthorize("isAuthenticated()")
    public Map<String, List<DecisionBucket>> tenant(String slug, Instant from, Instant to) {
        TenantScopes.Scope scope = scopes.scope(slug);
        if (scope.slug() == null) {
            throw new IllegalArgumentException("Name a tenant");
        }
        Map<String, List<DecisionBucket>> byRegion = new TreeMap<>();
        rollups.tenantHourly(scope.slug(), scope.from(from, true), to).forEach(c -> byRegion.computeIfAbsent(c.region(), r -> new ArrayList<>())
                .add(new DecisionBucket(c.at(), c.seam(), c.allowed(), c.decisions())));
        return byRegion;
    }

    /**
     * Called (on a background thread) after newly sealed decisions were counted; the returned action unsubscribes.
     * Carries no figures, so it needs no authorization: whoever reacts reads them through the guarded methods.
     */
    public Runnable onCounted(Runnable changed) {
        return puller.subscribe(changed);
    }

    /** Counts every healthy region's new decisions now (instead of at the next tick). */
    @PreAuthorize(Roles.ANY_STAFF)
    public boolean countNow() {
        return puller.pull();
    }
}
