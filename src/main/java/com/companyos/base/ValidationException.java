package com.companyos.base;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Input that cannot be accepted (HTTP 422), with every problem found, each tied to the field it concerns and, when
 * a policy decided it, the decision ID.
 */
public class ValidationException extends RuntimeException {

    /** One problem: the field (or "" for the whole request), the sentence a person reads, the policy decision if any. */
    public record Problem(String field, String message, UUID decisionId) {
        public static Problem of(String field, String message) {
            return new Problem(field, message, null);
        }
    }

    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.stream().map(p -> (p.field().isEmpty() ? "" : p.field() + ": ") + p.message())
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
