package com.companyos.releases;

import java.time.Instant;
import java.util.UUID;

/** One entry of a release's history: registered, canary started, step advanced, paused, aborted, promoted, rolled back. */
public record ReleaseEvent(UUID id, String version, String region, UUID rolloutId, String kind, String actor, String detail, Instant at) {
}
