package com.companyos.slo;

import java.time.Duration;

/**
 * The multiwindow, multi-burn-rate alert rules of the SRE workbook (chapter 5, "Alerting on SLOs"), for a 30-day SLO:
 * an alert fires only while both the long and the short window burn the error budget at least {@code threshold}
 * times as fast as the SLO allows; the short window makes it resolve soon after the burning stops. Windows are nominal;
 * {@code companyos.slo.window-scale} shrinks them (tests run "1 h" in seconds).
 */
public enum BurnRateRule {
    /** 2 % of a 30-day budget in an hour. */
    FAST_PAGE("fast-page", Severity.PAGE, 14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
    /** 5 % of the budget in six hours. */
    SLOW_PAGE("slow-page", Severity.PAGE, 6, Duration.ofHours(6), Duration.ofMinutes(30)),
    /** 10 % of the budget in three days. */
    TICKET("ticket", Severity.TICKET, 1, Duration.ofDays(3), Duration.ofHours(6));

    /** Who is woken: a page goes to the on-call person now, a ticket to the owner's queue. */
    public enum Severity {
        PAGE("page"), TICKET("ticket");

        private final String id;

        Severity(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final String id;
    private final Severity severity;
    private final double threshold;
    private final Duration longWindow;
    private final Duration shortWindow;

    BurnRateRule(String id, Severity severity, double threshold, Duration longWindow, Duration shortWindow) {
        this.id = id;
        this.severity = severity;
        this.threshold = threshold;
        this.longWindow = longWindow;
        this.shortWindow = shortWindow;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public double threshold() {
        return threshold;
    }

    public Duration longWindow() {
        return longWindow;
    }

    public Duration shortWindow() {
        return shortWindow;
    }

    /** Fires when both windows burn at least the threshold. */
    public boolean fires(double longBurn, double shortBurn) {
        return longBurn >= threshold && shortBurn >= threshold;
    }

    public static BurnRateRule of(String id) {
        for (BurnRateRule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown burn-rate rule '" + id + "'");
    }
}
