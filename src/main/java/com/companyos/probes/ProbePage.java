package com.companyos.probes;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of an incident to one channel ({@code webhook} or {@code email}) and how it went: pending, delivered,
 * failed (every attempt used, or the channel is not configured), or suppressed (inside a maintenance window: never
 * sent, kept so the silence is visible).
 */
public record ProbePage(UUID id, UUID incidentId, String event, String channel, String target, String state, int attempts,
                        Integer lastStatus, String lastError, Instant createdAt, Instant deliveredAt) {
}
