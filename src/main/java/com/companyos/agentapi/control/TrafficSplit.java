package com.companyos.agentapi.control;

import java.util.Map;

/**
 * How a region's data port splits tenant requests between its stable release (served by the process that owns the
 * port) and a canary release (a second agent process of the same region, on the same regional database, reached at
 * {@code canaryDataUrl}). Set by the control plane; {@code revision} only grows, so a late, older PUT never undoes a
 * newer one (an abort is never overtaken by the step before it).
 *
 * @param revision            the control plane's revision of this split; a PUT with a lower one is refused (409)
 * @param stableRelease       the release the port's own process runs
 * @param canaryRelease       the canary's release, or null (no canary: every request is served here)
 * @param canaryDataUrl       the canary process's data API base URL (server TLS, the region's own identity)
 * @param canaryWeightPercent the share of tenant requests sent to the canary, 0..100 (fractions allowed)
 * @param pins                per tenant slug, {@code stable} or {@code canary}: that tenant's requests ignore the weight
 *                            (a Dedicated Compliance Partition's tenant never reaches a shared region's split at all)
 * @param forwardKey          a secret the canary checks before it trusts the forwarded client address (so refusals
 *                            are counted per client, not per router); never logged, never returned by GET
 */
public record TrafficSplit(long revision, String stableRelease, String canaryRelease, String canaryDataUrl,
                           double canaryWeightPercent, Map<String, String> pins, String forwardKey) {

    public static final String STABLE = "stable";
    public static final String CANARY = "canary";

    public TrafficSplit {
        pins = pins == null ? Map.of() : Map.copyOf(pins);
        if (canaryWeightPercent < 0 || canaryWeightPercent > 100 || Double.isNaN(canaryWeightPercent)) {
            throw new IllegalArgumentException("canaryWeightPercent must be between 0 and 100; got " + canaryWeightPercent);
        }
        checkPins(pins);
        if (canaryRelease == null && (canaryWeightPercent > 0 || pins.containsValue(CANARY))) {
            throw new IllegalArgumentException("A split that sends requests to a canary must name the canary release and its data URL");
        }
        if (canaryRelease != null && (canaryDataUrl == null || canaryDataUrl.isBlank())) {
            throw new IllegalArgumentException("A canary needs its data URL");
        }
    }

    /** Refuses a pin that names neither lane. */
    public static void checkPins(Map<String, String> pins) {
        for (Map.Entry<String, String> pin : pins.entrySet()) {
            if (!STABLE.equals(pin.getValue()) && !CANARY.equals(pin.getValue())) {
                throw new IllegalArgumentException("A pin is 'stable' or 'canary'; tenant " + pin.getKey() + " has '" + pin.getValue() + "'");
            }
        }
    }

    /** Everything served by the stable release. */
    public static TrafficSplit stableOnly(long revision, String stableRelease) {
        return new TrafficSplit(revision, stableRelease, null, null, 0, Map.of(), null);
    }

    /** This split without its secret, for answers and logs. */
    public TrafficSplit withoutKey() {
        return new TrafficSplit(revision, stableRelease, canaryRelease, canaryDataUrl, canaryWeightPercent, pins, null);
    }
}
