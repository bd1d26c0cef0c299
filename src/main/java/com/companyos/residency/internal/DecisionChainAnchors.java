package com.companyos.residency.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.AnchorRequest;
import com.companyos.agentapi.control.ChainAnchoring;
import com.companyos.agentapi.control.SignedAnchor;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Json;
import com.companyos.base.PeriodicWork;
import com.companyos.base.RegionId;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.residency.DecisionChainAnchor;
import com.companyos.residency.DecisionChainAnchoring;
import com.fasterxml.jackson.databind.JsonNode;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static com.companyos.db.Tables.DECISION_CHAIN_ANCHOR;

/**
 * Collects each region's signed anchor of its decision chain head every {@code companyos.residency.anchor-interval}
 * (default 5 minutes) into the console's own database: outside the chained table and outside the region, so that a
 * region's chain cut short or rewritten is found against the latest anchor here. The region checks the chain since the
 * previous anchor before it signs; the console checks the signature with the region's certificate and that the anchor
 * is for that region's chain and not behind the previous one. Routine anchors are not audited (they are this table); a
 * refused one is, once per distinct problem, and logged as an error. Safe with several consoles (one row per anchor).
 */
@Component
public class DecisionChainAnchors extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(DecisionChainAnchors.class);

    private final DSLContext db;
    private final RegionRegistry regions;
    private final RegionAgents agents;
    private final ReceiptVerifier verifier;
    private final EvidenceRecorder recorder;
    private final Clock clock;
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();

    DecisionChainAnchors(DSLContext db, RegionRegistry regions, RegionAgents agents, ReceiptVerifier verifier,
                         EvidenceRecorder recorder, TaskScheduler scheduler, Clock clock,
                         @Value("${companyos.residency.anchor-interval:5m}") Duration interval) {
        super(scheduler, interval, interval);
        this.db = db;
        this.regions = regions;
        this.agents = agents;
        this.verifier = verifier;
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        for (Region region : regions.all()) {
            String name = region.id().value();
            try {
                DecisionChainAnchoring c = collect(name);
                if (c.problem() == null) {
                    lastProblem.remove(name);
                } else if (!c.problem().equals(lastProblem.put(name, c.problem()))) {
                    log.error("The decision chain of {} was not anchored: {}", name, c.problem());
                    recorder.record(AuditEvent.by("system", "residency.decision-chain-anchor-refused", "region:" + name)
                            .reason(c.problem()));
                }
            } catch (RuntimeException e) {
                log.debug("Decision chain of {} not anchored now: {}", name, e.getMessage());
            }
        }
    }

    /** The latest anchor kept for a region's decision chain. */
    public Optional<DecisionChainAnchor> latest(String region) {
        return db.selectFrom(DECISION_CHAIN_ANCHOR).where(DECISION_CHAIN_ANCHOR.REGION.eq(region))
                .orderBy(DECISION_CHAIN_ANCHOR.SEQ.desc()).limit(1).fetchOptional()
                .map(r -> new DecisionChainAnchor(r.getRegion(), r.getSeq(), r.getHeadHash(), r.getAnchoredAt().toInstant(),
                        r.getKeyId(), r.getCollectedAt().toInstant()));
    }

    /** Asks a region for an anchor of its head now and keeps it once its signature and content check out. */
    public synchronized DecisionChainAnchoring collect(String region) {
        Optional<DecisionChainAnchor> previous = latest(region);
        ChainAnchoring answer = agents.client(RegionId.of(region)).post(AgentPaths.DECISION_CHAIN_ANCHOR,
                new AnchorRequest(previous.map(DecisionChainAnchor::seq).orElse(0L), previous.map(DecisionChainAnchor::headHash).orElse(null)),
                ChainAnchoring.class);
        if (answer.problem() != null) {
            return new DecisionChainAnchoring(previous.orElse(null), false, region + " refused to anchor its decision chain: " + answer.problem());
        }
        SignedAnchor signed = answer.anchor();
        if (signed == null) {
            return new DecisionChainAnchoring(previous.orElse(null), false, null); // nothing sealed yet
        }
        ReceiptVerifier.Verification v = verifier.verify(region, new SignedReceipt("anchor", signed.body(), signed.signature(), signed.keyId()));
        if (!v.verified()) {
            return new DecisionChainAnchoring(previous.orElse(null), false, "the anchor " + region + " sent does not verify: " + v.detail());
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(signed.body());
        } catch (IOException e) {
            return new DecisionChainAnchoring(previous.orElse(null), false, "the anchor " + region + " sent is not JSON");
        }
        long seq = body.path("seq").asLong();
        if (!SignedAnchor.TYPE.equals(body.path("type").asText()) || !SignedAnchor.decisionChain(region).equals(body.path("chain").asText())
                || seq < 1 || !body.path("headHash").asText().matches("[0-9a-f]{64}")) {
            return new DecisionChainAnchoring(previous.orElse(null), false, "the anchor " + region + " sent is not an anchor of its decision chain");
        }
        if (previous.isPresent() && seq < previous.get().seq()) {
            return new DecisionChainAnchoring(previous.get(), false, "the anchor " + region + " sent names decision #" + seq
                    + ", behind the latest anchor's #" + previous.get().seq() + ": its chain went backwards");
        }
        if (previous.isPresent() && seq == previous.get().seq()) {
            return new DecisionChainAnchoring(previous.get(), false, null); // the head has not moved
        }
        Instant now = clock.instant();
        db.insertInto(DECISION_CHAIN_ANCHOR)
                .set(DECISION_CHAIN_ANCHOR.REGION, region)
                .set(DECISION_CHAIN_ANCHOR.SEQ, seq)
                .set(DECISION_CHAIN_ANCHOR.HEAD_HASH, body.path("headHash").asText())
                .set(DECISION_CHAIN_ANCHOR.ANCHORED_AT, Instant.parse(body.path("anchoredAt").asText()).atOffset(ZoneOffset.UTC))
                .set(DECISION_CHAIN_ANCHOR.BODY, signed.body())
                .set(DECISION_CHAIN_ANCHOR.SIGNATURE, signed.signature())
                .set(DECISION_CHAIN_ANCHOR.KEY_ID, signed.keyId())
                .set(DECISION_CHAIN_ANCHOR.COLLECTED_AT, now.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        return new DecisionChainAnchoring(latest(region).orElseThrow(), true, null);
    }
}
