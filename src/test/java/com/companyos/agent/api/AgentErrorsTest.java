package com.companyos.agent.api;

import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class AgentErrorsTest {

    private final AgentErrors errors = new AgentErrors();

    @Test
    void a_database_that_fails_for_now_is_a_503_to_retry_never_a_500_with_its_internals() {
        ResponseEntity<?> answer = errors.answer(new TransientDataAccessResourceException(
                "The regional database refused the write: FATAL: terminating connection due to administrator command"));
        assertThat(answer).isNotNull();
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getDetail()).contains("retry").doesNotContain("FATAL");
    }
}
