package com.companyos.audit;

import com.companyos.support.ConsoleIT;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.companyos.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log on the real control-plane PostgreSQL: append-only, chained, and tamper-evident. */
class AuditChainIT extends ConsoleIT {

    @Autowired
    EvidenceRecorder recorder;
    @Autowired
    AuditService audit;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void signInAsComplianceOfficer() {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("clara", null,
                AuthorityUtils.createAuthorityList("ROLE_COMPLIANCE_OFFICER")));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void entries_link_to_their_predecessor_and_the_chain_verifies() {
        AuditEntry first = recorder.record(AuditEvent.of("test.first", "thing:1").reason("because"));
        AuditEntry second = recorder.record(AuditEvent.of("test.second", "thing:1").detail("n", 2));
        assertThat(second.seq()).isEqualTo(first.seq() + 1);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(first.actor()).isEqualTo("clara");
        ChainVerification result = audit.verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.entriesChecked()).isGreaterThanOrEqualTo(second.seq());
    }

    @Test
    void the_database_refuses_update_delete_and_truncate_of_audit_entries() {
        AuditEntry entry = recorder.record(AuditEvent.of("test.immutable", "thing:2"));
        assertThatThrownBy(() -> db.update(AUDIT_LOG).set(AUDIT_LOG.ACTOR, "mallory").where(AUDIT_LOG.SEQ.eq(entry.seq())).execute())
                .rootCause().hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> db.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.eq(entry.seq())).execute())
                .rootCause().hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> db.truncate(AUDIT_LOG).execute())
                .rootCause().hasMessageContaining("audit_log is append-only");
        assertThat(db.fetchValue(AUDIT_LOG.ACTOR, AUDIT_LOG.SEQ.eq(entry.seq()))).isEqualTo("clara");
    }

    @Test
    void the_verifier_finds_the_first_edited_row_even_when_a_superuser_bypasses_the_trigger() {
        AuditEntry victim = recorder.record(AuditEvent.of("test.victim", "thing:3").reason("original reason"));
        recorder.record(AuditEvent.of("test.after-victim", "thing:3"));
        try {
            superuserEdit(victim.seq(), "forged reason");
            ChainVerification broken = audit.verify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.firstBrokenSeq()).isEqualTo(victim.seq());
            assertThat(broken.problem()).contains("entry #" + victim.seq()).contains("altered");
        } finally {
            superuserEdit(victim.seq(), "original reason");
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void concurrent_appends_keep_one_unbroken_chain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<AuditEntry>> futures = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int n = i;
            futures.add(pool.submit(() -> recorder.record(AuditEvent.by("worker", "test.concurrent", "thing:" + n))));
        }
        for (Future<AuditEntry> f : futures) {
            f.get();
        }
        pool.shutdown();
        ChainVerification result = audit.verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
    }

    @Test
    void a_state_change_that_rolls_back_takes_its_audit_entry_with_it() {
        long before = db.fetchCount(AUDIT_LOG);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            recorder.record(AuditEvent.of("test.rolled-back", "thing:4"));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("test.rolled-back"))).isZero();
        assertThat(db.fetchCount(AUDIT_LOG)).isEqualTo(before);
    }

    @Test
    void csv_export_contains_the_filtered_entries_with_their_hashes_and_is_itself_audited() throws Exception {
        AuditEntry marked = recorder.record(AuditEvent.of("test.exported", "thing:=1+1").reason("comma, \"quote\""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = audit.exportCsv(new AuditQuery(null, "test.exported", null, null, null), out);
        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(rows).isGreaterThanOrEqualTo(1);
        assertThat(csv).startsWith("seq,entry_id,occurred_at,actor,action,target,reason,decision_id,details,prev_hash,hash,classification,retention\r\n");
        assertThat(csv).contains(marked.hash()).contains("\"comma, \"\"quote\"\"\"").contains("thing:=1+1");
        assertThat(audit.search(new AuditQuery("clara", "audit.exported", null, null, null), 0, 10)).isNotEmpty();
    }

    private void superuserEdit(long seq, String reason) {
        // What only someone with database superuser rights could do: switch off triggers for the session.
        tx.executeWithoutResult(status -> {
            db.execute("set local session_replication_role = replica");
            db.update(AUDIT_LOG).set(AUDIT_LOG.REASON, reason).where(AUDIT_LOG.SEQ.eq(seq)).execute();
        });
    }
}
