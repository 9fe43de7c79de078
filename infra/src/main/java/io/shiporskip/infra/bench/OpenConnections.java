package io.shiporskip.infra.bench;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One JDBC connection per load thread, opened before a baseline's measured window and closed after its cost is read:
 * a PostgreSQL backend's CPU can only be read while it lives, so connections closed inside the window would hide the
 * database's share of a baseline.
 */
final class OpenConnections implements AutoCloseable {

    private final List<Connection> connections = new ArrayList<>();

    OpenConnections(PostgresEndpoint database, int count) throws SQLException {
        try {
            for (int i = 0; i < count; i++) {
                connections.add(database.connect());
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    Connection get(int thread) {
        return connections.get(thread);
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
