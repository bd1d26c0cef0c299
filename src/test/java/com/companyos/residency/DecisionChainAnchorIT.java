package com.companyos.residency;

import com.companyos.agent.db.tables.records.DecisionLogRecord;
import com.companyos.agent.decisions.DecisionSealer;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ChainCheck;
import com.companyos.regions.RegionAgents;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static com.companyos.agent.db.Tables.DECISION_LOG;
import static com.companyos.db.Tables.DECISION_CHAIN_ANCHOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A region's decision chain against the signed anchors the console keeps of it: a chain cut short or rewritten in the
 * region's own database — by someone with superuser rights there, who breaks no link — is found against the anchor.
 * The tampering happens in us-east's database under the region's sealing lock (so nothing is sealed meanwhile) and is
 * undone before the lock is released.
 */
class DecisionChainAnchorIT extends ConsoleIT {

    private static final String REGION = "us-east";

    @Autowired
    ResidencyService residency;
    @Autowired
    TenantService tenants;
    @Autowired
    DSLContext console;
    @Autowired
    RegionAgents agents;

    private static Tenant tenant;

    @BeforeEach
    void theRegionHasSealedDecisions() throws Exception {
        awaitAllRegionsHealthy();
        if (tenant != null) {
            return;
        }
        tenant = tenantWithEvidence(tenants, "anchor");
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), "anchor-misdirected")).token();
        DataApi misdirected = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(US_EAST), tenant.slug(), token);
        for (int i = 0; i < 3; i++) {
            assertThat(misdirected.put("wrong-region-" + i, "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"x\"}")
                    .statusCode()).isEqualTo(421);
        }
        awaitSealed();
    }

    @Test
    void the_console_keeps_the_regions_signed_anchor_and_verifies_the_chain_against_it() {
        DecisionChainAnchoring anchoring = As.officer("compliance1", () -> residency.anchorChain(REGION));
        assertThat(anchoring.problem()).isNull();
        DecisionChainAnchor anchor = anchoring.anchor();
        assertThat(anchor.seq()).isGreaterThanOrEqualTo(3);
        var row = console.selectFrom(DECISION_CHAIN_ANCHOR).where(DECISION_CHAIN_ANCHOR.REGION.eq(REGION)
                .and(DECISION_CHAIN_ANCHOR.SEQ.eq(anchor.seq()))).fetchOne();
        assertThat(row.getBody()).contains("\"chain\":\"region/us-east/decision-log\"").contains("\"headHash\":\"" + anchor.headHash() + "\"");

        ChainCheck check = As.officer("compliance1", () -> residency.verifyChain(REGION));
        assertThat(check.intact()).as(check.problem()).isTrue();
        assertThat(check.anchoredSeq()).isEqualTo(anchor.seq());
    }

    @Test
    void removing_the_newest_decisions_in_the_region_is_found_against_the_anchor() throws Exception {
        anchorNow();
        try (Connection c = agentDatabase(); Statement s = c.createStatement()) {
            s.execute("select pg_advisory_lock(" + DecisionSealer.SEAL_LOCK + ")");
            DecisionChainAnchor anchor = latestAnchor(); // nothing is sealed (or anchored on top) while the lock is held
            s.execute("set session_replication_role = replica");
            s.execute("create temp table saved as select * from decision_log where seq >= " + (anchor.seq() - 1));
            try {
                s.execute("delete from decision_log where seq >= " + (anchor.seq() - 1));
                assertThat(chainWithoutAnchor().intact()).as("without the anchor, what is left is a perfect chain").isTrue();
                ChainCheck check = As.officer("compliance1", () -> residency.verifyChain(REGION));
                assertThat(check.intact()).isFalse();
                assertThat(check.firstBrokenSeq()).isEqualTo(anchor.seq() - 1);
                assertThat(check.problem()).contains("the chain ends at decision #" + (anchor.seq() - 2))
                        .contains("anchor recorded decision #" + anchor.seq()).contains("truncated");
                // And no new anchor vouches for the cut chain.
                DecisionChainAnchoring refused = As.officer("compliance1", () -> residency.anchorChain(REGION));
                assertThat(refused.taken()).isFalse();
                assertThat(refused.problem()).contains("refused to anchor").contains("truncated");
            } finally {
                s.execute("insert into decision_log select * from saved");
                s.execute("drop table saved");
                s.execute("set session_replication_role = origin");
                s.execute("select pg_advisory_unlock(" + DecisionSealer.SEAL_LOCK + ")");
            }
        }
        assertIntact();
    }

    @Test
    void a_decision_chain_rewritten_consistently_in_the_region_is_found_against_the_anchor() throws Exception {
        anchorNow();
        try (Connection c = agentDatabase(); Statement s = c.createStatement()) {
            s.execute("select pg_advisory_lock(" + DecisionSealer.SEAL_LOCK + ")");
            DecisionChainAnchor anchor = latestAnchor();
            long from = anchor.seq() - 2;
            s.execute("set session_replication_role = replica");
            s.execute("create temp table saved as select decision_id, rationale, prev_hash, hash from decision_log where seq >= " + from);
            try {
                // The forger changes what one decision says and recomputes every link after it, to the head.
                DSLContext agent = DSL.using(c, SQLDialect.POSTGRES);
                String prev = from == 1 ? DecisionSealer.GENESIS : agent.fetchValue(DECISION_LOG.HASH, DECISION_LOG.SEQ.eq(from - 1));
                for (DecisionLogRecord r : agent.selectFrom(DECISION_LOG).where(DECISION_LOG.SEQ.ge(from)).orderBy(DECISION_LOG.SEQ).fetch()) {
                    if (r.getSeq() == from) {
                        r.setRationale("rewritten history");
                    }
                    String hash = DecisionSealer.hash(prev, r.getSeq(), r);
                    agent.update(DECISION_LOG).set(DECISION_LOG.RATIONALE, r.getRationale()).set(DECISION_LOG.PREV_HASH, prev)
                            .set(DECISION_LOG.HASH, hash).where(DECISION_LOG.DECISION_ID.eq(r.getDecisionId())).execute();
                    prev = hash;
                }
                assertThat(chainWithoutAnchor().intact()).as("every link recomputes").isTrue();
                ChainCheck check = As.officer("compliance1", () -> residency.verifyChain(REGION));
                assertThat(check.intact()).isFalse();
                assertThat(check.firstBrokenSeq()).isEqualTo(anchor.seq());
                assertThat(check.problem()).contains("decision #" + anchor.seq()).contains("does not match its anchor").contains("rewritten");
            } finally {
                s.execute("update decision_log d set rationale = v.rationale, prev_hash = v.prev_hash, hash = v.hash from saved v "
                        + "where d.decision_id = v.decision_id");
                s.execute("drop table saved");
                s.execute("set session_replication_role = origin");
                s.execute("select pg_advisory_unlock(" + DecisionSealer.SEAL_LOCK + ")");
            }
        }
        assertIntact();
    }

    private DecisionChainAnchor anchorNow() {
        DecisionChainAnchoring anchoring = As.officer("compliance1", () -> residency.anchorChain(REGION));
        assertThat(anchoring.problem()).isNull();
        assertThat(anchoring.anchor().seq()).isGreaterThanOrEqualTo(3);
        return anchoring.anchor();
    }

    private DecisionChainAnchor latestAnchor() {
        return As.officer("compliance1", () -> residency.latestAnchor(REGION)).orElseThrow();
    }

    /** What verification said before anchors: the region's walk of its chain alone. */
    private ChainCheck chainWithoutAnchor() {
        return agents.client(US_EAST).get(AgentPaths.DECISION_CHAIN, ChainCheck.class).orElseThrow();
    }

    private void assertIntact() {
        ChainCheck check = As.officer("compliance1", () -> residency.verifyChain(REGION));
        assertThat(check.intact()).as(check.problem()).isTrue();
    }

    private void awaitSealed() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (As.officer("compliance1", () -> residency.verifyChain(REGION)).unsealed() > 0 && Instant.now().isBefore(deadline)) {
            sleep(200);
        }
    }

    /** A connection to the region agent's own PostgreSQL, as its superuser (its port is line 4 of postmaster.pid). */
    private static Connection agentDatabase() throws Exception {
        Path pid = DATA_DIR.resolve("agents").resolve(REGION).resolve("postgres").resolve("postmaster.pid");
        int port = Integer.parseInt(Files.readAllLines(pid).get(3).trim());
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/companyos_agent", "postgres", "postgres");
    }
}
