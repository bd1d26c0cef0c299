package com.companyos.approvals;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code companyos.approvals.*}
 *
 * @param expiry            how long a request stays open for votes
 * @param requiredApprovals approvals needed per request type (default {@code defaultRequiredApprovals})
 * @param executionLease    how long a claimed execution may run before another console may claim it again
 * @param maxAttempts       execution attempts before a request is marked FAILED
 * @param executorEnabled   whether this console executes approved requests (off: it only records votes)
 * @param pollInterval      how often the executor and the expiry sweep run
 */
@ConfigurationProperties("companyos.approvals")
public record ApprovalSettings(
        @DefaultValue("72h") Duration expiry,
        @DefaultValue("2") int defaultRequiredApprovals,
        Map<String, Integer> requiredApprovals,
        @DefaultValue("2m") Duration executionLease,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("true") boolean executorEnabled,
        @DefaultValue("2s") Duration pollInterval) {

    public ApprovalSettings {
        requiredApprovals = requiredApprovals == null ? Map.of() : Map.copyOf(requiredApprovals);
    }

    public int required(String type) {
        return requiredApprovals.getOrDefault(type, defaultRequiredApprovals);
    }
}
