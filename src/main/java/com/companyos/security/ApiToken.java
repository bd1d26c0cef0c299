package com.companyos.security;

import java.time.Instant;
import java.util.UUID;

/** A personal API token as listed (never the token itself). */
public record ApiToken(UUID id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
