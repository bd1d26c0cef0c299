package com.companyos.slo;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * One outbound notification of an alert ({@code trigger} or {@code resolve}) and how its delivery went: pending (with
 * the next attempt's time), delivered (the receiver answered 2xx), or failed (every attempt used, or no URL).
 */
public record AlertDelivery(UUID id, UUID alertId, String event, URI url, String state, int attempts, Integer lastStatus,
                            String lastError, Instant createdAt, Instant deliveredAt) {
}
