package com.companyos.agent.api;

import com.companyos.agent.data.WriteRefusedException;
import com.companyos.agent.decisions.ResidencyDeniedException;
import com.companyos.agent.replication.FencedException;
import com.companyos.agent.replication.ReplicationShipper;
import com.companyos.agent.tenancy.MisdirectedException;
import com.companyos.agent.tenancy.TenantNamespaces;
import com.companyos.agentapi.data.Misdirected;
import com.companyos.base.web.ClientMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

import java.util.NoSuchElementException;

/** Bad input is a 4xx with a sentence that says what is wrong; never a stack trace. */
// Before Spring's ProblemDetailsExceptionHandler, which would answer the same exceptions in its own words.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
class AgentErrors {

    private static final Logger log = LoggerFactory.getLogger(AgentErrors.class);

    /** Spring MVC's entry: every exception {@link #answer} maps. */
    @ExceptionHandler({MisdirectedException.class, ResidencyDeniedException.class, FencedException.class, WriteRefusedException.class,
            TransientDataAccessException.class,
            ReplicationShipper.NotReplicatedException.class, ResponseStatusException.class, IllegalArgumentException.class,
            NoSuchElementException.class, TenantNamespaces.RetentionRunningException.class,
            TenantNamespaces.ResidencyRefusedException.class, TenantNamespaces.PartitionRefusedException.class,
            IllegalStateException.class})
    ResponseEntity<?> handle(RuntimeException e) {
        return answer(e);
    }

    /**
     * The answer for {@code e}, the one mapping of exceptions to answers: for Spring MVC ({@link #handle}) and for the
     * record-write fast path outside it; null for an exception it does not map.
     */
    ResponseEntity<?> answer(RuntimeException e) {
        if (e instanceof MisdirectedException m) {
            return misdirected(m);
        }
        if (e instanceof ResidencyDeniedException d) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(denied(d));
        }
        if (e instanceof FencedException f) {
            return fenced(f);
        }
        if (e instanceof WriteRefusedException w) {
            return refused(w);
        }
        if (e instanceof ReplicationShipper.NotReplicatedException n) {
            return notReplicated(n);
        }
        if (e instanceof ResponseStatusException r) {
            return ResponseEntity.status(r.getStatusCode()).body(status(r));
        }
        if (e instanceof IllegalArgumentException i) {
            return ResponseEntity.badRequest().body(badRequest(i));
        }
        if (e instanceof NoSuchElementException n) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(notFound(n));
        }
        if (e instanceof TransientDataAccessException t) {
            return unavailable(t);
        }
        if (e instanceof TenantNamespaces.PartitionRefusedException p) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, p.getMessage()));
        }
        if (e instanceof TenantNamespaces.RetentionRunningException || e instanceof TenantNamespaces.ResidencyRefusedException
                || e instanceof IllegalStateException) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(conflict(e));
        }
        return null;
    }

    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ClientMessages.refusal(e, "The request is not valid for this endpoint"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ClientMessages.mismatch(e));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON for this endpoint (dates as YYYY-MM-DD)");
    }

    /** A tenant not resident in this region: 421 Misdirected Request, with the region that does serve it. */
    ResponseEntity<Misdirected> misdirected(MisdirectedException e) {
        return ResponseEntity.status(421).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.body());
    }

    ProblemDetail denied(ResidencyDeniedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        p.setTitle("Denied by residency policy");
        p.setProperty("decisionId", e.verdict().decisionId().toString());
        p.setProperty("receiptId", e.verdict().receipt().receiptId());
        p.setProperty("policies", e.verdict().decision().determiningPolicies());
        p.setProperty("bundle", e.verdict().decision().bundleLabel());
        return p;
    }

    /** Not this region's write (fenced, standby, failed-over read-only) — or not yet confirmed after a restart: retry. */
    ResponseEntity<ProblemDetail> fenced(FencedException e) {
        HttpStatus status = e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        p.setTitle(e.retryable() ? "Confirming the serving region" : "Not the serving region for this tenant");
        p.setProperty("epoch", e.epoch());
        var response = ResponseEntity.status(status);
        if (e.retryable()) {
            response.header("Retry-After", "1");
        }
        return response.body(p);
    }

    /**
     * A governed write not stored: the writer did not take it (503, retry), or the regional database refused it for what
     * it holds — 413 over a limit, 422 a value it cannot store, 409 a rule of the tenant's store — where the same write
     * sent again fails again, so no Retry-After.
     */
    ResponseEntity<ProblemDetail> refused(WriteRefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        p.setTitle(e.kind() == WriteRefusedException.Kind.BUSY ? "Write not stored; retry" : "Record not stored");
        if (e.sqlState() != null) {
            p.setProperty("sqlState", e.sqlState());
        }
        var response = ResponseEntity.status(status);
        if (e.kind() == WriteRefusedException.Kind.BUSY) {
            response.header("Retry-After", "1");
        }
        return response.body(p);
    }

    /** The regional database failed the operation for now (connection lost, lock timeout): the client retries. */
    ResponseEntity<ProblemDetail> unavailable(TransientDataAccessException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The regional database could not complete this request just now; retry it (repeating a write of the same record is safe)");
        p.setTitle("Regional database unavailable");
        log.warn("Answered 503: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(p);
    }

    /** A synchronous-mode write committed here but not confirmed by the standby in time. */
    ResponseEntity<ProblemDetail> notReplicated(ReplicationShipper.NotReplicatedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Standby did not confirm the write");
        p.setProperty("seq", e.seq());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(p);
    }

    ProblemDetail status(ResponseStatusException e) {
        return ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
    }

    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
