package com.companyos.approvals;

import com.companyos.approvals.internal.ApprovalExecution;
import com.companyos.approvals.internal.ApprovalRepository;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.base.Roles;
import com.companyos.base.cluster.ClusterEvents;
import org.springframework.core.task.TaskExecutor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Two-person control. The rules: a reason is required; the requester never votes; each compliance officer votes
 * once; N distinct approvals approve, any denial denies; a pending request expires and an expired one takes no votes;
 * an approved request is executed exactly once and can never be denied afterwards; history is kept forever.
 * Refusals of these rules are audited even though the refused call changes nothing.
 */
@Service
public class ApprovalService {

    private final ApprovalRepository repository;
    private final EvidenceRecorder evidence;
    private final ApprovalSettings settings;
    private final ApprovalExecution execution;
    private final ClusterEvents events;
    private final TransactionTemplate tx;
    private final TaskExecutor executor;
    private final Clock clock;

    ApprovalService(ApprovalRepository repository, EvidenceRecorder evidence, ApprovalSettings settings,
                    ApprovalExecution execution, ClusterEvents events, TransactionTemplate tx,
                    TaskExecutor applicationTaskExecutor, Clock clock) {
        this.repository = repository;
        this.evidence = evidence;
        this.settings = settings;
        this.execution = execution;
        this.events = events;
        this.tx = tx;
        this.executor = applicationTaskExecutor;
        this.clock = clock;
    }

    /**
     * Submits a request on behalf of the signed-in person. Submitting the same change again while one is open returns
     * the open request (idempotent); a different change for the same subject is refused until the open one is decided.
     */
    @Transactional
    @PreAuthorize(Roles.ANY_STAFF)
    public ApprovalRequest submit(ApprovalSubmission s) {
        ApprovalHandler handler = execution.handler(s.type());
        if (handler == null) {
            throw new IllegalArgumentException("Unknown request type '" + s.type() + "'");
        }
        if (s.reason() == null || s.reason().isBlank()) {
            throw new IllegalArgumentException("A reason is required: say why this change is needed");
        }
        Optional<ApprovalRequest> open = repository.findOpen(s.type(), s.subject());
        if (open.isPresent()) {
            if (open.get().payload().equals(s.payload())) {
                return open.get();
            }
            throw new ConflictException("An open request for " + s.subject() + " already exists (" + open.get().id()
                    + ", " + open.get().status().label().toLowerCase() + "). It must be decided before another change is requested.");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String requester = Actor.current();
        int required = settings.required(s.type());
        repository.insert(id, s.type(), s.subject(), s.payload(), s.preview(), s.reason().trim(), requester, now,
                now.plus(settings.expiry()), required);
        evidence.record(AuditEvent.of("approval.submitted", "approval:" + id).reason(s.reason().trim())
                .detail("type", s.type()).detail("subject", s.subject()).detail("requiredApprovals", required));
        afterCommit(new ApprovalChanged(id, s.type(), s.subject(), ApprovalStatus.PENDING));
        return repository.find(id).orElseThrow();
    }

    @PreAuthorize("hasRole('" + Roles.COMPLIANCE_OFFICER + "')")
    public ApprovalRequest approve(UUID id, String reason) {
        return vote(id, true, reason);
    }

    @PreAuthorize("hasRole('" + Roles.COMPLIANCE_OFFICER + "')")
    public ApprovalRequest deny(UUID id, String reason) {
        return vote(id, false, reason);
    }

    /** The outcome of a vote's transaction: the updated request, or why the vote was refused (nothing written). */
    private record VoteOutcome(ApprovalRequest request, String refusal) {
    }

    /**
     * One vote. Three short transactions, each on one connection (a vote never holds one connection while waiting for
     * another, so many concurrent votes cannot exhaust the pool): expire what is overdue; lock the request and vote
     * (or find why not); and, if refused, record the refusal after the vote's transaction has rolled back.
     */
    private ApprovalRequest vote(UUID id, boolean approve, String reason) {
        String voter = Actor.current();
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required for " + (approve ? "an approval" : "a denial"));
        }
        expireDue();
        VoteOutcome outcome = tx.execute(status -> {
            ApprovalRequest request = repository.lock(id).orElseThrow(() -> new NotFoundException("No approval request " + id));
            String refusal = refusal(request, voter, approve);
            if (refusal != null) {
                status.setRollbackOnly();
                return new VoteOutcome(request, refusal);
            }
            return new VoteOutcome(castVote(request, voter, approve, reason.trim()), null);
        });
        if (outcome.refusal() != null) {
            evidence.record(AuditEvent.of("approval.vote-refused", "approval:" + id).reason(outcome.refusal())
                    .detail("vote", approve ? "approve" : "deny"));
            throw new ConflictException(outcome.refusal());
        }
        return outcome.request();
    }

    private static String refusal(ApprovalRequest request, String voter, boolean approve) {
        if (request.requestedBy().equals(voter)) {
            return "You requested this change; a different compliance officer must " + (approve ? "approve" : "deny") + " it.";
        }
        if (request.status() == ApprovalStatus.EXPIRED) {
            return "This request expired at " + request.expiresAt() + " and can no longer be approved; submit it again.";
        }
        if (request.status() != ApprovalStatus.PENDING) {
            return "This request is already " + request.status().name().toLowerCase()
                    + (request.status() == ApprovalStatus.DENIED ? "." : "; an approved request is executed once and can never be denied.");
        }
        if (request.hasVoted(voter)) {
            return "You have already voted on this request; " + request.requiredApprovals() + " different compliance officers must approve it.";
        }
        return null;
    }

    private ApprovalRequest castVote(ApprovalRequest request, String voter, boolean approve, String reason) {
        UUID id = request.id();
        Instant now = clock.instant();
        repository.insertVote(id, voter, approve, reason, now);
        evidence.record(AuditEvent.of(approve ? "approval.approved" : "approval.denied", "approval:" + id).reason(reason)
                .detail("type", request.type()).detail("subject", request.subject()));
        ApprovalStatus next = ApprovalStatus.PENDING;
        if (!approve) {
            next = ApprovalStatus.DENIED;
        } else if (request.approvals() + 1 >= request.requiredApprovals()) {
            next = ApprovalStatus.APPROVED;
        }
        if (next != ApprovalStatus.PENDING) {
            repository.decide(id, next, now);
            evidence.record(AuditEvent.of(next == ApprovalStatus.APPROVED ? "approval.granted" : "approval.rejected", "approval:" + id)
                    .detail("type", request.type()).detail("subject", request.subject()));
        }
        afterCommit(new ApprovalChanged(id, request.type(), request.subject(), next));
        if (next == ApprovalStatus.APPROVED && settings.executorEnabled()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    executor.execute(execution::executeReady);
                }
            });
        }
        return repository.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<ApprovalRequest> find(UUID id) {
        return repository.find(id);
    }

    /** Open requests awaiting votes, oldest first is the caller's to sort; newest first here. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.COMPLIANCE_OFFICER + "','" + Roles.PLATFORM_ADMIN + "')")
    public List<ApprovalRequest> pending() {
        Instant now = clock.instant();
        return repository.search(ApprovalRepository.filter(ApprovalStatus.PENDING, null, null), 0, 500).stream()
                .filter(r -> r.expiresAt().isAfter(now)).toList();
    }

    /** Requests waiting for votes now (not expired), by type, and when the oldest was made: for dashboards. */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public OpenApprovals open() {
        Instant now = clock.instant();
        List<ApprovalRequest> open = repository.search(ApprovalRepository.filter(ApprovalStatus.PENDING, null, null), 0, 500).stream()
                .filter(r -> r.expiresAt().isAfter(now)).toList();
        java.util.Map<String, Integer> byType = new java.util.TreeMap<>();
        open.forEach(r -> byType.merge(title(r.type()), 1, Integer::sum));
        return new OpenApprovals(open.size(), byType, open.stream().map(ApprovalRequest::requestedAt).min(Instant::compareTo).orElse(null));
    }

    /** How many requests the signed-in compliance officer could vote on now (the menu badge). */
    @Transactional(readOnly = true)
    public int awaitingMyVote() {
        String me = Actor.current();
        Instant now = clock.instant();
        return (int) repository.search(ApprovalRepository.filter(ApprovalStatus.PENDING, null, null), 0, 500).stream()
                .filter(r -> r.votableBy(me, now)).count();
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<ApprovalRequest> mine() {
        return repository.search(ApprovalRepository.filter(null, Actor.current(), null), 0, 200);
    }

    /** Every request ever made (denied and expired included), newest first. */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.AUDITORS)
    public List<ApprovalRequest> history(ApprovalStatus status, String text, int offset, int limit) {
        return repository.search(ApprovalRepository.filter(status, null, text), offset, Math.min(limit, 500));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.AUDITORS)
    public int historyCount(ApprovalStatus status, String text) {
        return repository.count(ApprovalRepository.filter(status, null, text));
    }

    /** Puts a FAILED request back for another round of execution attempts. */
    @Transactional
    @PreAuthorize(Roles.OPERATORS)
    public void retry(UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why the execution is retried");
        }
        if (!repository.retry(id)) {
            throw new ConflictException("Only a request whose execution failed can be retried");
        }
        evidence.record(AuditEvent.of("approval.retry", "approval:" + id).reason(reason.trim()));
        if (settings.executorEnabled()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    executor.execute(execution::executeReady);
                }
            });
        }
    }

    /** Expires overdue pending requests (scheduled). */
    public int expireDue() {
        List<UUID> expired = tx.execute(status -> {
            List<UUID> ids = repository.expireDue(clock.instant());
            ids.forEach(id -> {
                evidence.record(AuditEvent.by(Actor.SYSTEM, "approval.expired", "approval:" + id)
                        .reason("Not enough approvals before the request expired"));
                repository.find(id).ifPresent(r -> events.publish(new ApprovalChanged(id, r.type(), r.subject(), ApprovalStatus.EXPIRED)));
            });
            return ids;
        });
        return expired.size();
    }

    /** The name people read for a request type (its handler's title), or the type itself when no handler knows it. */
    public String title(String type) {
        return execution.title(type);
    }

    /** Every console hears of the change once it is committed (this one after commit, the others by NOTIFY). */
    private void afterCommit(ApprovalChanged change) {
        events.publish(change);
    }
}
