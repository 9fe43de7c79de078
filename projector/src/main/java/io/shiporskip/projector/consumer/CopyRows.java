package io.shiporskip.projector.consumer;

import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Rows for one {@code COPY <table> (<columns>) FROM STDIN} in PostgreSQL's text format, sent on the connection of the
 * current transaction. A rebuild writes its append-only tables this way: PostgreSQL inserts a COPY's rows in buffered
 * groups, about half the server time of the same rows through {@code INSERT ... SELECT FROM unnest(...)}
 * (docs/performance.md, "Rebuild at the speed of COPY"). COPY cannot write through the serving generation's views, so
 * only a {@link WriteTarget.Schema} can be written this way.
 *
 * <p>Rows are added field by field, in the column order of the statement; each row ends with {@link #endRow()}.
 */
public final class CopyRows {

    private final String statement;
    private final StringBuilder text = new StringBuilder(64 * 1024);
    private boolean rowStarted;
    private int rows;

    /** {@code table} and {@code columns} are code constants, never input. */
    public CopyRows(String table, String columns) {
        this.statement = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    public CopyRows add(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    public CopyRows add(Long value) {
        return value == null ? add((String) null) : addRaw(Long.toString(value));
    }

    public CopyRows add(int value) {
        return addRaw(Integer.toString(value));
    }

    /** An instant as an ISO-8601 UTC text, which a {@code timestamptz} column reads exactly (microseconds kept). */
    public CopyRows add(Instant value) {
        return value == null ? add((String) null) : addRaw(value.toString());
    }

    public CopyRows endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Sends the rows in the current transaction's connection; returns how many PostgreSQL stored. */
    public long copy(DataSource dataSource) {
        if (rows == 0) {
            return 0;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(statement, new StringReader(text.toString()), text.length());
        } catch (SQLException e) {
            throw new CopyFailed(statement, e);
        } catch (IOException e) {
            throw new IllegalStateException("reading rows for " + statement + " from memory failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** A value with no character COPY's text format escapes (numbers, timestamps). */
    private CopyRows addRaw(String value) {
        separate();
        text.append(value);
        return this;
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }

    /** A COPY that PostgreSQL refused; {@link #sqlState()} says why (23505: a row's key was there already). */
    public static final class CopyFailed extends RuntimeException {
        private final String sqlState;

        CopyFailed(String statement, SQLException cause) {
            super(statement + " failed: " + cause.getMessage(), cause);
            this.sqlState = cause.getSQLState();
        }

        public String sqlState() {
            return sqlState;
        }

        public boolean isDuplicateKey() {
            return "23505".equals(sqlState);
        }
    }
}
