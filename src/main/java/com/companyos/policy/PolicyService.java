package com.companyos.policy;

import com.companyos.db.Tables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumMap;
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Map<PolicyChannel, PolicyEngine> engines = new EnumMap<>(PolicyChannel.class);
    private final DSLContext db;

    PolicyService(DSLContext db, Clock clock) {
        this.db = db;
        for (PolicyChannel channel : PolicyChannel.values()) {
            engines.put(channel, new PolicyEngine(PolicyBundle.fromClasspath(channel), clock));
        }
    }

    public PolicyBundle bundle(PolicyChannel channel) {
        return engines.get(channel).bundle();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public PolicyDecision decide(PolicyChannel channel, PolicyQuery query) {
        PolicyDecision d = engines.get(channel).decide(query);
        db.insertInto(Tables.POLICY_DECISION)
                .set(Tables.POLICY_DECISION.DECISION_ID, d.decisionId())
                .set(Tables.POLICY_DECISION.DECIDED_AT, d.decidedAt().atOffset(ZoneOffset.UTC))
                .set(Tables.POLICY_DECISION.CHANNEL, d.channel().folder())
                .set(Tables.POLICY_DECISION.BUNDLE_VERSION, d.bundleVersion())
                .set(Tables.POLICY_DECISION.BUNDLE_SHA256, d.bundleSha256())
                .set(Tables.POLICY_DECISION.PRINCIPAL, d.principal())
                .set(Tables.POLICY_DECISION.ACTION, d.action())
                .set(Tables.POLICY_DECISION.RESOURCE, d.resource())
                .set(Tables.POLICY_DECISION.CONTEXT, json(d.context()))
                .set(Tables.POLICY_DECISION.ALLOWED, d.allowed())
                .set(Tables.POLICY_DECISION.DETERMINING_POLICIES, String.join(",", d.determiningPolicies()))
                .set(Tables.POLICY_DECISION.RATIONALE, d.explanation())
                .execute();
        return d;
    }

    @Transactional(readOnly = true)
    public Optional<String> explanation(UUID decisionId) {
        return db.select(Tables.POLICY_DECISION.RATIONALE).from(Tables.POLICY_DECISION)
                .where(Tables.POLICY_DECISION.DECISION_ID.eq(decisionId)).fetchOptional(Tables.POLICY_DECISION.RATIONALE);
    }

    private static String json(Map<String, Object> context) {
        try {
            return JSON.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
