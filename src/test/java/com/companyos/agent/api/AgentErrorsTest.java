package com.companyos.agent.api;

import com.companyos.agent.data.WriteRefusedException;
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

    @Test
    void a_record_the_database_refuses_for_what_it_holds_is_a_4xx_without_retry() {
        ResponseEntity<?> tooLarge = errors.answer(new WriteRefusedException(WriteRefusedException.Kind.TOO_LARGE,
                "The record's data has too many distinct words to index for search. The record was not stored.", "54000", null));
        assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
        assertThat(tooLarge.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(((ProblemDetail) tooLarge.getBody()).getProperties()).containsEntry("sqlState", "54000");
        assertThat(errors.answer(new WriteRefusedException(WriteRefusedException.Kind.INVALID, "NUL", "22021", null))
                .getStatusCode().value()).isEqualTo(422);
        assertThat(errors.answer(new WriteRefusedException(WriteRefusedException.Kind.CONFLICT, "refused", "23503", null))
                .getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void a_write_the_writer_did_not_take_in_time_is_a_503_to_retry() {
        ResponseEntity<?> busy = errors.answer(new WriteRefusedException(WriteRefusedException.Kind.BUSY,
                "The regional database did not take this write within 10 s; it was not stored — retry it", null, null));
        assertThat(busy.getStatusCode().value()).isEqualTo(503);
        assertThat(busy.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(((ProblemDetail) busy.getBody()).getDetail()).contains("not stored");
    }
}
