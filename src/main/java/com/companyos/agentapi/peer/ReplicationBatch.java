package com.companyos.agentapi.peer;

import java.util.List;

/**
 * Active region → standby: the next changes of one tenant, in order, under the sender's epoch, with the replication
 * decision (and its receipt) the sender made for this batch. A re-seed is a series of {@code snapshot} batches holding
 * the active region's records as of {@code snapshotSeq} (the first replaces the standby's records, the last is marked
 * {@code snapshotComplete}); the stream then continues after {@code snapshotSeq}.
 */
public record ReplicationBatch(String tenantId, String sourceRegion, long epoch, List<ReplicationChange> changes,
                               String decisionId, String receiptId, boolean snapshot, boolean snapshotFirst,
                               boolean snapshotComplete, long snapshotSeq) {

    public static ReplicationBatch stream(String tenantId, String sourceRegion, long epoch, List<ReplicationChange> changes,
                                          String decisionId, String receiptId) {
        return new ReplicationBatch(tenantId, sourceRegion, epoch, changes, decisionId, receiptId, false, false, false, 0);
    }
}
