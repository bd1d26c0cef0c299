package com.companyos.tenants;

import java.util.UUID;

/** A newly issued tenant API token. {@code token} is shown once and never stored. */
public record IssuedToken(UUID tokenId, String name, String token, String prefix, String dataUrl) {
}
