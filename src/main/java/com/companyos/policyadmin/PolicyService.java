package com.companyos.policyadmin;

import com.companyos.base.Json;
import com.companyos.db.Tables;
import com.companyos.policy.BundleVersion;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyEngine;
import com.companyos.policy.PolicyQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The console's policy decisions: asks the channel's bundle and records every decision (allowed or denied) in
 * {@code policy_decision}, in a transaction of its own: a decision is evidence even when the request it decided is
 * refused and rolled back.
 */
@Service
public class PolicyService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PolicyService.class);
    /** How long a console keeps deciding with a bundle before checking which one is current (several consoles). */
    private static final java.time.Duration REFRESH = java.time.Duration.ofSeconds(5);

    private record Current(PolicyEngine engine, java.time.Instant checkedAt) {
    }

    private final Map<PolicyChannel, Current> engines = new java.util.concurrent.ConcurrentHashMap<>();
    private final DSLContext db;
    private final PolicyBundles bundles;
    private final Clock clock;

    PolicyService(DSLContext db, PolicyBundles bundles, Clock clock) {
        this.db = db;
        this.bundles = bundles;
        this.clock = clock;
    }

    /** The bundle the console decides with now in {@code channel} (the current one). */
    public PolicyBundle bundle(PolicyChannel channel) {
        return engine(channel).bundle();
    }

    private PolicyEngine engine(PolicyChannel channel) {
        java.time.Instant now = clock.instant();
        Current c = engines.get(channel);
        if (c == null || c.checkedAt().plus(REFRESH).isBefore(now)) {
            PolicyEngine engine;
            try {
                PolicyBundle current = bundles.verifiedCurrent(channel);
                if (c != null) {
                    // As the agents do: a validly signed older bundle put back in the registry does not roll decisions back.
                    PolicyBundle inForce = c.engine().bundle();
                    BundleVersion.refusalToReplace(inForce.version(), inForce.sha256(), current.version(), current.sha256())
                            .ifPresent(older -> {
                                throw new IllegalArgumentException(older);
                            });
                }
                engine = c != null && c.engine().bundle().sha256().equals(current.sha256()) ? c.engine() : new PolicyEngine(current, clock);
            } catch (IllegalArgumentException tampered) {
                if (c == null) {
                    throw new IllegalStateException("The current " + channel.folder() + " policy bundle fails verification ("
                            + tampered.getMessage() + "); the console decides nothing with it", tampered);
                }
                log.error("The current {} policy bundle fails verification ({}); still deciding with {} {}", channel.folder(),
                        tampered.getMessage(), c.engine().bundle().version(), c.engine().bundle().sha256());
                engine = c.engine();
            }
            c = new Current(engine, now);
            engines.put(channel, c);
        }
        return c.engine();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public PolicyDecision decide(PolicyChannel channel, PolicyQuery query) {
        PolicyDecision d = engine(channel).decide(query);
        db.insertInto(Tables.POLICY_DECISION)
                .set(Tables.POLICY_DECISION.DECISION_ID, d.decisionId())
                .set(Tables.POLICY_DECISION.DECIDED_AT, d.decidedAt().atOffset(ZoneOffset.UTC))
                .set(Tables.POLICY_DECISION.CHANNEL, d.channel().folder())
                .set(Tables.POLICY_DECISION.BUNDLE_VERSION, d.bundleVersion())
                .set(Tables.POLICY_DECISION.BUNDLE_SHA256, d.bundleSha256())
                .set(Tables.POLICY_DECISION.PRINCIPAL, d.principal())
                .set(Tables.POLICY_DECISION.ACTION, d.action())
                .set(Tables.POLICY_DECISION.RESOURCE, d.resource())
                .set(Tables.POLICY_DECISION.CONTEXT, Json.write(d.context()))
                .set(Tables.POLICY_DECISION.ALLOWED, d.allowed())
                .set(Tables.POLICY_DECISION.DETERMINING_POLICIES, String.join(",", d.determiningPolicies()))
                .set(Tables.POLICY_DECISION.RATIONALE, d.explanation())
                .execute();
        return d;
    }

    /** Recorded decisions by ID (those that exist), as they were made. */
    @Transactional(readOnly = true)
    public List<RecordedDecision> recorded(java.util.Collection<UUID> decisionIds) {
        if (decisionIds.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(Tables.POLICY_DECISION).where(Tables.POLICY_DECISION.DECISION_ID.in(decisionIds))
                .orderBy(Tables.POLICY_DECISION.DECIDED_AT.desc()).fetch(r -> new RecordedDecision(new PolicyDecision(r.getDecisionId(),
                        r.getDecidedAt().toInstant(), PolicyChannel.of(r.getChannel()), r.getBundleVersion(), r.getBundleSha256(),
                        r.getPrincipal(), r.getAction(), r.getResource(), context(r.getContext()), r.getAllowed(),
                        r.getDeterminingPolicies().isBlank() ? List.of() : List.of(r.getDeterminingPolicies().split(",")),
                        List.of()), r.getRationale()));
    }

    @Transactional(readOnly = true)
    public Optional<String> explanation(UUID decisionId) {
        return db.select(Tables.POLICY_DECISION.RATIONALE).from(Tables.POLICY_DECISION)
                .where(Tables.POLICY_DECISION.DECISION_ID.eq(decisionId)).fetchOptional(Tables.POLICY_DECISION.RATIONALE);
    }

    private static Map<String, Object> context(String json) {
        try {
            return Json.mapper().readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }

}
