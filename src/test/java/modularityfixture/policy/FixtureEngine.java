package modularityfixture.policy;

import modularityfixture.approvals.FixtureApprovals;

/** A shared module that, wrongly, reaches a console module: the agent reaches it through here. */
public class FixtureEngine {
    public boolean decide() {
        return new FixtureApprovals().pending() == 0;
    }
}
