package com.companyos.base;

/** What a tenant's applications may do while the tenant runs on its standby region after a failover. */
public enum FailoverOperation {
    READ, WRITE, EXPORT, ANALYTICS
}
