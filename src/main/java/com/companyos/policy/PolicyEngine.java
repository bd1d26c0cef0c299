package com.companyos.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.companyos.base.Ids;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@link PolicyQuery}s with one bundle, using the Cedar engine. Deny by default: anything no policy permits
 * is denied, and a Cedar evaluation error is a denial too (never an allow). Requests are validated against the
 * bundle's schema, so a question the schema does not know is refused rather than guessed at.
 *
 * <p>Outcomes are cached per question (an engine serves one bundle, so the cache key is the bundle's hash plus the
 * question); every decision still gets its own ID and time and is recorded by the caller.
 */
public final class PolicyEngine {

    private static final BasicAuthorizationEngine CEDAR = new BasicAuthorizationEngine();
    private static final int CACHE_LIMIT = 50_000;
    /** Parsed entity types and actions (each parse is a JNI call); their names come from code, so these stay small. */
    private static final Map<String, EntityTypeName> TYPES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, EntityUID> ACTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a question evaluated to. */
    private record Outcome(boolean allowed, List<String> determining, List<String> rationale) {
    }

    private final PolicyBundle bundle;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<PolicyQuery, Outcome> cache = new java.util.concurrent.ConcurrentHashMap<>();

    public PolicyEngine(PolicyBundle bundle, Clock clock) {
        this.bundle = bundle;
        this.clock = clock;
    }

    public PolicyBundle bundle() {
        return bundle;
    }

    public PolicyDecision decide(PolicyQuery query) {
        Outcome outcome = cache.get(query);
        if (outcome == null) {
            outcome = evaluate(query);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(query, outcome);
        }
        return new PolicyDecision(Ids.timeOrdered(clock), clock.instant(), bundle.channel(), bundle.version(),
                bundle.sha256(), query.principal().uid(), query.action(), query.resource().uid(), query.context(),
                outcome.allowed(), outcome.determining(), outcome.rationale());
    }

    /** Evaluates without the cache (benchmarks measure both). */
    public PolicyDecision decideUncached(PolicyQuery query) {
        Outcome outcome = evaluate(query);
        return new PolicyDecision(Ids.timeOrdered(clock), clock.instant(), bundle.channel(), bundle.version(),
                bundle.sha256(), query.principal().uid(), query.action(), query.resource().uid(), query.context(),
                outcome.allowed(), outcome.determining(), outcome.rationale());
    }

    private Outcome evaluate(PolicyQuery query) {
        EntityUID principal = uid(query.principal());
        EntityUID resource = uid(query.resource());
        EntityUID action = parsed(ACTIONS, query.action(), a -> EntityUID.parse("CompanyOS::Action::\"" + a + "\"")
                .orElseThrow(() -> new IllegalArgumentException("Bad action name " + a)));
        Set<Entity> entities = Set.of(entity(query.principal(), principal), entity(query.resource(), resource));
        Map<String, Value> context = new HashMap<>();
        query.context().forEach((k, v) -> context.put(k, value(v)));

        boolean allowed = false;
        List<String> determining = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            AuthorizationResponse response = CEDAR.isAuthorized(
                    new AuthorizationRequest(principal, action, resource, Optional.of(context), Optional.of(bundle.schema()), true),
                    bundle.policySet(), entities);
            if (response.success.isPresent()) {
                AuthorizationSuccessResponse success = response.success.get();
                allowed = success.isAllowed();
                determining.addAll(success.getReason().stream().sorted().toList());
                success.getErrors().forEach(e -> errors.add(e.toString()));
            } else {
                response.errors.ifPresent(list -> list.forEach(e -> errors.add(e.toString())));
                if (errors.isEmpty()) {
                    errors.add("the request does not fit the bundle's schema");
                }
            }
        } catch (AuthException e) {
            errors.add(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        List<String> rationale = new ArrayList<>(determining.stream().map(bundle::rationale).toList());
        if (!errors.isEmpty()) {
            allowed = false;
            rationale.add("Policy evaluation failed, so the request is denied: " + String.join("; ", errors));
        }
        return new Outcome(allowed, List.copyOf(determining), List.copyOf(rationale));
    }

    private static EntityUID uid(EntityRef ref) {
        return parsed(TYPES, ref.type(), t -> EntityTypeName.parse("CompanyOS::" + t)
                .orElseThrow(() -> new IllegalArgumentException("Bad entity type " + t)))
                .of(ref.id());
    }

    private static <T> T parsed(Map<String, T> cache, String name, java.util.function.Function<String, T> parse) {
        T value = cache.get(name);
        if (value == null) {
            value = parse.apply(name);
            if (cache.size() < 1_000) {
                cache.put(name, value);
            }
        }
        return value;
    }

    private static Entity entity(EntityRef ref, EntityUID uid) {
        Map<String, Value> attrs = new HashMap<>();
        ref.attributes().forEach((k, v) -> attrs.put(k, value(v)));
        return new Entity(uid, attrs, Set.of());
    }

    private static Value value(Object v) {
        if (v instanceof String s) {
            return new PrimString(s);
        }
        if (v instanceof Boolean b) {
            return new PrimBool(b);
        }
        if (v instanceof Integer || v instanceof Long) {
            return new PrimLong(((Number) v).longValue());
        }
        if (v instanceof Enum<?> e) {
            return new PrimString(e.name());
        }
        if (v instanceof Collection<?> c) {
            return new CedarList(c.stream().map(PolicyEngine::value).toList());
        }
        throw new IllegalArgumentException("Cannot pass a " + (v == null ? "null" : v.getClass().getSimpleName()) + " to Cedar");
    }
}
