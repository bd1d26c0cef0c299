package com.companyos.approvals;

import com.companyos.support.ConsoleIT;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database enforces two-person control too, whatever code (or person with SQL access) talks to it. */
class ApprovalDatabaseRulesIT extends ConsoleIT {

    @Autowired
    DSLContext db;

    @Test
    void the_database_refuses_self_votes_votes_on_decided_requests_illegal_transitions_and_deletes() {
        UUID id = UUID.randomUUID();
        db.execute("insert into approval_request (request_id, type, subject, payload, preview, reason, requested_by, requested_at, "
                + "expires_at, required_approvals) values (?, 'db.test', ?, '{}', 'p', 'why', 'alice', now(), now() + interval '1 hour', 2)",
                id, "db:" + id);
        assertThatThrownBy(() -> vote(id, "alice")).rootCause().hasMessageContaining("cannot vote on their own request");
        vote(id, "bob");
        assertThatThrownBy(() -> vote(id, "bob")).rootCause().hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> db.execute("update approval_request set status = 'EXECUTED' where request_id = ?", id))
                .rootCause().hasMessageContaining("cannot go from PENDING to EXECUTED");
        db.execute("update approval_request set status = 'APPROVED' where request_id = ?", id);
        assertThatThrownBy(() -> db.execute("update approval_request set status = 'DENIED' where request_id = ?", id))
                .rootCause().hasMessageContaining("cannot go from APPROVED to DENIED");
        assertThatThrownBy(() -> vote(id, "carol")).rootCause().hasMessageContaining("takes no more votes");
        assertThatThrownBy(() -> db.execute("update approval_request set payload = '{\"x\":1}' where request_id = ?", id))
                .rootCause().hasMessageContaining("cannot change after submission");
        assertThatThrownBy(() -> db.execute("delete from approval_vote where request_id = ?", id)).rootCause().hasMessageContaining("keeps its history");
        assertThatThrownBy(() -> db.execute("delete from approval_request where request_id = ?", id)).rootCause().hasMessageContaining("keeps its history");
        assertThat(db.fetchValue("select status from approval_request where request_id = ?", id)).isEqualTo("APPROVED");
    }

    @Test
    void a_reason_is_required_and_only_one_open_request_per_subject_exists() {
        assertThatThrownBy(() -> db.execute("insert into approval_request (request_id, type, subject, payload, preview, reason, "
                + "requested_by, requested_at, expires_at, required_approvals) values (?, 'db.test', 'db:x', '{}', 'p', '  ', 'a', now(), "
                + "now() + interval '1 hour', 2)", UUID.randomUUID())).rootCause().hasMessageContaining("approval_reason_given");
        String subject = "db:" + UUID.randomUUID();
        db.execute("insert into approval_request (request_id, type, subject, payload, preview, reason, requested_by, requested_at, "
                + "expires_at, required_approvals) values (?, 'db.test', ?, '{}', 'p', 'why', 'a', now(), now() + interval '1 hour', 2)",
                UUID.randomUUID(), subject);
        assertThatThrownBy(() -> db.execute("insert into approval_request (request_id, type, subject, payload, preview, reason, "
                + "requested_by, requested_at, expires_at, required_approvals) values (?, 'db.test', ?, '{}', 'p', 'why', 'b', now(), "
                + "now() + interval '1 hour', 2)", UUID.randomUUID(), subject)).rootCause().hasMessageContaining("approval_request_one_open");
    }

    private void vote(UUID id, String voter) {
        db.execute("insert into approval_vote (request_id, voter, decision, reason, voted_at) values (?, ?, 'APPROVE', 'ok', now())", id, voter);
    }
}
