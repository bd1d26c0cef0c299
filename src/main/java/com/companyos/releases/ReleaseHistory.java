package com.companyos.releases;

import java.util.List;

/** A release's page: its manifest, its history of events, and every rollout with its verdicts (newest rollout first). */
public record ReleaseHistory(Release release, List<ReleaseEvent> events, List<RolloutHistory> rollouts) {

    public record RolloutHistory(Rollout rollout, List<RolloutVerdict> verdicts) {
    }
}
