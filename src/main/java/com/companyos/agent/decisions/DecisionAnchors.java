package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.control.AnchorRequest;
import com.companyos.agentapi.control.ChainAnchoring;
import com.companyos.agentapi.control.SignedAnchor;
import com.companyos.pki.SigningKey;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static com.companyos.agent.db.Tables.DECISION_LOG;

/**
 * Signs checkpoints (anchors) of this region's decision chain head with the region's key, for the control plane to keep
 * in its own database — outside the chained table and outside this region, so that a chain cut short or rewritten here
 * is found against the last anchor. Before signing, the chain from the previous anchor to the head is checked (it must
 * still carry the previous anchor's hash, and link on from there): what was sealed since, not the whole chain.
 */
@Service
public class DecisionAnchors {

    private final DSLContext db;
    private final ReceiptSigner signer;
    private final AgentSettings settings;
    private final Clock clock;

    DecisionAnchors(DSLContext db, ReceiptSigner signer, AgentSettings settings, Clock clock) {
        this.db = db;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ChainAnchoring anchor(AnchorRequest request) {
        long after = request == null ? 0 : request.afterSeq();
        String afterHash = request == null ? null : request.afterHash();
        if (after < 0 || (after > 0 && (afterHash == null || !afterHash.matches("[0-9a-f]{64}")))) {
            throw new IllegalArgumentException("The previous anchor is a sequence number >= 1 and the 64 hex digits of its hash");
        }
        DecisionChainWalk walk = after == 0
                ? new DecisionChainWalk(1, DecisionSealer.GENESIS, 0, null).run(db)
                : new DecisionChainWalk(after, null, after, afterHash).run(db);
        if (!walk.intact()) {
            return new ChainAnchoring(null, walk.problem());
        }
        if (walk.headSeq() == 0) {
            return new ChainAnchoring(null, null); // nothing sealed yet: nothing to anchor
        }
        return new ChainAnchoring(sign(walk.headSeq(), walk.headHash()), null);
    }

    /**
     * A signed anchor of the sealed head as it is now, without walking the chain (for a proof bundle: it states the
     * head at build time, which an auditor can hold the region to later); null when nothing is sealed yet.
     */
    @Transactional(readOnly = true)
    public SignedAnchor head() {
        var head = db.select(DECISION_LOG.SEQ, DECISION_LOG.HASH).from(DECISION_LOG).where(DECISION_LOG.SEQ.isNotNull())
                .orderBy(DECISION_LOG.SEQ.desc()).limit(1).fetchOne();
        return head == null ? null : sign(head.value1(), head.value2());
    }

    private SignedAnchor sign(long seq, String headHash) {
        Map<String, Object> fields = Map.of("type", SignedAnchor.TYPE, "chain", SignedAnchor.decisionChain(settings.region().value()),
                "seq", seq, "headHash", headHash, "anchoredAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        SigningKey.SignedJson signed = signer.key().signJson(fields);
        return new SignedAnchor(signed.body(), signed.signature(), signed.keyId());
    }
}
