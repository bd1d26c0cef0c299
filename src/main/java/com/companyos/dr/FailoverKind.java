package com.companyos.dr;

/** Moving a tenant to its standby region (failover) or back to its primary (failback): the same path either way. */
public enum FailoverKind {
    FAILOVER, FAILBACK
}
