package com.companyos.base.web;

import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.base.RefusalLog;
import com.companyos.base.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.List;
import java.util.Map;

/**
 * One mapping from the product's exceptions to HTTP problem details (RFC 9457) for the REST API: bad input is a 4xx
 * whose detail says what is wrong; a 500 never carries a stack trace.
 */
// Before Spring's ProblemDetailsExceptionHandler, which would answer the same exceptions in its own words.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "com.companyos")
public class ApiErrors {

    private final ObjectProvider<RefusalLog> refusals;

    public ApiErrors(ObjectProvider<RefusalLog> refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(ValidationException.class)
    ProblemDetail invalid(ValidationException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        p.setTitle("The request cannot be accepted");
        List<Map<String, String>> problems = e.problems().stream().map(x -> Map.of("field", x.field(), "message", x.message(),
                "decisionId", x.decisionId() == null ? "" : x.decisionId().toString())).toList();
        p.setProperty("problems", problems);
        return p;
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class,
            MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ProblemDetail badRequest(Exception e) {
        String detail = e instanceof HttpMessageNotReadableException ? "The request body is not valid JSON for this endpoint"
                : e instanceof MethodArgumentTypeMismatchException m ? ClientMessages.mismatch(m)
                : ClientMessages.refusal(e, "The request is not valid for this endpoint");
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(org.springframework.security.core.AuthenticationException.class)
    org.springframework.http.ResponseEntity<ProblemDetail> unauthenticated(org.springframework.security.core.AuthenticationException e) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer realm=\"companyos\"")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e, HttpServletRequest request) {
        // Every refusal of a signed-in caller is evidence (the audit log, in the console; nothing in an agent).
        refusals.ifAvailable(log -> log.refused("api:" + request.getMethod() + " " + request.getRequestURI(),
                "Role does not allow this"));
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this");
    }
}
