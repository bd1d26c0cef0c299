package com.companyos.approvals.internal;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.approvals.ApprovalVote;
import com.companyos.db.tables.records.ApprovalRequestRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.companyos.db.Tables.APPROVAL_REQUEST;
import static com.companyos.db.Tables.APPROVAL_VOTE;
import static org.jooq.impl.DSL.noCondition;

/** jOOQ access to {@code approval_request} and {@code approval_vote}. Callers own the transactions. */
@Repository
public class ApprovalRepository {

    private final DSLContext db;

    public ApprovalRepository(DSLContext db) {
        this.db = db;
    }

    public void insert(UUID id, String type, String subject, String payload, String preview, String reason,
                       String requestedBy, Instant now, Instant expiresAt, int required) {
        db.insertInto(APPROVAL_REQUEST)
                .set(APPROVAL_REQUEST.REQUEST_ID, id)
                .set(APPROVAL_REQUEST.TYPE, type)
                .set(APPROVAL_REQUEST.SUBJECT, subject)
                .set(APPROVAL_REQUEST.PAYLOAD, payload)
                .set(APPROVAL_REQUEST.PREVIEW, preview)
                .set(APPROVAL_REQUEST.REASON, reason)
                .set(APPROVAL_REQUEST.REQUESTED_BY, requestedBy)
                .set(APPROVAL_REQUEST.REQUESTED_AT, at(now))
                .set(APPROVAL_REQUEST.EXPIRES_AT, at(expiresAt))
                .set(APPROVAL_REQUEST.REQUIRED_APPROVALS, required)
                .execute();
    }

    public Optional<ApprovalRequest> find(UUID id) {
        return db.selectFrom(APPROVAL_REQUEST).where(APPROVAL_REQUEST.REQUEST_ID.eq(id)).fetchOptional()
                .map(r -> toRequest(r, votes(List.of(id)).getOrDefault(id, List.of())));
    }

    /** Reads the request and locks its row until the end of the transaction (votes on one request serialise). */
    public Optional<ApprovalRequest> lock(UUID id) {
        return db.selectFrom(APPROVAL_REQUEST).where(APPROVAL_REQUEST.REQUEST_ID.eq(id)).forUpdate().fetchOptional()
                .map(r -> toRequest(r, votes(List.of(id)).getOrDefault(id, List.of())));
    }

    public Optional<ApprovalRequest> findOpen(String type, String subject) {
        return db.selectFrom(APPROVAL_REQUEST)
                .where(APPROVAL_REQUEST.TYPE.eq(type).and(APPROVAL_REQUEST.SUBJECT.eq(subject))
                        .and(APPROVAL_REQUEST.STATUS.in("PENDING", "APPROVED", "EXECUTING")))
                .fetchOptional().flatMap(r -> find(r.getRequestId()));
    }

    public void insertVote(UUID id, String voter, boolean approve, String reason, Instant now) {
        db.insertInto(APPROVAL_VOTE)
                .set(APPROVAL_VOTE.REQUEST_ID, id)
                .set(APPROVAL_VOTE.VOTER, voter)
                .set(APPROVAL_VOTE.DECISION, approve ? "APPROVE" : "DENY")
                .set(APPROVAL_VOTE.REASON, reason)
                .set(APPROVAL_VOTE.VOTED_AT, at(now))
                .execute();
    }

    public void decide(UUID id, ApprovalStatus status, Instant now) {
        db.update(APPROVAL_REQUEST).set(APPROVAL_REQUEST.STATUS, status.name()).set(APPROVAL_REQUEST.DECIDED_AT, at(now))
                .where(APPROVAL_REQUEST.REQUEST_ID.eq(id)).execute();
    }

    /** Expires every pending request past its expiry; returns their ids. */
    public List<UUID> expireDue(Instant now) {
        return db.update(APPROVAL_REQUEST)
                .set(APPROVAL_REQUEST.STATUS, "EXPIRED").set(APPROVAL_REQUEST.DECIDED_AT, at(now))
                .where(APPROVAL_REQUEST.STATUS.eq("PENDING").and(APPROVAL_REQUEST.EXPIRES_AT.le(at(now))))
                .returning(APPROVAL_REQUEST.REQUEST_ID).fetch(APPROVAL_REQUEST.REQUEST_ID);
    }

    /**
     * Claims the next request ready to execute: approved (and past any retry back-off), or executing whose lease ran
     * out (its console died). Skips rows another console holds locked, so two consoles never claim the same one.
     */
    public Optional<ApprovalRequest> claimNext(Instant now, Duration lease) {
        Condition ready = APPROVAL_REQUEST.STATUS.eq("APPROVED")
                .and(APPROVAL_REQUEST.NEXT_ATTEMPT_AT.isNull().or(APPROVAL_REQUEST.NEXT_ATTEMPT_AT.le(at(now))))
                .or(APPROVAL_REQUEST.STATUS.eq("EXECUTING").and(APPROVAL_REQUEST.EXECUTION_CLAIMED_AT.le(at(now.minus(lease)))));
        Optional<UUID> id = db.select(APPROVAL_REQUEST.REQUEST_ID).from(APPROVAL_REQUEST).where(ready)
                .orderBy(APPROVAL_REQUEST.DECIDED_AT.asc()).limit(1).forUpdate().skipLocked()
                .fetchOptional(APPROVAL_REQUEST.REQUEST_ID);
        id.ifPresent(uuid -> db.update(APPROVAL_REQUEST)
                .set(APPROVAL_REQUEST.STATUS, "EXECUTING")
                .set(APPROVAL_REQUEST.EXECUTION_CLAIMED_AT, at(now))
                .set(APPROVAL_REQUEST.EXECUTION_ATTEMPTS, APPROVAL_REQUEST.EXECUTION_ATTEMPTS.plus(1))
                .where(APPROVAL_REQUEST.REQUEST_ID.eq(uuid)).execute());
        return id.flatMap(this::find);
    }

    /** Completes the claimed attempt; false if another attempt has claimed the request since (this one lost). */
    public boolean markExecuted(UUID id, int attempt, String result, Instant now) {
        return db.update(APPROVAL_REQUEST)
                .set(APPROVAL_REQUEST.STATUS, "EXECUTED").set(APPROVAL_REQUEST.EXECUTED_AT, at(now))
                .set(APPROVAL_REQUEST.EXECUTION_RESULT, result).setNull(APPROVAL_REQUEST.EXECUTION_ERROR)
                .where(APPROVAL_REQUEST.REQUEST_ID.eq(id).and(APPROVAL_REQUEST.STATUS.eq("EXECUTING"))
                        .and(APPROVAL_REQUEST.EXECUTION_ATTEMPTS.eq(attempt)))
                .execute() == 1;
    }

    /** Records a failed attempt: back to APPROVED with a back-off, or FAILED when attempts are exhausted. */
    public boolean markAttemptFailed(UUID id, int attempt, String error, boolean finalFailure, Instant retryAt) {
        return db.update(APPROVAL_REQUEST)
                .set(APPROVAL_REQUEST.STATUS, finalFailure ? "FAILED" : "APPROVED")
                .set(APPROVAL_REQUEST.EXECUTION_ERROR, error)
                .set(APPROVAL_REQUEST.NEXT_ATTEMPT_AT, finalFailure ? null : at(retryAt))
                .where(APPROVAL_REQUEST.REQUEST_ID.eq(id).and(APPROVAL_REQUEST.STATUS.eq("EXECUTING"))
                        .and(APPROVAL_REQUEST.EXECUTION_ATTEMPTS.eq(attempt)))
                .execute() == 1;
    }

    /** FAILED → APPROVED for another round of attempts. */
    public boolean retry(UUID id) {
        return db.update(APPROVAL_REQUEST).set(APPROVAL_REQUEST.STATUS, "APPROVED").setNull(APPROVAL_REQUEST.NEXT_ATTEMPT_AT)
                .set(APPROVAL_REQUEST.EXECUTION_ATTEMPTS, 0)
                .where(APPROVAL_REQUEST.REQUEST_ID.eq(id).and(APPROVAL_REQUEST.STATUS.eq("FAILED"))).execute() == 1;
    }

    public List<ApprovalRequest> search(Condition where, int offset, int limit) {
        List<ApprovalRequestRecord> rows = db.selectFrom(APPROVAL_REQUEST).where(where)
                .orderBy(APPROVAL_REQUEST.REQUESTED_AT.desc()).offset(offset).limit(limit).fetch();
        Map<UUID, List<ApprovalVote>> votes = votes(rows.stream().map(ApprovalRequestRecord::getRequestId).toList());
        return rows.stream().map(r -> toRequest(r, votes.getOrDefault(r.getRequestId(), List.of()))).toList();
    }

    public int count(Condition where) {
        return db.fetchCount(APPROVAL_REQUEST, where);
    }

    public static Condition filter(ApprovalStatus status, String requestedBy, String text) {
        Condition c = noCondition();
        if (status != null) {
            c = c.and(APPROVAL_REQUEST.STATUS.eq(status.name()));
        }
        if (requestedBy != null) {
            c = c.and(APPROVAL_REQUEST.REQUESTED_BY.eq(requestedBy));
        }
        if (text != null && !text.isBlank()) {
            String t = text.trim();
            c = c.and(APPROVAL_REQUEST.SUBJECT.containsIgnoreCase(t).or(APPROVAL_REQUEST.TYPE.containsIgnoreCase(t))
                    .or(APPROVAL_REQUEST.REASON.containsIgnoreCase(t)).or(APPROVAL_REQUEST.REQUESTED_BY.containsIgnoreCase(t)));
        }
        return c;
    }

    private Map<UUID, List<ApprovalVote>> votes(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.selectFrom(APPROVAL_VOTE).where(APPROVAL_VOTE.REQUEST_ID.in(ids)).orderBy(APPROVAL_VOTE.VOTED_AT).fetch()
                .stream().collect(Collectors.groupingBy(v -> v.getRequestId(), Collectors.mapping(
                        v -> new ApprovalVote(v.getVoter(), "APPROVE".equals(v.getDecision()), v.getReason(), v.getVotedAt().toInstant()),
                        Collectors.toCollection(ArrayList::new))));
    }

    private static ApprovalRequest toRequest(ApprovalRequestRecord r, List<ApprovalVote> votes) {
        return new ApprovalRequest(r.getRequestId(), r.getType(), r.getSubject(), r.getPayload(), r.getPreview(),
                r.getReason(), r.getRequestedBy(), r.getRequestedAt().toInstant(), r.getExpiresAt().toInstant(),
                r.getRequiredApprovals(), ApprovalStatus.valueOf(r.getStatus()), instant(r.getDecidedAt()),
                r.getExecutionAttempts(), instant(r.getExecutedAt()), r.getExecutionResult(), r.getExecutionError(),
                List.copyOf(votes));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
