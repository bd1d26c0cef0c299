package com.companyos.policy;

import java.util.Map;

/** A question for the policy engine: may {@code principal} do {@code action} to {@code resource} in this context? */
public record PolicyQuery(EntityRef principal, String action, EntityRef resource, Map<String, Object> context) {

    public PolicyQuery {
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
