package com.companyos.slo;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing with SLOs: an agent process whose governed data API the sampler measures.
 *
 * @param key   stable, unique: {@code region:<id>} for a region agent, {@code dcp:<slug>:<region>} for a DCP agent
 * @param name  what people read (e.g. "eu-west region agent")
 * @param owner who is paged (shown, and sent in the alert's payload), e.g. "platform-operations" or a tenant's team
 * @param agent how to reach its counters and fault controls
 */
public record SloTarget(String key, String name, String owner, TargetAgent agent) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(:[a-z0-9][a-z0-9-]*)+");

    public SloTarget {
        if (key == null || !KEY.matcher(key).matches() || key.length() > 200) {
            throw new IllegalArgumentException("'" + key + "' is not a target key (e.g. region:eu-west, dcp:acme:eu-west)");
        }
        Objects.requireNonNull(agent, "agent");
        name = name == null || name.isBlank() ? key : name;
        owner = owner == null || owner.isBlank() ? "platform-operations" : owner;
    }
}
