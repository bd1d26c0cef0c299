package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.Receipt;
import com.companyos.agentapi.Seam;
import com.companyos.agentapi.SignedReceipt;
import com.companyos.base.Ids;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.companyos.agent.db.Tables.DECISION_LOG;
import static com.companyos.agent.db.Tables.RECEIPT;

/**
 * Every governed operation in this region goes through here: the policy decides (deny by default: no bundle in force
 * means no), the decision is appended to the decision log, and a receipt signed with the region's key is stored — all
 * in the caller's transaction, so an operation, its decision and its receipt commit together. Denials are recorded
 * the same way (the caller commits the evidence and answers 4xx).
 */
@Component
public class ResidencyGuard {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** A decision and the receipt that records it. */
    public record Verdict(PolicyDecision decision, SignedReceipt receipt) {
        public boolean allowed() {
            return decision.allowed();
        }

        public UUID decisionId() {
            return decision.decisionId();
        }
    }

    private final DSLContext db;
    private final PolicyHolder policies;
    private final ReceiptSigner signer;
    private final AgentSettings settings;
    private final Clock clock;

    ResidencyGuard(DSLContext db, PolicyHolder policies, ReceiptSigner signer, AgentSettings settings, Clock clock) {
        this.db = db;
        this.policies = policies;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Decides {@code seam} for {@code tenant}, records the decision and a signed receipt.
     *
     * @param operation      what was asked, for the receipt (e.g. {@code PUT record invoice-7})
     * @param context        the Cedar context for the seam's action
     * @param payloadSha256  SHA-256 of the payload concerned (may be null)
     * @param storageRegions where the data is (or would be) stored
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Verdict decide(Seam seam, TenantRef tenant, String operation, Map<String, Object> context, String payloadSha256,
                          List<String> storageRegions) {
        PolicyQuery query = new PolicyQuery(
                new EntityRef("Agent", settings.region().value(), Map.of("region", settings.region().value(), "zone", settings.zone().name())),
                seam.action(),
                new EntityRef("Tenant", tenant.slug(), Map.of("zone", tenant.zone(), "residencyLocked", tenant.residencyLocked())),
                context);
        PolicyChannel channel = PolicyChannel.of(tenant.channel());
        PolicyDecision decision = policies.active(channel).map(a -> a.engine().decide(query)).orElseGet(() ->
                new PolicyDecision(Ids.timeOrdered(clock), clock.instant(), channel, "none", "0".repeat(64), query.principal().uid(),
                        query.action(), query.resource().uid(), context, false, List.of(),
                        List.of("No policy bundle is in force in " + settings.region() + " yet; deny by default.")));
        db.insertInto(DECISION_LOG)
                .set(DECISION_LOG.DECISION_ID, decision.decisionId())
                .set(DECISION_LOG.DECIDED_AT, decision.decidedAt().atOffset(ZoneOffset.UTC))
                .set(DECISION_LOG.TENANT_ID, tenant.id())
                .set(DECISION_LOG.TENANT_SLUG, tenant.slug())
                .set(DECISION_LOG.SEAM, seam.name())
                .set(DECISION_LOG.ACTION, seam.action())
                .set(DECISION_LOG.PRINCIPAL, decision.principal())
                .set(DECISION_LOG.RESOURCE, decision.resource())
                .set(DECISION_LOG.CONTEXT, json(context))
                .set(DECISION_LOG.ALLOWED, decision.allowed())
                .set(DECISION_LOG.DETERMINING_POLICIES, String.join(",", decision.determiningPolicies()))
                .set(DECISION_LOG.RATIONALE, decision.explanation())
                .set(DECISION_LOG.CHANNEL, channel.folder())
                .set(DECISION_LOG.BUNDLE_VERSION, decision.bundleVersion())
                .set(DECISION_LOG.BUNDLE_SHA256, decision.bundleSha256())
                .execute();
        Instant now = clock.instant();
        String receiptId = Ids.timeOrdered(clock).toString();
        SignedReceipt receipt = signer.sign(new Receipt(receiptId, tenant.id() == null ? null : tenant.id().toString(), tenant.slug(),
                seam, operation, decision.allowed(), settings.region().value(), storageRegions, decision.decisionId().toString(),
                decision.determiningPolicies(), decision.bundleVersion(), decision.bundleSha256(), payloadSha256, now));
        db.insertInto(RECEIPT)
                .set(RECEIPT.RECEIPT_ID, UUID.fromString(receiptId))
                .set(RECEIPT.ISSUED_AT, now.atOffset(ZoneOffset.UTC))
                .set(RECEIPT.TENANT_ID, tenant.id())
                .set(RECEIPT.TENANT_SLUG, tenant.slug())
                .set(RECEIPT.SEAM, seam.name())
                .set(RECEIPT.OPERATION, operation)
                .set(RECEIPT.ALLOWED, decision.allowed())
                .set(RECEIPT.DECISION_ID, decision.decisionId())
                .set(RECEIPT.BODY, receipt.body())
                .set(RECEIPT.SIGNATURE, receipt.signature())
                .set(RECEIPT.KEY_ID, receipt.keyId())
                .execute();
        return new Verdict(decision, receipt);
    }

    private static String json(Map<String, Object> context) {
        try {
            return JSON.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
