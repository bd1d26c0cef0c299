package com.companyos.agent.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * Set-based statements on the hot paths: a batch of rows goes to PostgreSQL as one array per column ({@link Columns})
 * and comes apart with {@code unnest(...)} in the statement, so one statement (one plan) stores one row or hundreds; and
 * several statements go in one round trip ({@link Pipeline}).
 * Arrays travel as {@code text[]} and the statement casts each to its column's type ({@code ?::uuid[]}); values are
 * their {@code toString()} (a {@code byte[]} as PostgreSQL's hex form).
 */
public final class Sql {

    private static final HexFormat HEX = HexFormat.of();

    private Sql() {
    }

    /** The rows of a set-based statement, kept as one array per column. */
    public static final class Columns {
        private final Object[][] values;

        public Columns(int columns, int rows) {
            values = new Object[columns][rows];
        }

        /** Sets row {@code i}: one value per column, in the statement's order. */
        public Columns row(int i, Object... row) {
            if (row.length != values.length) {
                throw new IllegalArgumentException("Expected " + values.length + " values, got " + row.length);
            }
            for (int f = 0; f < row.length; f++) {
                values[f][i] = row[f];
            }
            return this;
        }
    }

    /**
     * Several statements sent as one: PgJDBC sends them back to back with a single Sync, so they cost one round trip
     * between this process and PostgreSQL instead of one each. Each statement runs in order with its own snapshot, as
     * if sent alone; if one fails, those after it do not run and {@link #run} throws. On a loaded machine a round trip
     * is the expensive part of a small statement (both processes must be scheduled), which is why the hot paths batch
     * their statements this way.
     */
    public static final class Pipeline {
        private final List<String> statements = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();
        private final Deque<RowReader> readers = new ArrayDeque<>();

        /**
         * A statement without result rows; {@code parameters} bind its {@code ?} in order, and a {@link Columns}
         * binds one {@code ?} per column (its array).
         */
        public Pipeline update(String sql, Object... parameters) {
            statements.add(sql);
            bind(parameters);
            return this;
        }

        /** A statement returning rows (possibly none); {@code reader} gets each once the pipeline ran. */
        public Pipeline query(String sql, RowReader reader, Object... parameters) {
            statements.add(sql);
            bind(parameters);
            readers.add(reader);
            return this;
        }

        private void bind(Object... values) {
            for (Object value : values) {
                if (value instanceof Columns columns) {
                    parameters.addAll(Arrays.asList((Object[]) columns.values));
                } else {
                    parameters.add(value);
                }
            }
        }

        /** Empties the pipeline for the next round trip (after {@link #run}). */
        public void clear() {
            statements.clear();
            parameters.clear();
            readers.clear();
        }

        /** Sends every statement in one round trip and hands each query's rows to its reader, in order. */
        public void run(Connection c) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(String.join(";\n", statements))) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object p = parameters.get(i);
                    if (p instanceof Object[] column) {
                        s.setArray(i + 1, array(c, column));
                    } else {
                        s.setObject(i + 1, p);
                    }
                }
                // Only statements returning rows produce result sets; update counts are skipped.
                boolean rows = s.execute();
                while (rows || s.getUpdateCount() != -1) {
                    if (rows) {
                        RowReader reader = readers.poll();
                        if (reader == null) {
                            throw new IllegalStateException("A statement returned rows nobody asked for");
                        }
                        try (ResultSet rs = s.getResultSet()) {
                            while (rs.next()) {
                                reader.read(rs);
                            }
                        }
                    }
                    rows = s.getMoreResults();
                }
                if (!readers.isEmpty()) {
                    throw new IllegalStateException(readers.size() + " queries returned no result");
                }
            }
        }
    }

    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static Array array(Connection c, Object[] values) throws SQLException {
        String[] text = new String[values.length];
        for (int j = 0; j < values.length; j++) {
            Object v = values[j];
            text[j] = v == null ? null : v instanceof byte[] b ? "\\x" + HEX.formatHex(b) : v.toString();
        }
        return c.createArrayOf("text", text);
    }
}
