package com.companyos.policyadmin;

import com.companyos.policy.PolicyChannel;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A bundle as the registry lists it. */
public record BundleInfo(String sha256, PolicyChannel channel, String version, String status, Instant proposedAt,
                         String proposedBy, Instant publishedAt, UUID approvalRequestId, Map<String, String> fileDigests) {
}
