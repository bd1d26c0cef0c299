package com.companyos.security;

import java.time.Instant;
import java.util.UUID;

/** A newly issued personal API token; {@code token} is shown once and never stored. */
public record IssuedApiToken(UUID id, String name, String token, Instant expiresAt) {
}
