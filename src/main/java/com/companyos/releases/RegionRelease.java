package com.companyos.releases;

/** What a region runs: its stable release and the unfinished rollout, if any. */
public record RegionRelease(String region, String stableVersion, Rollout rollout) {
}
