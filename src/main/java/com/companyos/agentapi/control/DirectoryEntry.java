package com.companyos.agentapi.control;

/**
 * Where a tenant lives, as every agent is told (no governed data): residency and regions, and the data URL of the
 * region that serves it now. Lets an agent name the right region for a tenant that is not resident there, and tells
 * the two regions that hold the tenant who is active, under which epoch (the fencing token), and where the other one's
 * control API is (replication peer).
 *
 * @param epoch          raised by the control plane on every failover and failback; a region acting under a lower
 *                       epoch is fenced
 * @param standbyRegion  the region that receives the active region's changes (the other of primary/failover)
 * @param standbyControlUrl that region's control API (mutual TLS) where batches are shipped
 * @param replicationMode {@code ASYNC} or {@code SYNC}
 * @param failedOver     whether the tenant runs on its failover region now
 * @param failoverOperations what the tenant's applications may do while failed over (e.g. {@code READ,WRITE})
 * @param tokenSha256s   the SHA-256 of each of the tenant's unrevoked API tokens, so every region can tell a caller who
 *                       holds one (and is told where the tenant lives) from one who does not (and is told nothing);
 *                       null from a console that predates them (the agent then keeps what it has)
 * @param partition      the tenant's slug when it is served by its Dedicated Compliance Partition ({@code activeDataUrl}
 *                       is then that partition's agent, and shared agents hold none of its data); null otherwise
 */
public record DirectoryEntry(String tenantId, String slug, String zone, boolean residencyLocked, String channel,
                             String primaryRegion, String failoverRegion, String activeRegion, String activeDataUrl,
                             long epoch, String standbyRegion, String standbyControlUrl, String replicationMode,
                             boolean failedOver, String failoverOperations, java.util.List<String> tokenSha256s,
                             String partition) {
}
