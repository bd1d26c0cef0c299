package com.companyos.agent.data;

import org.springframework.dao.TransientDataAccessResourceException;

import java.sql.SQLException;
import java.util.Set;

/**
 * What a failed group-commit transaction means for its writes, by SQLSTATE (PostgreSQL's "Error Codes" appendix): a
 * refusal of something a write holds, which the writer isolates and answers 4xx; a deadlock or serialization failure,
 * which rolled everything back and may be sent once more; or the database failing for now, which every write of the
 * batch answers with 503 and Retry-After.
 */
final class WriteFailures {

    /**
     * Classes the database raises for what a statement carries, never for its own state: cardinality (21), data
     * exception (22), integrity (23; the writer's own checks raise CO409 and CO412 and are handled before), invalid
     * schema (3F), syntax or access rule (42, the append-only triggers among them), check option (44), program limit
     * (54, e.g. 54000 "string is too long for tsvector" for a search entry over 1 MiB), feature not supported (0A).
     */
    private static final Set<String> REFUSALS = Set.of("21", "22", "23", "3F", "42", "44", "54", "0A");
    private static final Set<String> UNTRANSLATABLE = Set.of("22021", "22P05");
    private static final Set<String> DATES = Set.of("22007", "22008", "22009");
    private static final String NOT_STORED = " The record was not stored.";

    enum Cause {
        /** Something the batch's writes hold: split the batch until the refused write is alone; the others commit. */
        WRITES,
        /** Deadlock or serialization failure (40): nothing was committed and the same batch may well commit now. */
        CONCURRENCY,
        /**
         * The database, not the writes — connection lost (08; the commit's outcome then unknown), shutting down (57),
         * out of resources (53), or a state not listed: every write of the batch is answered 503, retry.
         */
        DATABASE
    }

    private WriteFailures() {
    }

    static Cause cause(Exception e) {
        if (!(e instanceof SQLException sql)) {
            return Cause.WRITES; // the writer's own failure on one write's content; isolated like a refusal
        }
        String state = sqlState(sql);
        if (state == null || state.length() != 5) {
            return Cause.DATABASE;
        }
        if (state.startsWith("40")) {
            return Cause.CONCURRENCY;
        }
        return REFUSALS.contains(state.substring(0, 2)) ? Cause.WRITES : Cause.DATABASE;
    }

    /** The answer for a write that failed with {@code e} on its own (the exception its request thread throws). */
    static RuntimeException answer(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        SQLException sql = (SQLException) e;
        String state = sqlState(sql);
        if (cause(sql) != Cause.WRITES) {
            return new TransientDataAccessResourceException("The regional database refused the write: " + sql.getMessage(), sql);
        }
        if (state.startsWith("54")) {
            String message = String.valueOf(sql.getMessage()).contains("tsvector")
                    ? "The record's data has too many distinct words to index for search (a record's search entry holds at most "
                    + "1 MiB of words and their positions); store the text in smaller records, or as an object."
                    : "The record exceeds a limit of the regional database (SQLSTATE " + state + "); send it smaller.";
            return new WriteRefusedException(WriteRefusedException.Kind.TOO_LARGE, message + NOT_STORED, state, sql);
        }
        if (state.startsWith("22")) {
            String message = UNTRANSLATABLE.contains(state)
                    ? "The record's data contains a character the regional database cannot store as text (NUL, \\u0000); "
                    + "remove it, or encode binary content (base64, for example)."
                    : DATES.contains(state)
                    ? "A date in the record is outside the range the regional database stores; send a realistic retentionUntil."
                    : "A value in the record cannot be stored by the regional database (SQLSTATE " + state + "); correct it and "
                    + "send the record again.";
            return new WriteRefusedException(WriteRefusedException.Kind.INVALID, message + NOT_STORED, state, sql);
        }
        return new WriteRefusedException(WriteRefusedException.Kind.CONFLICT, "The regional database refused this write as it "
                + "stands (SQLSTATE " + state + ", in this region's agent log); sending it again unchanged will not succeed."
                + NOT_STORED, state, sql);
    }

    /** The first SQLSTATE in {@code e}, its chained exceptions and its causes (PgJDBC and the pool wrap each other). */
    static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if (n.getSQLState() != null) {
                        return n.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
