package com.companyos.agentapi.control;

/**
 * Control plane → agent: take a role for a tenant under an epoch. {@code ACTIVE} promotes this region (it serves the
 * tenant and ships to the other), {@code STANDBY} makes it receive, {@code FENCED} makes it refuse every write.
 * A role change under an epoch lower than the agent's is refused. {@code promotedAtSeq}, for an old active region
 * becoming the standby: the last change the promoted region had when it took over — anything this region committed
 * after it never reached the tenant's new active region and is quarantined here for reconciliation.
 */
public record RoleChange(String role, long epoch, String activeRegion, boolean failedOver, String failoverOperations,
                         long promotedAtSeq, String reason) {

    public static final String ACTIVE = "ACTIVE";
    public static final String STANDBY = "STANDBY";
    public static final String FENCED = "FENCED";
}
