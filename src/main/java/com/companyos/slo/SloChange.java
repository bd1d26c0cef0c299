package com.companyos.slo;

import java.net.URI;

/**
 * An operator's change of a target's objectives (percentages as people type them: 99.9, 95).
 *
 * @param availabilityPercent governed requests without 5xx, e.g. 99.9
 * @param latencyThresholdMillis one of the histogram's bounds, e.g. 50
 * @param latencyPercent      governed writes within the threshold, e.g. 95 (p95)
 * @param periodDays          e.g. 30
 * @param webhookUrl          the owner's alert webhook (null: the default)
 */
public record SloChange(double availabilityPercent, long latencyThresholdMillis, double latencyPercent, int periodDays,
                        URI webhookUrl) {
}
