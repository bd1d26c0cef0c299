package com.companyos.releases;

/** Where a canary rollout is. Running and paused are unfinished (one per region at most); the rest are final. */
public enum RolloutState {
    RUNNING("running"), PAUSED("paused"), PROMOTED("promoted"), ABORTED("aborted"), ROLLED_BACK("rolled-back");

    private final String value;

    RolloutState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public boolean finished() {
        return this != RUNNING && this != PAUSED;
    }

    public static RolloutState of(String value) {
        for (RolloutState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown rollout state " + value);
    }
}
