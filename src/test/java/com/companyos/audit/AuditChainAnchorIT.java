package com.companyos.audit;

import com.companyos.audit.internal.AuditRepository;
import com.companyos.base.Json;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.SigningKey;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import static com.companyos.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit chain against its signed anchors, on the real control-plane PostgreSQL: what a database superuser can do
 * without breaking a single link — remove the newest entries, or rewrite the whole chain and recompute every hash — is
 * found against the anchor kept outside the database. Each tampering happens in a transaction that the verification
 * joins and that is then rolled back, so the shared stack's chain stays intact for every other test.
 */
class AuditChainAnchorIT extends ConsoleIT {

    @Autowired
    EvidenceRecorder recorder;
    @Autowired
    AuditService audit;
    @Autowired
    AuditAnchors anchors;
    @Autowired
    AuditRepository repository;
    @Autowired
    ControlPlaneKeys keys;
    @Autowired
    AuditAnchorSettings settings;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate tx;

    @Test
    void anchors_are_signed_json_lines_in_a_file_outside_the_database_taken_only_when_the_head_moved() throws Exception {
        AuditEntry entry = recorder.record(AuditEvent.by("tester", "test.anchored", "thing:a"));
        AuditAnchors.Anchoring first = anchors.anchor();
        assertThat(first.problem()).isNull();
        assertThat(first.anchor().seq()).isGreaterThanOrEqualTo(entry.seq());
        AuditAnchors.Anchoring again = anchors.anchor();
        assertThat(again.taken()).as("a new anchor only when the head moved").isEqualTo(again.anchor().seq() != first.anchor().seq());

        ChainAnchor written = Files.readAllLines(settings.file()).stream().map(ChainAnchor::parse)
                .filter(a -> a.seq() == first.anchor().seq()).reduce((a, b) -> b).orElseThrow();
        assertThat(written).isEqualTo(first.anchor());
        assertThat(Json.mapper().readTree(written.body()).path("type").asText()).isEqualTo(ChainAnchor.TYPE);
        assertThat(SigningKey.verify(keys.receiptSigningKey().certificate().getPublicKey(), written.body().getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(written.signature()))).as("signed with the control plane's key").isTrue();
        assertThat(db.fetchValue(AUDIT_LOG.HASH, AUDIT_LOG.SEQ.eq(written.seq()))).isEqualTo(written.headHash());

        ChainVerification verified = As.officer("compliance1", audit::verify);
        assertThat(verified.intact()).as(verified.problem()).isTrue();
        assertThat(verified.anchor().seq()).isGreaterThanOrEqualTo(written.seq());
    }

    @Test
    void removing_the_newest_entries_is_found_against_the_anchor() {
        recorder.record(AuditEvent.by("tester", "test.before-truncation", "thing:t1"));
        recorder.record(AuditEvent.by("tester", "test.before-truncation", "thing:t2"));
        ChainAnchor anchor = anchorNow();
        ChainVerification result = tampered(() -> {
            db.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.ge(anchor.seq() - 1)).execute();
            // Without the anchor, what is left is a perfect chain.
            assertThat(walkWithoutAnchor().intact()).isTrue();
        });
        assertThat(result.intact()).isFalse();
        assertThat(result.anchor().seq()).as("checked against the latest anchor").isGreaterThanOrEqualTo(anchor.seq());
        assertThat(result.firstBrokenSeq()).isEqualTo(anchor.seq() - 1);
        assertThat(result.problem()).contains("the chain ends at entry #" + (anchor.seq() - 2))
                .contains("recorded entry #" + result.anchor().seq()).contains("truncated");
        assertIntactAfterwards();
    }

    @Test
    void a_chain_rewritten_consistently_with_every_hash_recomputed_is_found_against_the_anchor() {
        recorder.record(AuditEvent.by("tester", "test.before-rewrite", "thing:r1"));
        ChainAnchor anchor = anchorNow();
        ChainVerification result = tampered(() -> {
            // The forger changes what entry #2 says and recomputes every link after it, to the head.
            String prev = db.fetchValue(AUDIT_LOG.HASH, AUDIT_LOG.SEQ.eq(1L));
            for (var r : db.selectFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.ge(2L)).orderBy(AUDIT_LOG.SEQ).fetch()) {
                String reason = r.getSeq() == 2 ? "rewritten history" : r.getReason();
                String hash = AuditChain.hash(prev, r.getSeq(), r.getEntryId(), r.getOccurredAt().toInstant(), r.getActor(),
                        r.getAction(), r.getTarget(), reason, r.getDecisionId(), r.getDetails());
                db.update(AUDIT_LOG).set(AUDIT_LOG.REASON, reason).set(AUDIT_LOG.PREV_HASH, prev).set(AUDIT_LOG.HASH, hash)
                        .where(AUDIT_LOG.SEQ.eq(r.getSeq())).execute();
                prev = hash;
            }
            assertThat(walkWithoutAnchor().intact()).as("every link recomputes").isTrue();
        });
        assertThat(result.intact()).isFalse();
        assertThat(result.anchor().seq()).as("checked against the latest anchor").isGreaterThanOrEqualTo(anchor.seq());
        assertThat(result.firstBrokenSeq()).isEqualTo(result.anchor().seq());
        assertThat(result.problem()).contains("entry #" + result.anchor().seq()).contains("does not match its anchor").contains("rewritten");
        assertIntactAfterwards();
    }

    @Test
    void an_altered_anchor_file_is_reported_and_nothing_is_anchored_on_top_of_it() throws Exception {
        anchorNow();
        Path file = settings.file();
        long length = Files.size(file);
        ChainAnchor real = ChainAnchor.parse(Files.readAllLines(file).get(Files.readAllLines(file).size() - 1));
        String forgedBody = real.body().replace("\"seq\":" + real.seq(), "\"seq\":" + (real.seq() - 1));
        String forged = Json.write(java.util.Map.of("body", forgedBody, "signature", real.signature(), "keyId", real.keyId()));
        try {
            Files.writeString(file, forged + "\n", StandardOpenOption.APPEND);
            ChainVerification result = As.officer("compliance1", audit::verify);
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).contains("does not verify with the control plane's key").contains("anchor file was altered");
            AuditAnchors.Anchoring refused = anchors.anchor();
            assertThat(refused.taken()).isFalse();
            assertThat(refused.problem()).contains("anchor file was altered");
        } finally {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
        }
        assertIntactAfterwards();
    }

    @Test
    void a_long_chain_verifies_in_keyset_pages_of_bounded_size() {
        ChainVerification result = tampered(() -> {
            // 50,000 well-formed entries appended straight in SQL, in five statements.
            var head = repository.lockAndReadHead().orElseThrow();
            long seq = head.value1();
            String prev = head.value2();
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int chunk = 0; chunk < 5; chunk++) {
                int n = 10_000;
                Long[] seqs = new Long[n];
                UUID[] ids = new UUID[n];
                OffsetDateTime[] times = new OffsetDateTime[n];
                String[] targets = new String[n];
                String[] prevs = new String[n];
                String[] hashes = new String[n];
                for (int i = 0; i < n; i++) {
                    seq++;
                    seqs[i] = seq;
                    ids[i] = UUID.randomUUID();
                    times[i] = at.atOffset(ZoneOffset.UTC);
                    targets[i] = "bulk:" + seq;
                    prevs[i] = prev;
                    hashes[i] = AuditChain.hash(prev, seq, ids[i], at, "bulk-loader", "test.bulk", targets[i], null, null, null);
                    prev = hashes[i];
                }
                db.connection(c -> insertBulk(c, seqs, ids, times, targets, prevs, hashes));
            }
        });
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.entriesChecked()).isGreaterThanOrEqualTo(50_000);
        assertThat(result.largestPage()).as("no read returned more than one page").isLessThanOrEqualTo(AuditRepository.PAGE);
        assertThat(result.pagesRead()).isGreaterThanOrEqualTo(result.entriesChecked() / AuditRepository.PAGE);
        assertIntactAfterwards();
    }

    private static void insertBulk(Connection c, Long[] seqs, UUID[] ids, OffsetDateTime[] times, String[] targets, String[] prevs,
                                   String[] hashes) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into audit_log (seq, entry_id, occurred_at, actor, action, target, "
                + "prev_hash, hash) select s, i, t, 'bulk-loader', 'test.bulk', g, p, h "
                + "from unnest(?::bigint[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[]) as u(s, i, t, g, p, h)")) {
            s.setArray(1, c.createArrayOf("bigint", seqs));
            s.setArray(2, c.createArrayOf("uuid", ids));
            s.setArray(3, c.createArrayOf("timestamptz", times));
            s.setArray(4, c.createArrayOf("text", targets));
            s.setArray(5, c.createArrayOf("text", prevs));
            s.setArray(6, c.createArrayOf("text", hashes));
            s.executeUpdate();
        }
    }

    private ChainAnchor anchorNow() {
        AuditAnchors.Anchoring anchoring = As.officer("compliance1", audit::anchorNow);
        assertThat(anchoring.problem()).isNull();
        return anchoring.anchor();
    }

    /**
     * Runs {@code tampering} as a superuser would (triggers off), holding the append lock so no other entry commits
     * meanwhile, verifies inside the same transaction, and rolls everything back.
     */
    private ChainVerification tampered(Runnable tampering) {
        return tx.execute(status -> {
            repository.lockAndReadHead();
            db.execute("set local session_replication_role = replica");
            tampering.run();
            ChainVerification result = As.officer("compliance1", audit::verify);
            status.setRollbackOnly();
            return result;
        });
    }

    private ChainWalk walkWithoutAnchor() {
        ChainWalk walk = ChainWalk.fromGenesis(null);
        repository.walk(0, walk::test);
        walk.end();
        return walk;
    }

    private void assertIntactAfterwards() {
        ChainVerification after = As.officer("compliance1", audit::verify);
        assertThat(after.intact()).as(after.problem()).isTrue();
    }
}
