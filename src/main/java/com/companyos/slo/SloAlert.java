package com.companyos.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A burn-rate alert of one target, SLI and rule: fired while both windows burned at least the threshold, resolved
 * (by itself) when they no longer both do. Windows are as this installation runs them (scaled).
 */
public record SloAlert(UUID id, String targetKey, Sli sli, BurnRateRule rule, Duration longWindow, Duration shortWindow,
                       double longBurn, double shortBurn, Instant firedAt, Instant resolvedAt) {

    public boolean open() {
        return resolvedAt == null;
    }

    /** The alert's stable identity at the receiver (PagerDuty's {@code dedup_key}). */
    public String dedupKey() {
        return "companyos-slo/" + targetKey + "/" + sli.id() + "/" + rule.id() + "/" + id;
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s: %s error budget burning %.1fx over %s and %.1fx over %s (%s, threshold %sx)",
                targetKey, sli.id(), longBurn, human(longWindow), shortBurn, human(shortWindow), rule.id(),
                rule.threshold() % 1 == 0 ? Long.toString((long) rule.threshold()) : Double.toString(rule.threshold()));
    }

    static String human(Duration d) {
        if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
            return d.toMinutes() + " min";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
