package io.shiporskip.projector.generations;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Generation schemas against a real PostgreSQL: the generation that db/migration moved out of read_model is exactly
 * what db/generation builds for a new one, a switch moves every view in one transaction, and what pages read bumps
 * the serving version (the query service's page cache is validated by it).
 */
class GenerationsIT {

    private DriverManagerDataSource dataSource;
    private JdbcClient jdbc;
    private Generations generations;

    @BeforeEach
    void migratedDatabase() throws Exception {
        PostgresEndpoint db = TestPostgres.freshDatabase();
        dataSource = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password());
        dataSource.setSchema("read_model");
        Flyway.configure().dataSource(dataSource).schemas("read_model").defaultSchema("read_model").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        generations = new Generations(dataSource, jdbc, new SimpleMeterRegistry());
        generations.afterPropertiesSet();
    }

    @Test
    void aNewGenerationHasExactlyTheTablesColumnsAndIndexesOfTheMigratedOne() throws Exception {
        generations.create(2);

        assertThat(columns("read_model_g2")).isEqualTo(columns("read_model_g1")).hasSizeGreaterThan(60);
        assertThat(indexes("read_model_g2")).isEqualTo(indexes("read_model_g1")).hasSizeGreaterThan(12);
    }

    @Test
    void theServingGenerationIsBaselinedNotRebuiltAndItsViewsAreInPlace() {
        assertThat(jdbc.sql("SELECT count(*) FROM read_model_g1.flyway_schema_history WHERE type = 'BASELINE'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(views()).contains("tool_card", "applied_event", "event_log", "projection_offset", "dead_letter")
                .hasSize(11);
    }

    @Test
    void pageChangesInTheServingGenerationAndSwitchesBumpTheServingVersionOncePerTransactionAtCommit() throws Exception {
        long start = servingVersion();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO read_model.tool_card (tool_id, name) VALUES ('a', 'A'), ('b', 'B')");
            s.executeUpdate("UPDATE read_model.tool_card SET community_ship = 1");
            s.executeUpdate("INSERT INTO read_model.comparison (comparison_id, title, tool_ids, created_at) "
                    + "VALUES ('a-vs-b', 'A vs B', '{a,b}', now())");
            // deferred to the commit: until then the version row is not even locked (NOWAIT would fail)
            assertThat(jdbc.sql("SELECT version FROM read_model.serving_version FOR UPDATE NOWAIT")
                    .query(Long.class).single()).isEqualTo(start);
            c.commit();
        }
        assertThat(servingVersion()).isEqualTo(start + 1);

        jdbc.sql("INSERT INTO read_model.voter_bookmark (voter_id, tool_id, bookmarked_at) VALUES ('v', 'a', now())")
                .update();
        assertThat(servingVersion()).as("pages do not read bookmarks").isEqualTo(start + 1);

        generations.create(2);
        jdbc.sql("INSERT INTO read_model_g2.tool_card (tool_id, name) VALUES ('new', 'New')").update();
        assertThat(servingVersion()).as("a generation that is not served").isEqualTo(start + 1);

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            generations.lockServingGeneration(c);
            generations.expose(c, 2);
            c.commit();
        }
        assertThat(servingVersion()).isEqualTo(start + 2);
        jdbc.sql("UPDATE read_model.tool_card SET name = 'Newer'").update();
        assertThat(servingVersion()).as("the new generation has the triggers too").isEqualTo(start + 3);
    }

    @Test
    void eachTransactionAnnouncesItsVersionWithTheToolsAndComparisonsItChangedAndASwitchAnnouncesEverything()
            throws Exception {
        try (Connection listener = dataSource.getConnection(); Statement listen = listener.createStatement()) {
            listen.execute("LISTEN shiporskip_read_model");
            long start = servingVersion();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO read_model.tool_card (tool_id, name) VALUES ('a', 'A'), ('b', 'B')");
                s.executeUpdate("UPDATE read_model.tool_card SET community_ship = 1 WHERE tool_id = 'a'");
                s.executeUpdate("INSERT INTO read_model.panel_review (tool_id, persona, score, verdict, text, revision, "
                        + "current) VALUES ('c', 'BUILDER', 7, 'SHIP', 'Good.', 1, true)");
                s.executeUpdate("INSERT INTO read_model.comparison (comparison_id, title, tool_ids, created_at) "
                        + "VALUES ('a-vs-b', 'A vs B', '{a,b}', now())");
                c.commit();
            }
            long version = start + 1;
            assertThat(notifications(listener)).containsExactlyInAnyOrder(version + " tool:a", version + " tool:b",
                    version + " tool:c", version + " comparison:a-vs-b");

            jdbc.sql("DELETE FROM read_model.tool_card WHERE tool_id = 'b'").update();
            assertThat(notifications(listener)).containsExactly((version + 1) + " tool:b");

            generations.create(2);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                generations.lockServingGeneration(c);
                generations.expose(c, 2);
                c.commit();
            }
            assertThat(notifications(listener)).containsExactly(String.valueOf(version + 2));
        }
    }

    private static List<String> notifications(Connection listener) throws Exception {
        PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(2_000);
        return received == null ? List.of() : Arrays.stream(received).map(PGNotification::getParameter).toList();
    }

    @Test
    void aSwitchPointsEveryViewAtTheNewGenerationInOneTransaction() throws Exception {
        jdbc.sql("INSERT INTO read_model.tool_card (tool_id, name) VALUES ('old', 'Old')").update();
        generations.create(2);
        jdbc.sql("INSERT INTO read_model_g2.tool_card (tool_id, name) VALUES ('new', 'New')").update();

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThat(generations.lockServingGeneration(c)).isEqualTo(1);
            generations.expose(c, 2);
            // until the commit, readers of the views wait (the view DDL holds their locks): expose comes last
            c.commit();
        }

        assertThat(toolIds()).containsExactly("new");
        assertThat(generations.current()).isEqualTo(2);
        // writes through the views (the live consumer's) land in the new generation, defaults included
        jdbc.sql("INSERT INTO read_model.event_log (event_id, type, version, subject, occurred_at, data) "
                + "VALUES ('e1', 'ToolListed', 1, 'new', now(), '{}')").update();
        assertThat(jdbc.sql("SELECT count(*) FROM read_model_g2.event_log WHERE seq IS NOT NULL AND tx_id IS NOT NULL")
                .query(Long.class).single()).isEqualTo(1);

        assertThatThrownBy(() -> generations.drop(2)).hasMessageContaining("being served");
        generations.drop(1);
        assertThat(generations.existing()).containsExactly(2);
        assertThat(toolIds()).containsExactly("new");
    }

    private long servingVersion() {
        return jdbc.sql("SELECT version FROM read_model.serving_version").query(Long.class).single();
    }

    private List<String> toolIds() {
        return jdbc.sql("SELECT tool_id FROM read_model.tool_card ORDER BY tool_id").query(String.class).list();
    }

    private List<String> views() {
        return jdbc.sql("SELECT viewname FROM pg_views WHERE schemaname = 'read_model'").query(String.class).list();
    }

    private List<String> columns(String schema) {
        return jdbc.sql("""
                SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
                       || coalesce(replace(column_default, ?, 'G'), '') || ' #' || ordinal_position
                FROM information_schema.columns WHERE table_schema = ? AND table_name <> 'flyway_schema_history'
                ORDER BY table_name, ordinal_position""").params(schema + ".", schema).query(String.class).list();
    }

    private List<String> indexes(String schema) {
        return jdbc.sql("""
                SELECT replace(indexdef, ?, 'G.') FROM pg_indexes
                WHERE schemaname = ? AND tablename <> 'flyway_schema_history' ORDER BY indexname""")
                .params(schema + ".", schema).query(String.class).list();
    }
}
