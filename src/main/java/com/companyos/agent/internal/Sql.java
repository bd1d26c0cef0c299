package com.companyos.agent.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * Set-based statements on the hot paths: a batch of rows goes to PostgreSQL as one array per column and comes apart
 * with {@code unnest(...)} in the statement, so one statement (one round trip, one plan) stores one row or hundreds.
 * Arrays travel as {@code text[]} and the statement casts each to its column's type ({@code ?::uuid[]}); values are
 * their {@code toString()} (a {@code byte[]} as PostgreSQL's hex form).
 */
final class Sql {

    private static final HexFormat HEX = HexFormat.of();

    private Sql() {
    }

    /** The rows of a set-based statement, kept as one array per column. */
    static final class Columns {
        private final Object[][] values;

        Columns(int columns, int rows) {
            values = new Object[columns][rows];
        }

        /** Sets row {@code i}: one value per column, in the statement's order. */
        Columns row(int i, Object... row) {
            if (row.length != values.length) {
                throw new IllegalArgumentException("Expected " + values.length + " values, got " + row.length);
            }
            for (int f = 0; f < row.length; f++) {
                values[f][i] = row[f];
            }
            return this;
        }
    }

    /** Runs {@code sql} (an insert from {@code unnest} of one array per column) with the rows in {@code columns}. */
    static int unnestInsert(Connection c, String sql, Columns columns) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, columns)) {
            return s.executeUpdate();
        }
    }

    /** Like {@link #unnestInsert} for a statement that returns rows; {@code reader} gets each. */
    static void unnestQuery(Connection c, String sql, Columns columns, RowReader reader) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, columns); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    @FunctionalInterface
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static PreparedStatement prepare(Connection c, String sql, Columns columns) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < columns.values.length; i++) {
                Object[] values = columns.values[i];
                String[] text = new String[values.length];
                for (int j = 0; j < values.length; j++) {
                    Object v = values[j];
                    text[j] = v == null ? null : v instanceof byte[] b ? "\\x" + HEX.formatHex(b) : v.toString();
                }
                Array array = c.createArrayOf("text", text);
                s.setArray(i + 1, array);
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
