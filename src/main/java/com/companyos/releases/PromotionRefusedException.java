package com.companyos.releases;

import com.companyos.base.ConflictException;

import java.util.List;

/** A promotion to 100 % refused because the release's scorecard says no-go (HTTP 409); the message names the gates. */
public class PromotionRefusedException extends ConflictException {

    private final transient ReleaseScorecard scorecard;

    public PromotionRefusedException(ReleaseScorecard scorecard) {
        super("Promotion of " + scorecard.version() + " to 100 % in " + scorecard.region() + " refused: the scorecard says no-go — "
                + describe(scorecard.blocking()));
        this.scorecard = scorecard;
    }

    public ReleaseScorecard scorecard() {
        return scorecard;
    }

    static String describe(List<ScorecardGate> gates) {
        return String.join("; ", gates.stream().map(g -> g.name() + " " + g.status() + " (" + g.summary() + ")").toList());
    }
}
