package io.shiporskip.support.transients;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The one rule for "the database cannot be reached or cannot take this connection now": SQLState class 08
 * (connection exceptions, also the driver's socket timeout), 53300 (too many connections), 57P01-57P03 (server
 * shutting down or starting), 57014 (a statement cancelled, as {@code statement_timeout} does to a call that hung on a
 * lock or a slow server), a refused socket, or the pool giving up waiting for a connection. The request did not commit; the answer is 503
 * {@code store-unavailable} with {@code Retry-After}, never 500. Spring's and Axon's wrappers keep the cause.
 */
public final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    public static boolean is(Throwable failure) {
        return matches(failure, true);
    }

    /**
     * As {@link #is}, but not for a cancelled statement (57014): the connection or the server itself is gone, full or
     * restarting, so whatever else is sent now fails alike. A statement cancelled by {@code statement_timeout} says only
     * that this statement waited too long (for a lock another transaction holds); the next may well succeed.
     */
    public static boolean connectionGone(Throwable failure) {
        return matches(failure, false);
    }

    private static boolean matches(Throwable failure, boolean cancelledStatement) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("53300") || state.startsWith("57P0")
                        || (cancelledStatement && state.equals("57014"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
