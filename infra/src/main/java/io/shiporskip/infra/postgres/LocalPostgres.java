package io.shiporskip.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a PostgreSQL server to use: the one at the given URL when it answers, otherwise an embedded server
 * (zonky) on the given port. Databases are created when missing, so a fresh machine needs no manual step.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9_]{1,63}");

    private final PostgresEndpoint server;
    private final EmbeddedPostgres embedded;

    private LocalPostgres(PostgresEndpoint server, EmbeddedPostgres embedded) {
        this.server = server;
        this.embedded = embedded;
    }

    /**
     * @param wanted   the database the caller wants; its server is tried first
     * @param fallback where an embedded server keeps its data, and its port; empty: no fallback
     */
    public static LocalPostgres reachableOrEmbedded(PostgresEndpoint wanted, Optional<EmbeddedSpec> fallback)
            throws IOException {
        PostgresEndpoint admin = wanted.withDatabase("postgres");
        if (answers(admin)) {
            log.info("Using the PostgreSQL server at {}", admin.jdbcUrl());
            return new LocalPostgres(admin, null);
        }
        EmbeddedSpec spec = fallback.orElseThrow(() -> new IOException("no PostgreSQL server answers at "
                + admin.jdbcUrl() + " and no embedded fallback is allowed"));
        Files.createDirectories(spec.dataDir());
        log.info("No PostgreSQL server at {}: starting an embedded one on port {}", admin.jdbcUrl(), spec.port());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(spec.port())
                .setDataDirectory(spec.dataDir())
                .setCleanDataDirectory(spec.cleanDataDir())
                .start();
        return new LocalPostgres(new PostgresEndpoint(pg.getJdbcUrl("postgres", "postgres"), "postgres", ""), pg);
    }

    private static boolean answers(PostgresEndpoint endpoint) {
        try (Connection ignored = endpoint.connect()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The database {@code name} on this server, created if it does not exist. */
    public PostgresEndpoint database(String name) throws SQLException {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database names here are [a-z0-9_]{1,63}: " + name);
        }
        try (Connection c = server.connect()) {
            if (!exists(c, name)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                } catch (SQLException e) {
                    // another process created it between our check and our CREATE: fine
                    if (!exists(c, name)) {
                        throw e;
                    }
                }
            }
        }
        return server.withDatabase(name);
    }

    public void dropDatabase(String name) throws SQLException {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database names here are [a-z0-9_]{1,63}: " + name);
        }
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Where an embedded fallback server keeps its data and which port it listens on. */
    public record EmbeddedSpec(Path dataDir, int port, boolean cleanDataDir) {
    }
}
