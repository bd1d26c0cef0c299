package com.companyos.approvals.internal;

import com.companyos.approvals.ApprovalChanged;
import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalSettings;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.cluster.ClusterEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Exactly-once execution of approved requests: claim under a row lock, run the request type's handler, record the
 * outcome (executed, retry with backoff, or failed), and tell listeners. The voting rules live in the service.
 */
@Component
public class ApprovalExecution {

    private static final Logger log = LoggerFactory.getLogger(ApprovalExecution.class);

    private final ApprovalRepository repository;
    private final EvidenceRecorder evidence;
    private final ApprovalSettings settings;
    /** Handlers are looked up on first use: a handler may depend (through its module) on services that submit requests. */
    private final ObjectProvider<ApprovalHandler> handlerBeans;
    private volatile Map<String, ApprovalHandler> handlers;
    private final ClusterEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;

    ApprovalExecution(ApprovalRepository repository, EvidenceRecorder evidence, ApprovalSettings settings,
                      ObjectProvider<ApprovalHandler> handlers, ClusterEvents events, TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.evidence = evidence;
        this.settings = settings;
        this.handlerBeans = handlers;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Executes every approved request that is ready, one at a time. Safe to call from several threads and consoles:
     * each request is claimed under a row lock that others skip, and completion is a compare-and-set on the attempt
     * number, so a request completes once even if a lease ran out and another console re-ran its (idempotent) handler.
     */
    public int executeReady() {
        int done = 0;
        for (int i = 0; i < 20; i++) {
            Optional<ApprovalRequest> claimed = tx.execute(status -> {
                Optional<ApprovalRequest> c = repository.claimNext(clock.instant(), settings.executionLease());
                c.ifPresent(r -> evidence.record(AuditEvent.by(Actor.SYSTEM, "approval.execution-started", "approval:" + r.id())
                        .detail("attempt", r.executionAttempts()).detail("type", r.type()).detail("subject", r.subject())));
                return c;
            });
            if (claimed.isEmpty()) {
                break;
            }
            run(claimed.get());
            done++;
        }
        return done;
    }

    private void run(ApprovalRequest request) {
        ApprovalHandler handler = handler(request.type());
        String result;
        try {
            if (handler == null) {
                throw new IllegalStateException("No handler for request type " + request.type());
            }
            result = handler.execute(request);
        } catch (RuntimeException e) {
            log.warn("Execution of approval {} ({}) failed on attempt {}: {}", request.id(), request.type(),
                    request.executionAttempts(), e.getMessage());
            boolean last = e instanceof ExecutionRefusedException || request.executionAttempts() >= settings.maxAttempts();
            Instant retryAt = clock.instant().plus(Duration.ofSeconds(Math.min(300, 5L << Math.min(6, request.executionAttempts()))));
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            tx.executeWithoutResult(status -> {
                if (repository.markAttemptFailed(request.id(), request.executionAttempts(), error, last, retryAt)) {
                    evidence.record(AuditEvent.by(Actor.SYSTEM, last ? "approval.execution-failed" : "approval.execution-retry", "approval:" + request.id())
                            .reason(error).detail("attempt", request.executionAttempts()));
                }
                events.publish(new ApprovalChanged(request.id(), request.type(), request.subject(),
                        last ? ApprovalStatus.FAILED : ApprovalStatus.APPROVED));
            });
            return;
        }
        Boolean completed = tx.execute(status -> {
            boolean ok = repository.markExecuted(request.id(), request.executionAttempts(), result, clock.instant());
            if (ok) {
                evidence.record(AuditEvent.by(Actor.SYSTEM, "approval.executed", "approval:" + request.id())
                        .reason(result).detail("type", request.type()).detail("subject", request.subject())
                        .detail("requestedBy", request.requestedBy()).detail("approvedBy", String.join(",", request.approvers())));
                events.publish(new ApprovalChanged(request.id(), request.type(), request.subject(), ApprovalStatus.EXECUTED));
            }
            return ok;
        });
        if (!Boolean.TRUE.equals(completed)) {
            log.warn("Approval {} was claimed again by another attempt while this one ran; its result stands", request.id());
        }
    }

    /** The handler of a request type, or {@code null} when no module handles it. */
    public ApprovalHandler handler(String type) {
        Map<String, ApprovalHandler> known = handlers;
        if (known == null) {
            known = handlerBeans.orderedStream().collect(Collectors.toMap(ApprovalHandler::type, Function.identity()));
            handlers = known;
        }
        return known.get(type);
    }

    public String title(String type) {
        ApprovalHandler h = handler(type);
        return h == null ? type : h.title();
    }
}
