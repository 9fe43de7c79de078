package io.shiporskip.query.testing;

import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.SQLException;

/**
 * A fresh database holding one read-model generation's tables, created by the projector's own migrations
 * ({@code projector/src/main/resources/db/generation}) as a rebuild creates them: for tests of the query service's
 * SQL with history the HTTP API cannot produce (events in the past, rows in an old version).
 */
public final class GenerationTables {

    private GenerationTables() {
    }

    /** A client whose statements name the tables without a schema. */
    public static JdbcClient fresh() {
        return freshIn(TestPostgres.freshDatabase());
    }

    /** The same, in the given (fresh) database. */
    public static JdbcClient freshIn(PostgresEndpoint db) {
        // the tables' page-cache triggers call a function of the control schema (projector db/migration V8): a no-op
        // stands in, these tests read no cached pages
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA read_model");
            st.execute("CREATE FUNCTION read_model.note_serving_change() RETURNS TRIGGER LANGUAGE plpgsql"
                    + " AS $$ BEGIN RETURN NULL; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("read_model_g1")
                .locations("filesystem:../projector/src/main/resources/db/generation").load().migrate();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.jdbcUrl());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        dataSource.setCurrentSchema("read_model_g1");
        return JdbcClient.create(dataSource);
    }
}
