package com.companyos.agent.api;

import com.companyos.agent.internal.MisdirectedException;
import com.companyos.agent.internal.ResidencyDeniedException;
import com.companyos.agent.internal.TenantNamespaces;
import com.companyos.agentapi.Misdirected;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

import java.util.NoSuchElementException;

/** Bad input is a 4xx with a sentence that says what is wrong; never a stack trace. */
@RestControllerAdvice
class AgentErrors {

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON for this endpoint (dates as YYYY-MM-DD)");
    }

    /** A tenant not resident in this region: 421 Misdirected Request, with the region that does serve it. */
    @ExceptionHandler(MisdirectedException.class)
    ResponseEntity<Misdirected> misdirected(MisdirectedException e) {
        return ResponseEntity.status(421).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.body());
    }

    @ExceptionHandler(ResidencyDeniedException.class)
    ProblemDetail denied(ResidencyDeniedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        p.setTitle("Denied by residency policy");
        p.setProperty("decisionId", e.verdict().decisionId().toString());
        p.setProperty("receiptId", e.verdict().receipt().receiptId());
        p.setProperty("policies", e.verdict().decision().determiningPolicies());
        p.setProperty("bundle", e.verdict().decision().bundleLabel());
        return p;
    }

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail status(ResponseStatusException e) {
        return ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({TenantNamespaces.RetentionRunningException.class, TenantNamespaces.ResidencyRefusedException.class,
            IllegalStateException.class})
    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
