package com.companyos.agent.decisions;

import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.pki.MerkleTree;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adds a period's hours up into {@link ResidencyFacts}: totals, counts by seam and bundle, and the period root. */
final class ResidencyFactsAssembly {

    private ResidencyFactsAssembly() {
    }

    /** {@code hours} and {@code counts} are keyed and sorted by hour. */
    static ResidencyFacts assemble(String region, String tenant, Instant from, Instant to, Instant computedAt,
                                   Map<Instant, ResidencyFacts.Hour> hours, Map<Instant, List<ReceiptCount>> counts,
                                   int liveHours, ResidencyFacts.BundleInForce inForce) {
        Map<String, Long> bySeam = new TreeMap<>();
        Map<String, Long> byBundle = new TreeMap<>();
        List<ResidencyFacts.Hour> list = new ArrayList<>(hours.size());
        List<byte[]> entries = new ArrayList<>(hours.size());
        long receipts = 0;
        long allowed = 0;
        for (ResidencyFacts.Hour h : hours.values()) {
            long hourAllowed = 0;
            for (ReceiptCount c : counts.getOrDefault(h.hour(), List.of())) {
                bySeam.merge(c.seam() + "\t" + c.allowed(), c.receipts(), Long::sum);
                byBundle.merge(c.bundleVersion() + "\t" + c.bundleSha256(), c.receipts(), Long::sum);
                hourAllowed += c.allowed() ? c.receipts() : 0;
            }
            ResidencyFacts.Hour hour = new ResidencyFacts.Hour(h.hour(), h.receipts(), hourAllowed, h.receipts() - hourAllowed, h.root(), h.sealed());
            list.add(hour);
            entries.add(MerkleTree.leaf(hour.entry()));
            receipts += h.receipts();
            allowed += hourAllowed;
        }
        List<ResidencyFacts.SeamCount> seams = bySeam.entrySet().stream().map(e -> {
            String[] k = e.getKey().split("\t");
            return new ResidencyFacts.SeamCount(k[0], Boolean.parseBoolean(k[1]), e.getValue());
        }).toList();
        List<ResidencyFacts.BundleCount> bundles = byBundle.entrySet().stream().map(e -> {
            String[] k = e.getKey().split("\t", -1);
            return new ResidencyFacts.BundleCount(k[0], k[1], e.getValue());
        }).toList();
        return new ResidencyFacts(region, tenant, from, to, computedAt, receipts, allowed, receipts - allowed, MerkleTree.root(entries),
                List.copyOf(list), seams, bundles, inForce, liveHours);
    }
}
