package com.companyos.agentapi;

import com.companyos.agentapi.control.RoleChange;

/** Paths of the agent's REST APIs: the control API (mutual TLS only) and the tenant data API. */
public final class AgentPaths {

    public static final String PREFIX = "/agent/v1";
    public static final String HEALTH = PREFIX + "/health";
    /** {@code /agent/v1/tenants/{tenantId}/namespace}: PUT creates (idempotent), GET describes, DELETE removes. */
    public static final String NAMESPACE = PREFIX + "/tenants/{tenantId}/namespace";
    /** {@code /agent/v1/tenants/{tenantId}/tokens/{tokenId}}: PUT grants, DELETE revokes a tenant API token. */
    public static final String TENANT_TOKEN = PREFIX + "/tenants/{tenantId}/tokens/{tokenId}";

    /** The tenant data API (its own port, server TLS, tenant API token as Bearer). */
    public static final String DATA_PREFIX = "/data/v1";
    public static final String TENANT_DATA = DATA_PREFIX + "/tenants/{slug}";
    public static final String RECORDS = TENANT_DATA + "/records";
    public static final String RECORD = RECORDS + "/{key}";
    public static final String EXPORTS = TENANT_DATA + "/exports";
    public static final String ANALYTICS = TENANT_DATA + "/analytics";
    public static final String EGRESS = TENANT_DATA + "/egress";
    public static final String TENANT_RECEIPT = TENANT_DATA + "/receipts/{receiptId}";

    /** {@code /agent/v1/directory}: PUT replaces the whole tenant directory (the control plane's periodic sync). */
    public static final String DIRECTORY_ALL = PREFIX + "/directory";
    /** {@code /agent/v1/directory/{tenantId}}: where a tenant lives (PUT, DELETE by the control plane). */
    public static final String DIRECTORY = DIRECTORY_ALL + "/{tenantId}";
    /** {@code /agent/v1/destinations}: the export and egress destinations this region knows, with their zones. */
    public static final String DESTINATIONS = PREFIX + "/destinations";
    public static final String DECISIONS = PREFIX + "/decisions";
    public static final String DECISION = DECISIONS + "/{decisionId}";
    public static final String DECISION_SUMMARY = DECISIONS + "/summary";
    /** {@code /agent/v1/decisions/verify?anchorSeq=&anchorHash=}: walks the decision chain, checked against an anchor. */
    public static final String DECISION_CHAIN = DECISIONS + "/verify";
    /** {@code /agent/v1/decisions/anchor}: POST an {@code AnchorRequest}; a signed anchor of the chain's head. */
    public static final String DECISION_CHAIN_ANCHOR = DECISIONS + "/anchor";
    /** {@code /agent/v1/decisions/rollup?afterSeq=N}: counts of the sealed decisions after N (the console's rollups). */
    public static final String DECISION_ROLLUP = DECISIONS + "/rollup";
    public static final String RECEIPT = PREFIX + "/receipts/{receiptId}";
    /** The region's receipt-signing certificate. */
    public static final String SIGNING_CERTIFICATE = PREFIX + "/signing-certificate";
    public static final String PROOF_BUNDLES = PREFIX + "/tenants/{tenantId}/proof-bundles";
    public static final String PROOF_BUNDLE = PROOF_BUNDLES + "/{jobId}";
    public static final String PROOF_BUNDLE_CONTENT = PROOF_BUNDLE + "/content";
    /** {@code /agent/v1/residency-facts?tenant=&from=&to=}: a tenant's receipt counts and Merkle roots in this region. */
    public static final String RESIDENCY_FACTS = PREFIX + "/residency-facts";

    /** {@code /agent/v1/replication/hello}: a peer region's identity and zone (region agents only). */
    public static final String REPLICATION_HELLO = PREFIX + "/replication/hello";
    /** {@code /agent/v1/replication/tenants/{tenantId}/batches}: POST a batch of changes to the standby (region agents only). */
    public static final String REPLICATION_BATCHES = PREFIX + "/replication/tenants/{tenantId}/batches";
    /** {@code /agent/v1/tenants/{tenantId}/replication}: GET the tenant's replication here, POST a {@link RoleChange}. */
    public static final String TENANT_REPLICATION = PREFIX + "/tenants/{tenantId}/replication";
    /** {@code /agent/v1/replication}: GET every tenant's replication in this region. */
    public static final String REPLICATION = PREFIX + "/replication";
    /** {@code /agent/v1/request-stats}: the governed data API's cumulative request counters (control plane only). */
    public static final String REQUEST_STATS = PREFIX + "/request-stats";
    /** {@code /agent/v1/faults}: GET the injected faults, PUT a {@code FaultConfig} (control plane only, when allowed). */
    public static final String FAULTS = PREFIX + "/faults";
    /**
     * {@code /agent/v1/traffic}: GET how this region's data port splits tenant requests between the stable and the
     * canary release, with what each served; PUT a {@code TrafficSplit} (control plane only).
     */
    public static final String TRAFFIC = PREFIX + "/traffic";
    /** {@code /agent/v1/openapi}: this agent's API description, OpenAPI 3 generated from its code (control plane only). */
    public static final String OPENAPI = PREFIX + "/openapi";
    /**
     * {@code /agent/v1/deterministic-export?tenant=&from=&to=}: the SHA-256 of the deterministic files of a proof bundle
     * and of the Trust Report facts for fixed inputs (control plane only, read-only; the release scorecard's gate).
     */
    public static final String DETERMINISTIC_EXPORT = PREFIX + "/deterministic-export";
    /** The response header naming the release that served a data request. */
    public static final String RELEASE_HEADER = "X-Release";
    /** {@code /agent/v1/metrics}: replication lag and epochs in the Prometheus text format. */
    public static final String METRICS = PREFIX + "/metrics";

    public static String replicationBatches(String tenantId) {
        return REPLICATION_BATCHES.replace("{tenantId}", tenantId);
    }

    public static String tenantReplication(String tenantId) {
        return TENANT_REPLICATION.replace("{tenantId}", tenantId);
    }

    public static String namespace(String tenantId) {
        return NAMESPACE.replace("{tenantId}", tenantId);
    }

    public static String directory(String tenantId) {
        return DIRECTORY.replace("{tenantId}", tenantId);
    }

    public static String proofBundles(String tenantId) {
        return PROOF_BUNDLES.replace("{tenantId}", tenantId);
    }

    public static String proofBundle(String tenantId, String jobId) {
        return PROOF_BUNDLE.replace("{tenantId}", tenantId).replace("{jobId}", jobId);
    }

    public static String proofBundleContent(String tenantId, String jobId) {
        return PROOF_BUNDLE_CONTENT.replace("{tenantId}", tenantId).replace("{jobId}", jobId);
    }

    public static String tenantToken(String tenantId, String tokenId) {
        return TENANT_TOKEN.replace("{tenantId}", tenantId).replace("{tokenId}", tokenId);
    }

    private AgentPaths() {
    }
}
