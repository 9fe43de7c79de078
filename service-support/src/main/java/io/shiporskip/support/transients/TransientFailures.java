package io.shiporskip.support.transients;

import java.sql.SQLException;
import java.util.Set;

/**
 * The one rule for "a retry would resolve this": the database chose this transaction as a deadlock victim (SQLState
 * 40P01), could not serialize it (40001), or gave up waiting for a lock (55P03, {@code lock_timeout}). Such a
 * transaction was rolled back whole, so running it again is safe. Connection failures are not here: they mean the
 * database is away, which retrying at once does not fix (they answer 503 {@code store-unavailable} elsewhere).
 * Spring's and Axon's wrappers keep the driver's {@link SQLException} as a cause, so the SQLState decides everywhere.
 */
public final class TransientFailures {

    /** PostgreSQL's SQLStates for a rolled-back conflict (PostgreSQL manual, appendix A, classes 40 and 55). */
    static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03");

    private TransientFailures() {
    }

    /** True when the failure, or any cause of it, is a transient conflict. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && SQL_STATES.contains(e.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
