package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.db.tables.records.DecisionLogRecord;
import com.companyos.agent.store.Sql;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.data.Receipt;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.base.Ids;
import com.companyos.base.Json;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyQuery;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

    // Every row of a batch (arrays unnested) in one statement, decisions and their receipts together, the same statement
    // for one row or two hundred.
    private static final String INSERT_DECISIONS_AND_RECEIPTS = "with decided as ("
            + "insert into decision_log (decision_id, decided_at, tenant_id, tenant_slug, seam, action, principal, resource, "
            + "context, allowed, determining_policies, rationale, channel, bundle_version, bundle_sha256, seq, prev_hash, hash) select * from unnest(?::uuid[], ?::timestamptz[], ?::uuid[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::bool[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[])) "
            + "insert into receipt (receipt_id, issued_at, tenant_id, tenant_slug, seam, operation, "
            + "allowed, decision_id, body, signature, key_id) select * from unnest(?::uuid[], ?::timestamptz[], ?::uuid[], ?::text[], "
            + "?::text[], ?::text[], ?::bool[], ?::uuid[], ?::text[], ?::text[], ?::text[])";

    /**
     * A decision and the receipt that records it, with what the decision log stores about it (its tenant, seam,
     * operation, channel and context as JSON); {@link #record} writes both rows.
     */
    public record Verdict(PolicyDecision decision, SignedReceipt receipt, TenantRef tenant, Seam seam, String operation,
                          PolicyChannel channel, String context, Instant issuedAt) {
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
     * Decides {@code seam} for {@code tenant}, records the decision and a signed receipt in the caller's transaction.
     *
     * @param operation      what was asked, for the receipt (e.g. {@code PUT record invoice-7})
     * @param context        the Cedar context for the seam's action
     * @param payloadSha256  SHA-256 of the payload concerned (may be null)
     * @param storageRegions where the data is (or would be) stored
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Verdict decide(Seam seam, TenantRef tenant, String operation, Map<String, Object> context, String payloadSha256,
                          List<String> storageRegions) {
        Verdict verdict = evaluate(seam, tenant, operation, context, payloadSha256, storageRegions);
        db.connection(c -> record(c, List.of(verdict)));
        return verdict;
    }

    /**
     * Decides and signs the receipt, without storing anything: the caller stores the verdict with {@link #record} in the
     * transaction of the operation it decided (the governed writer does so for a whole batch of writes at once).
     */
    public Verdict evaluate(Seam seam, TenantRef tenant, String operation, Map<String, Object> context, String payloadSha256,
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
        Instant now = clock.instant();
        String receiptId = Ids.timeOrdered(clock).toString();
        SignedReceipt receipt = signer.sign(new Receipt(receiptId, tenant.id() == null ? null : tenant.id().toString(), tenant.slug(),
                seam, operation, decision.allowed(), settings.region().value(), storageRegions, decision.decisionId().toString(),
                decision.determiningPolicies(), decision.bundleVersion(), decision.bundleSha256(), payloadSha256, now));
        return new Verdict(decision, receipt, tenant, seam, operation, channel, Json.write(context), now);
    }

    /**
     * Stores the verdicts' decisions (unsealed: the {@link DecisionSealer} chains them shortly) and receipts on
     * {@code c}, the caller's transaction: one statement for any number.
     */
    public static void record(Connection c, List<Verdict> verdicts) throws SQLException {
        Sql.Pipeline statements = new Sql.Pipeline();
        record(statements, verdicts, null);
        statements.run(c);
    }

    /**
     * Adds the statements storing the verdicts' decisions and receipts to {@code statements}. With a {@code head}, the
     * decisions are stored already sealed — the next links of the decision chain after {@code head}, which the caller
     * read under the sealing lock it holds to the end of its transaction ({@link DecisionSealer#lockHead}): what the
     * governed writer does for a batch, so the hottest path never needs a second write of each decision; the chain's new
     * head is returned. Without, they are stored unsealed (and null is returned).
     */
    public static DecisionSealer.Head record(Sql.Pipeline statements, List<Verdict> verdicts, DecisionSealer.Head head) {
        int n = verdicts.size();
        Sql.Columns d = new Sql.Columns(18, n);
        Sql.Columns r = new Sql.Columns(11, n);
        long seq = head == null ? 0 : head.seq();
        String prev = head == null ? null : head.hash();
        for (int i = 0; i < n; i++) {
            Verdict v = verdicts.get(i);
            PolicyDecision decision = v.decision();
            UUID tenantId = v.tenant().id();
            // Stored to the microsecond, as PostgreSQL keeps it: a sealed decision's hash is over the stored values.
            OffsetDateTime decidedAt = decision.decidedAt().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
            DecisionLogRecord row = new DecisionLogRecord(decision.decisionId(), decidedAt, tenantId, v.tenant().slug(), v.seam().name(),
                    v.seam().action(), decision.principal(), decision.resource(), v.context(), decision.allowed(),
                    String.join(",", decision.determiningPolicies()), decision.explanation(), v.channel().folder(),
                    decision.bundleVersion(), decision.bundleSha256(), null, null, null);
            Long sealedSeq = null;
            String sealedPrev = null;
            String hash = null;
            if (head != null) {
                sealedSeq = ++seq;
                sealedPrev = prev;
                hash = DecisionSealer.hash(prev, seq, row);
                prev = hash;
            }
            d.row(i, row.getDecisionId(), decidedAt, tenantId, row.getTenantSlug(), row.getSeam(), row.getAction(), row.getPrincipal(),
                    row.getResource(), row.getContext(), row.getAllowed(), row.getDeterminingPolicies(), row.getRationale(),
                    row.getChannel(), row.getBundleVersion(), row.getBundleSha256(), sealedSeq, sealedPrev, hash);
            r.row(i, v.receipt().receiptId(), v.issuedAt(), tenantId, v.tenant().slug(), v.seam().name(), v.operation(), decision.allowed(),
                    decision.decisionId(), v.receipt().body(), v.receipt().signature(), v.receipt().keyId());
        }
        statements.update(INSERT_DECISIONS_AND_RECEIPTS, d, r);
        return head == null ? null : new DecisionSealer.Head(seq, prev);
    }

}
