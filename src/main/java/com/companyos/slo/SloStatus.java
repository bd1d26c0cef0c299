package com.companyos.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A target's SLOs as of now: the figures of the selected window (request rate, error rate, write latency
 * percentiles), the error budget left over the SLO period, the burn rates over the alert windows, and its open alerts.
 *
 * @param window       the selected window (scaled)
 * @param inWindow     the counts of that window
 * @param inPeriod     the counts of the SLO period (scaled), the error budget's base
 * @param burnRates    per alert window, shortest first
 * @param lastSampleAt the newest sample (null: never sampled)
 */
public record SloStatus(String targetKey, String name, String owner, SloDefinition slo, Duration window,
                        WindowCounts inWindow, WindowCounts inPeriod, List<BurnRate> burnRates, List<SloAlert> openAlerts,
                        Instant lastSampleAt) {

    /** The burn rates of both SLIs over one window. */
    public record BurnRate(String label, Duration window, double availability, double latency) {
    }

    /** Governed requests per second over the window. */
    public double requestRate() {
        return inWindow.requests() / Math.max(1e-3, window.toMillis() / 1000.0);
    }

    /**
     * The share of the period's error budget not yet spent (1 = untouched, 0 = spent, negative = overspent): 1 − bad
     * events / (events × (1 − target)). 1 without events.
     */
    public double budgetRemaining(Sli sli) {
        long events = inPeriod.events(sli);
        if (events == 0) {
            return 1;
        }
        double allowed = events * (1 - slo.target(sli));
        return 1 - inPeriod.badEvents(sli, slo) / allowed;
    }

    /** The SLI's value over the period (e.g. 0.9995 of requests without 5xx); NaN without events. */
    public double achieved(Sli sli) {
        long events = inPeriod.events(sli);
        return events == 0 ? Double.NaN : 1 - (double) inPeriod.badEvents(sli, slo) / events;
    }
}
