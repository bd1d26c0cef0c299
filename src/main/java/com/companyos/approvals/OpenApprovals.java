package com.companyos.approvals;

import java.time.Instant;
import java.util.Map;

/** Requests waiting for votes now: how many, how many of each kind (by title), and when the oldest was made. */
public record OpenApprovals(int total, Map<String, Integer> byType, Instant oldestRequestedAt) {
}
