package modularityfixture.agent;

import modularityfixture.policy.FixtureEngine;

/** An agent class that depends on the engine module only, directly. */
public class FixtureAgentService {
    private final FixtureEngine engine = new FixtureEngine();

    public boolean allowed() {
        return engine.decide();
    }
}
