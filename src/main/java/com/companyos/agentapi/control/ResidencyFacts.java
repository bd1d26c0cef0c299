package com.companyos.agentapi.control;

import com.companyos.agentapi.data.Seam;

import java.time.Instant;
import java.util.List;

/**
 * What one region says about one tenant's receipts in a period [from, to) (whole UTC hours), computed in that region
 * from its hourly receipt rollups: counts and Merkle roots only, never a receipt or a payload. This is what the Trust
 * Report receives from each region (a leak class the proof bundles list).
 *
 * @param receipts       receipts the region issued for the tenant in the period
 * @param merkleRoot     RFC 6962 Merkle root over the period's {@link Hour#entry() hour entries} in hour order
 * @param hours          every hour of the period that has receipts, oldest first
 * @param bySeam         receipts per seam and outcome
 * @param bundles        receipts per policy bundle version they were decided with
 * @param bundleInForce  the bundle this region decides with now in the tenant's channel (null if none)
 * @param liveHours      hours not yet sealed into a rollup (recent ones), computed from the receipts at request time
 */
public record ResidencyFacts(String region, String tenant, Instant from, Instant to, Instant computedAt, long receipts,
                             long allowed, long denied, String merkleRoot, List<Hour> hours, List<SeamCount> bySeam,
                             List<BundleCount> bundles, BundleInForce bundleInForce, int liveHours) {

    /** One hour's rollup: its receipts' Merkle root (ordered by receipt ID) and counts. */
    public record Hour(Instant hour, long receipts, long allowed, long denied, String root, boolean sealed) {

        /** The entry the period root is built over: {@code <hour ISO-8601>:<receipts>:<root hex>}, as UTF-8. */
        public String entry() {
            return hour + ":" + receipts + ":" + root;
        }
    }

    /** Receipts of one seam ({@link Seam} name) and outcome. */
    public record SeamCount(String seam, boolean allowed, long receipts) {
    }

    /** Receipts decided with one policy bundle version. */
    public record BundleCount(String version, String sha256, long receipts) {
    }

    /** The verified bundle a region decides with in one channel, since when. */
    public record BundleInForce(String channel, String version, String sha256, Instant activatedAt) {
    }
}
