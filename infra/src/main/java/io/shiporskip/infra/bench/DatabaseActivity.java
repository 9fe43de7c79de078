package io.shiporskip.infra.bench;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL did between two snapshots, from its statistics views: commits and rollbacks of the benchmark's
 * database ({@code pg_stat_database}), WAL records, bytes and flushes of the whole server ({@code pg_stat_wal}: the
 * server is the benchmark's own, so the machine should be quiet), and statements of the database when
 * {@code pg_stat_statements} is loaded ({@code shared_preload_libraries}; utility statements such as BEGIN and COMMIT
 * count, so it is close to the number of round trips). Backends report their counters at most once a second, so a
 * snapshot taken right after a phase misses up to a second of it: {@link #settled} waits that out.
 */
record DatabaseActivity(long commits, long rollbacks, long walRecords, long walBytes, long walFlushes,
                        Long statements) {

    static DatabaseActivity read(PostgresEndpoint database) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            long commits;
            long rollbacks;
            try (ResultSet rs = s.executeQuery("SELECT xact_commit, xact_rollback FROM pg_stat_database "
                    + "WHERE datname = current_database()")) {
                rs.next();
                commits = rs.getLong(1);
                rollbacks = rs.getLong(2);
            }
            long walRecords;
            long walBytes;
            long walFlushes;
            try (ResultSet rs = s.executeQuery("SELECT wal_records, wal_bytes, wal_sync FROM pg_stat_wal")) {
                rs.next();
                walRecords = rs.getLong(1);
                walBytes = rs.getLong(2);
                walFlushes = rs.getLong(3);
            }
            return new DatabaseActivity(commits, rollbacks, walRecords, walBytes, walFlushes, statements(c));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's statistics", e);
        }
    }

    /** A snapshot once the backends have reported what they did up to now (they report at most once a second). */
    static DatabaseActivity settled(PostgresEndpoint database) throws InterruptedException {
        Thread.sleep(1_500);
        return read(database);
    }

    /** Enables {@code pg_stat_statements} in the database when the server has it loaded; false otherwise. */
    static boolean enableStatementCounts(PostgresEndpoint database) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('shared_preload_libraries') "
                    + "LIKE '%pg_stat_statements%'")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Long statements(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notLoaded) {
            return null;
        }
    }

    /** This snapshot's counters less an earlier one's. */
    DatabaseActivity since(DatabaseActivity earlier) {
        return new DatabaseActivity(commits - earlier.commits, rollbacks - earlier.rollbacks,
                walRecords - earlier.walRecords, walBytes - earlier.walBytes, walFlushes - earlier.walFlushes,
                statements == null || earlier.statements == null ? null : statements - earlier.statements);
    }
}
