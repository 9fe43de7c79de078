package io.shiporskip.query.consistency;

/**
 * The settled horizon: a transaction id below which every transaction that could write this database's read models
 * has ended. The audit history serves only rows whose writing transaction is below it, so a row can never appear
 * behind a cursor a client already holds (rows are ordered by their writer's transaction id, which is assigned before
 * the row commits).
 * <p>
 * Not the snapshot's {@code xmin}, which was used before: transaction ids are shared by the whole PostgreSQL server,
 * so any long transaction in any database (a {@code pg_dump}, an analyst's open session) held the history of every
 * database back for as long as it ran. Here the transactions the snapshot sees in progress count unless
 * {@code pg_locks} shows them held by a backend of another database (every transaction holds the lock on its own id
 * until it ends; {@code pg_locks} and the {@code datid} of {@code pg_stat_activity} are readable by any role, so the
 * query service's least-privileged role computes it too). A transaction that ends between the snapshot and the look
 * at {@code pg_locks} cannot be placed and still counts: the horizon only errs low, never high. Ids are compared
 * modulo 2^32 ({@code pg_locks} shows 32-bit ids); transactions in progress at once are always within 2^31 of each
 * other, so the match is exact.
 */
public final class SettledHorizon {

    /** An SQL expression of type {@code xid8}, evaluated with the statement's own snapshot. */
    public static final String SQL = """
            (SELECT coalesce(min(running), pg_snapshot_xmax(pg_current_snapshot()))
             FROM pg_snapshot_xip(pg_current_snapshot()) AS running
             WHERE NOT EXISTS (
                 SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
                   AND l.transactionid::text = (running::text::numeric % 4294967296)::text
                   AND a.datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database())))""";

    private SettledHorizon() {
    }
}
