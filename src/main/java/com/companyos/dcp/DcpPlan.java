package com.companyos.dcp;

import com.companyos.base.Hashing;
import com.companyos.pki.CanonicalJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly what a Dedicated Compliance Partition provisions; the approvals are bound to its {@link #sha256()}, so a
 * request whose plan changed (other regions, pool size, storage or key) needs new approvals.
 *
 * @param regions   the tenant's primary region, then its failover region (the standby pool)
 * @param poolSize  agent processes per region
 * @param storage   where the partition's records live: {@code embedded-postgres} (own cluster, own credentials) or
 *                  {@code external} (own database URL and credentials from configuration)
 * @param signingKey the key the partition signs with: {@code ed25519:spiffe://companyos/dcp/<slug>/signing}
 */
public record DcpPlan(String tenantId, String slug, String zone, List<String> regions, int poolSize, String storage,
                      String signingKey, String channel, String profile) {

    public static final String PROFILE = "enterprise: residency lock on; restricted treated like pii; no export, egress or "
            + "analytics result outside the zone; failover only inside the zone";

    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenantId", tenantId);
        m.put("slug", slug);
        m.put("zone", zone);
        m.put("regions", regions);
        m.put("poolSize", poolSize);
        m.put("storage", storage);
        m.put("signingKey", signingKey);
        m.put("channel", channel);
        m.put("profile", profile);
        return m;
    }

    /** The canonical JSON of the plan: what is hashed, approved and signed. */
    public String canonical() {
        return CanonicalJson.write(fields());
    }

    public String sha256() {
        return Hashing.sha256Hex(canonical());
    }

    public String primaryRegion() {
        return regions.get(0);
    }

    public String failoverRegion() {
        return regions.get(1);
    }
}
