package io.shiporskip.projector.generations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The generation schemas ({@code read_model_g<N>}) and the views in {@code read_model} that expose the serving one.
 * Readers and the live consumer only ever name {@code read_model.<table>}; which tables those are changes in one
 * transaction ({@link #expose}).
 */
@Component
public class Generations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);
    /** The views live here; so do the generation and rebuild tables. */
    public static final String SERVING = "read_model";
    private static final Pattern GENERATION_SCHEMA = Pattern.compile("read_model_g[0-9]+");
    /** Serialises everything that replaces the views, across projector instances. */
    private static final long VIEW_LOCK = 0x5e1ec7_0001L;

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    Generations(DataSource dataSource, JdbcClient jdbc, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        Gauge.builder("shiporskip.projector.generation", this, g -> g.currentOrMinusOne())
                .description("the read-model generation being served (-1: database unreachable)").register(meters);
    }

    public static String schemaOf(int generation) {
        return "read_model_g" + generation;
    }

    /** The serving generation. */
    public int current() {
        return jdbc.sql("SELECT current FROM " + SERVING + ".generation WHERE id = 1").query(Integer.class).single();
    }

    /**
     * A projector starting may bring migrations of the read-model tables: the serving generation gets them, and its
     * views are refreshed so that new columns show through.
     */
    @Override
    public void afterPropertiesSet() throws SQLException {
        int serving = current();
        migrate(schemaOf(serving));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int stillServing = lockServingGeneration(c);
                if (stillServing == serving) {
                    expose(c, serving);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** An empty generation with every read-model table, replacing whatever an earlier attempt left under its name. */
    public void create(int generation) throws SQLException {
        drop(generation);
        migrate(schemaOf(generation));
    }

    /**
     * Drops a generation that is not served (never the serving one). Waits at most 30 s for readers still inside its
     * tables (statements that began before a switch).
     */
    public void drop(int generation) throws SQLException {
        if (generation == current()) {
            throw new IllegalStateException("generation " + generation + " is being served");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("SET LOCAL lock_timeout = '30s'");
                s.execute("DROP SCHEMA IF EXISTS " + schemaOf(generation) + " CASCADE");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every generation schema in the database, served or not. */
    public List<Integer> existing() {
        List<Integer> generations = new ArrayList<>();
        for (String schema : jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read\\_model\\_g%'")
                .query(String.class).list()) {
            if (GENERATION_SCHEMA.matcher(schema).matches()) {
                generations.add(Integer.parseInt(schema.substring("read_model_g".length())));
            }
        }
        return generations;
    }

    /**
     * Takes the serving-generation row FOR UPDATE in the caller's transaction: projection batches (which read it FOR
     * SHARE first) wait until the caller commits. Returns the serving generation.
     */
    public int lockServingGeneration(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current FROM " + SERVING + ".generation WHERE id = 1 FOR UPDATE")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Within the caller's transaction (which holds {@link #lockServingGeneration}): points every view at the tables of
     * the given generation and records it as serving, and bumps the serving version (the query service's cached pages
     * are dropped when it commits). Readers see the old tables until the commit, the new ones after.
     */
    public void expose(Connection c, int generation) throws SQLException {
        String schema = schemaOf(generation);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + VIEW_LOCK + ")");
            for (String view : names(c, "SELECT viewname FROM pg_views WHERE schemaname = ?", SERVING)) {
                s.execute("DROP VIEW " + SERVING + "." + view);
            }
            for (String table : names(c, "SELECT tablename FROM pg_tables WHERE schemaname = ? "
                    + "AND tablename <> 'flyway_schema_history'", schema)) {
                s.execute("CREATE VIEW " + SERVING + "." + table + " AS SELECT * FROM " + schema + "." + table);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE " + SERVING + ".generation SET current = ?, switched_at = now() WHERE id = 1")) {
            p.setInt(1, generation);
            p.executeUpdate();
        }
        // the views now name other tables: every cached page must go (db/migration V8)
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + SERVING + ".bump_serving_version()");
        }
        log.info("Serving read-model generation {}", generation);
    }

    private void migrate(String schema) {
        // generation 1 was built by db/migration before generations existed: baseline it instead of re-creating it
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/generation").baselineOnMigrate(true).baselineVersion("1")
                .load().migrate();
    }

    private static List<String> names(Connection c, String sql, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private double currentOrMinusOne() {
        try {
            return current();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
