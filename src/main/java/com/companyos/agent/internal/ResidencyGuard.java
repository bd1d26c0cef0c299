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

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/**
 * Every governed operation in this region goes through here: the policy decides (deny by default: no bundle in force
 * means no), the decision is appended to the decision log, and a receipt signed with the region's key is stored — all
 * in the caller's transaction, so an operation, its decision and its receipt commit together. Denials are recorded
 * the same way (the caller commits the evidence and answers 4xx).
 */
@Component
public class ResidencyGuard {

    private static final String INSERT_DECISION = "insert into decision_log (decision_id, decided_at, tenant_id, tenant_slug, seam, "
            + "action, principal, resource, context, allowed, determining_policies, rationale, channel, bundle_version, bundle_sha256) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RECEIPT = "insert into receipt (receipt_id, issued_at, tenant_id, tenant_slug, seam, operation, "
            + "allowed, decision_id, body, signature, key_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
        String decisionContext = json(context);
        Instant now = clock.instant();
        String receiptId = Ids.timeOrdered(clock).toString();
        SignedReceipt receipt = signer.sign(new Receipt(receiptId, tenant.id() == null ? null : tenant.id().toString(), tenant.slug(),
                seam, operation, decision.allowed(), settings.region().value(), storageRegions, decision.decisionId().toString(),
                decision.determiningPolicies(), decision.bundleVersion(), decision.bundleSha256(), payloadSha256, now));
        // The two rows every governed operation writes, as plain prepared statements on the transaction's connection
        // (the driver keeps them server-prepared): this is the hottest path of the agent.
        db.connection(c -> {
            try (PreparedStatement d = c.prepareStatement(INSERT_DECISION); PreparedStatement r = c.prepareStatement(INSERT_RECEIPT)) {
                d.setObject(1, decision.decisionId());
                d.setObject(2, decision.decidedAt().atOffset(ZoneOffset.UTC));
                d.setObject(3, tenant.id(), java.sql.Types.OTHER);
                d.setString(4, tenant.slug());
                d.setString(5, seam.name());
                d.setString(6, seam.action());
                d.setString(7, decision.principal());
                d.setString(8, decision.resource());
                d.setString(9, decisionContext);
                d.setBoolean(10, decision.allowed());
                d.setString(11, String.join(",", decision.determiningPolicies()));
                d.setString(12, decision.explanation());
                d.setString(13, channel.folder());
                d.setString(14, decision.bundleVersion());
                d.setString(15, decision.bundleSha256());
                d.executeUpdate();
                r.setObject(1, UUID.fromString(receiptId));
                r.setObject(2, now.atOffset(ZoneOffset.UTC));
                r.setObject(3, tenant.id(), java.sql.Types.OTHER);
                r.setString(4, tenant.slug());
                r.setString(5, seam.name());
                r.setString(6, operation);
                r.setBoolean(7, decision.allowed());
                r.setObject(8, decision.decisionId());
                r.setString(9, receipt.body());
                r.setString(10, receipt.signature());
                r.setString(11, receipt.keyId());
                r.executeUpdate();
            }
        });
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
