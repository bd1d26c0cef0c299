package com.companyos.agent.data;

import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQLSTATEs PostgreSQL raises, as the governed writer reads them. */
class WriteFailuresTest {

    private static SQLException postgres(String state, String message) {
        return new SQLException("ERROR: " + message, state);
    }

    @Test
    void a_search_entry_over_postgresqls_limit_is_the_write_too_large_and_never_a_retry() {
        SQLException e = postgres("54000", "string is too long for tsvector (1257000 bytes, max 1048575 bytes)");
        assertThat(WriteFailures.cause(e)).isEqualTo(WriteFailures.Cause.WRITES);
        WriteRefusedException refused = (WriteRefusedException) WriteFailures.answer(e);
        assertThat(refused.kind()).isEqualTo(WriteRefusedException.Kind.TOO_LARGE);
        assertThat(refused.sqlState()).isEqualTo("54000");
        assertThat(refused.getMessage()).contains("too many distinct words").contains("not stored").doesNotContain("tsvector");
    }

    @Test
    void data_exceptions_are_invalid_records_and_integrity_or_missing_tables_are_conflicts() {
        assertThat(((WriteRefusedException) WriteFailures.answer(postgres("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")))
                .kind()).isEqualTo(WriteRefusedException.Kind.INVALID);
        assertThat(WriteFailures.answer(postgres("22008", "date out of range")).getMessage()).contains("date");
        assertThat(((WriteRefusedException) WriteFailures.answer(postgres("23503", "violates foreign key constraint"))).kind())
                .isEqualTo(WriteRefusedException.Kind.CONFLICT);
        assertThat(((WriteRefusedException) WriteFailures.answer(postgres("42P01", "relation does not exist"))).kind())
                .isEqualTo(WriteRefusedException.Kind.CONFLICT);
    }

    @Test
    void deadlocks_are_sent_again_and_a_failing_database_is_a_retry_for_the_client() {
        assertThat(WriteFailures.cause(postgres("40P01", "deadlock detected"))).isEqualTo(WriteFailures.Cause.CONCURRENCY);
        assertThat(WriteFailures.cause(postgres("40001", "could not serialize access"))).isEqualTo(WriteFailures.Cause.CONCURRENCY);
        for (String state : new String[]{"08006", "57P01", "53100", "55P03", "XX000"}) {
            SQLException e = postgres(state, "failing for now");
            assertThat(WriteFailures.cause(e)).as(state).isEqualTo(WriteFailures.Cause.DATABASE);
            assertThat(WriteFailures.answer(e)).as(state).isInstanceOf(TransientDataAccessResourceException.class);
        }
        // The pool's "no connection within the timeout" carries no SQLSTATE.
        assertThat(WriteFailures.cause(new SQLTransientConnectionException("Connection is not available"))).isEqualTo(WriteFailures.Cause.DATABASE);
    }

    @Test
    void the_state_is_found_in_a_chained_or_wrapped_exception() {
        SQLException outer = new SQLException("Batch entry 0 was aborted");
        outer.setNextException(postgres("54000", "string is too long for tsvector"));
        assertThat(WriteFailures.sqlState(outer)).isEqualTo("54000");
        assertThat(WriteFailures.sqlState(new SQLException("wrapped", postgres("22P05", "unsupported Unicode escape")))).isEqualTo("22P05");
    }
}
