package com.companyos.trustreports.internal;

import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.agentapi.data.Seam;
import com.companyos.pki.MerkleTree;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.companyos.trustreports.internal.OrderedMaps.ordered;

/** The residency section of a Trust Report's facts, added up from what each region answered. */
final class TrustResidency {

    /** How the roots are built, printed in the report's verification section and in ADR 0009. */
    static final String CONSTRUCTION = "How the Merkle roots are built (RFC 6962 Merkle Tree Hash with SHA-256; leaf(x) = SHA-256(0x00 || x), "
            + "node = SHA-256(0x01 || left || right)): each region seals every finished UTC hour of a tenant into an hour root over "
            + "leaf(receipt JSON exactly as signed) of that hour's receipts in receipt-ID order. A region's period root is the tree over "
            + "leaf(\"<hour>:<receipts>:<hour root>\") of the period's hours with receipts, oldest first (hours still running are computed "
            + "from the receipts when the report is generated). The combined root is the tree over leaf(\"<region>:<receipts>:<region root>\") "
            + "of the regions with receipts, by region name. trust-report.json lists every hour with its count and root, so each step can be "
            + "recomputed; verify-merkle.py does it, also from the receipts of a residency proof bundle.";

    private TrustResidency() {
    }

    static Map<String, Object> facts(List<ResidencyFacts> answered, List<Map<String, Object>> unavailable, Instant from, Instant to) {
        List<ResidencyFacts> regions = answered.stream().sorted(Comparator.comparing(ResidencyFacts::region)).toList();
        long receipts = 0;
        long allowed = 0;
        List<byte[]> entries = new ArrayList<>();
        List<Map<String, Object>> regionList = new ArrayList<>();
        Map<String, long[]> bySeam = new TreeMap<>();
        Map<LocalDate, long[]> daily = new TreeMap<>();
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to); d = d.plusDays(1)) {
            daily.put(d, new long[2]);
        }
        for (ResidencyFacts r : regions) {
            receipts += r.receipts();
            allowed += r.allowed();
            if (r.receipts() > 0) {
                entries.add(MerkleTree.leaf(r.region() + ":" + r.receipts() + ":" + r.merkleRoot()));
            }
            List<Map<String, Object>> hours = new ArrayList<>(r.hours().size());
            for (ResidencyFacts.Hour h : r.hours()) {
                hours.add(ordered("hour", h.hour().toString(), "receipts", h.receipts(), "allowed", h.allowed(), "denied", h.denied(),
                        "root", h.root(), "sealed", h.sealed()));
                long[] day = daily.get(LocalDate.ofInstant(h.hour(), ZoneOffset.UTC));
                if (day != null) {
                    day[0] += h.allowed();
                    day[1] += h.denied();
                }
            }
            r.bySeam().forEach(s -> bySeam.computeIfAbsent(s.seam(), k -> new long[2])[s.allowed() ? 0 : 1] += s.receipts());
            regionList.add(ordered("region", r.region(), "receipts", r.receipts(), "allowed", r.allowed(), "denied", r.denied(),
                    "merkleRoot", r.merkleRoot(), "computedAt", r.computedAt().toString(), "liveHours", r.liveHours(), "hours", hours));
        }
        List<Map<String, Object>> seams = new ArrayList<>();
        for (Seam seam : Seam.values()) {
            long[] c = bySeam.remove(seam.name());
            if (c != null) {
                seams.add(ordered("seam", seam.name(), "label", seam.label(), "allowed", c[0], "denied", c[1]));
            }
        }
        bySeam.forEach((seam, c) -> seams.add(ordered("seam", seam, "label", seam, "allowed", c[0], "denied", c[1])));
        List<Map<String, Object>> days = new ArrayList<>();
        daily.forEach((day, c) -> days.add(ordered("day", day.toString(), "allowed", c[0], "denied", c[1])));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("receipts", receipts);
        facts.put("allowed", allowed);
        facts.put("denied", receipts - allowed);
        facts.put("merkleRoot", MerkleTree.root(entries));
        facts.put("someUnavailable", !unavailable.isEmpty());
        facts.put("unavailable", unavailable);
        facts.put("bySeam", seams);
        facts.put("daily", days);
        facts.put("regions", regionList);
        return facts;
    }
}
