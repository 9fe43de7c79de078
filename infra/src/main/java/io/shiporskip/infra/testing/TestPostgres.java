package io.shiporskip.infra.testing;

import io.shiporskip.infra.postgres.LocalPostgres;
import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh database per test class on the PostgreSQL server at {@code POSTGRES_URL} (default localhost:5432), or on
 * an embedded server when none answers, or in a container ({@link TestInfrastructure}). Databases made here are
 * dropped when the JVM exits.
 */
public final class TestPostgres {

    private static final List<String> CREATED = new ArrayList<>();
    private static LocalPostgres server;

    private TestPostgres() {
    }

    public static synchronized PostgresEndpoint freshDatabase() {
        String name = "shiporskip_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            PostgresEndpoint db = server().database(name);
            CREATED.add(name);
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
    }

    private static LocalPostgres server() {
        if (server == null && TestInfrastructure.selected() == TestInfrastructure.CONTAINERS) {
            try {
                server = LocalPostgres.reachableOrEmbedded(TestContainers.postgres(), Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException("the PostgreSQL container does not answer", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropAll, "test-postgres-cleanup"));
        }
        if (server == null) {
            PostgresEndpoint wanted = new PostgresEndpoint(
                    env("POSTGRES_URL", "jdbc:postgresql://localhost:5432/postgres"),
                    env("POSTGRES_USER", "postgres"),
                    env("POSTGRES_PASSWORD", ""));
            try {
                server = LocalPostgres.reachableOrEmbedded(wanted, Optional.of(new LocalPostgres.EmbeddedSpec(
                        Files.createTempDirectory("shiporskip-pg-"), FreePorts.next(), true)));
            } catch (IOException e) {
                throw new UncheckedIOException("no PostgreSQL for tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropAll, "test-postgres-cleanup"));
        }
        return server;
    }

    private static synchronized void dropAll() {
        for (String name : CREATED) {
            try {
                server.dropDatabase(name);
            } catch (SQLException ignored) {
                // best effort at JVM exit: a left-over test database is harmless
            }
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is exiting anyway
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
