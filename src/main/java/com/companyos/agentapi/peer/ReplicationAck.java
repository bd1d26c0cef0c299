package com.companyos.agentapi.peer;

/**
 * Standby → active region: everything up to {@code appliedSeq} is committed here. On a refusal ({@code accepted}
 * false) {@code reason} says why: {@code STALE_EPOCH} (the standby knows a newer epoch: the sender is fenced),
 * {@code GAP} (resend from {@code appliedSeq + 1}), {@code NOT_STANDBY}, {@code UNKNOWN_TENANT} or {@code RESEED} (send a snapshot).
 */
public record ReplicationAck(String tenantId, String region, boolean accepted, long appliedSeq, long epoch, String reason) {

    public static final String STALE_EPOCH = "STALE_EPOCH";
    public static final String GAP = "GAP";
    public static final String NOT_STANDBY = "NOT_STANDBY";
    public static final String UNKNOWN_TENANT = "UNKNOWN_TENANT";
    /** The standby's records diverged (it was the active region before a failover): send a snapshot first. */
    public static final String RESEED = "RESEED";
}
