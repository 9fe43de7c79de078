package io.shiporskip.projector.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.eventstore.StoredEvents;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recomputes every read model from the event store (not from Kafka) into a scratch schema, with the same projections
 * the consumer uses, then compares each table with the serving one (both directions, {@code EXCEPT ALL}) on every
 * column that does not depend on when or in which transaction a row was written. Zero differences is the proof that
 * the incrementally built read models equal a full rebuild.
 *
 * <p>Each run has a scratch schema of its own ({@code read_model_verify_<random>}), so runs on several projector
 * instances at once never touch each other's tables. A run holds a session-level advisory lock named after its schema
 * while it lives; a schema whose lock nobody holds was left by a run that died, and the next run drops it. Within one
 * instance runs queue (each holds a connection for its lock and uses the pool for its replay).
 *
 * <p>{@code event_log} rows keep the data in the version current when they were projected: rows whose versions
 * differ are compared after upcasting both to the current version, so a version change needs no rebuild to pass.
 */
@Component
public class ReadModelVerification {

    static final String SCRATCH_PREFIX = "read_model_verify_";

    /** Tables and the columns that must be equal (write-time columns such as seq, tx_id, applied_at excluded). */
    private static final Map<String, String> COMPARED = new LinkedHashMap<>();

    static {
        COMPARED.put("tool_card", "tool_id, name, tagline, description, category, pricing_model, pricing_entry, "
                + "pricing_details, best_for, version, locked, listed_at, community_ship, community_skip");
        COMPARED.put("panel_review", "tool_id, persona, score, verdict, text, revision, current, hidden");
        COMPARED.put("comparison", "comparison_id, title, tool_ids, created_at");
        COMPARED.put("voter_vote", "voter_id, tool_id, choice, cast_at");
        COMPARED.put("voter_bookmark", "voter_id, tool_id, bookmarked_at");
        COMPARED.put("vote_bucket", "tool_id, bucket_start, cast_count, changed, retracted, voided, ship, skip");
        // data is compared apart (eventLogData): a row written before a version change holds the older shape
        COMPARED.put("event_log", "event_id, position, type, subject, actor_id, actor_role, occurred_at, reason");
        COMPARED.put("tool_state_history", "tool_id, valid_from, state");
        COMPARED.put("applied_event", "event_id, subject, type, position, command_id");
    }

    public record TableDifference(String table, long onlyServing, long onlyRecomputed) {
    }

    public record Result(long eventsReplayed, long differences, List<TableDifference> tables, Instant finishedAt) {
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final StoredEvents storedEvents;
    private final EventDecoder decoder;
    private final ObjectMapper mapper = new ObjectMapper();

    ReadModelVerification(DataSource dataSource, JdbcClient jdbc, StoredEvents storedEvents, EventDecoder decoder) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.storedEvents = storedEvents;
        this.decoder = decoder;
    }

    /**
     * Recomputes and compares (synchronous: as long as a replay of the whole store).
     *
     * @throws org.springframework.dao.DataAccessException when the database fails during the run
     */
    public synchronized Result run() {
        String scratch = SCRATCH_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection holder = dataSource.getConnection()) {
            lock(holder, "pg_advisory_lock", scratch);
            try {
                dropAbandoned();
                return compare(scratch);
            } finally {
                jdbc.sql("DROP SCHEMA IF EXISTS " + scratch + " CASCADE").update();
                lock(holder, "pg_advisory_unlock", scratch);
            }
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("no connection to hold the verification's lock", e);
        }
    }

    private Result compare(String scratch) {
        Flyway.configure().dataSource(dataSource).schemas(scratch).defaultSchema(scratch)
                .locations("classpath:db/generation").load().migrate();
        long replayed = storedEvents.replayInto(new WriteTarget.Schema(scratch), read -> { }, () -> false);
        List<TableDifference> tables = new ArrayList<>();
        long total = 0;
        for (var table : COMPARED.entrySet()) {
            long onlyServing = count(table.getValue(), "read_model." + table.getKey(), scratch + "." + table.getKey());
            long onlyRecomputed = count(table.getValue(), scratch + "." + table.getKey(), "read_model." + table.getKey());
            if (table.getKey().equals("event_log")) {
                long dataDiffers = eventLogData(scratch);
                onlyServing += dataDiffers;
                onlyRecomputed += dataDiffers;
            }
            tables.add(new TableDifference(table.getKey(), onlyServing, onlyRecomputed));
            total += onlyServing + onlyRecomputed;
        }
        return new Result(replayed, total, tables, Instant.now());
    }

    /**
     * Rows of both logs (matched by event id) whose data differ: compared as stored where both are in one version,
     * and after upcasting both to the current version where they are not.
     */
    private long eventLogData(String scratch) {
        long sameVersion = jdbc.sql("SELECT count(*) FROM read_model.event_log s JOIN " + scratch
                + ".event_log r USING (event_id) WHERE s.version = r.version AND s.data <> r.data")
                .query(Long.class).single();
        long[] upcastDiffer = {0};
        jdbc.sql("SELECT s.type, s.version AS sv, s.data::text AS sd, r.version AS rv, r.data::text AS rd "
                        + "FROM read_model.event_log s JOIN " + scratch + ".event_log r USING (event_id) "
                        + "WHERE s.version <> r.version")
                .query(rs -> {
                    String type = rs.getString("type");
                    if (!decoder.upcast(type, rs.getInt("sv"), tree(rs.getString("sd")))
                            .equals(decoder.upcast(type, rs.getInt("rv"), tree(rs.getString("rd"))))) {
                        upcastDiffer[0]++;
                    }
                });
        return sameVersion + upcastDiffer[0];
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event_log.data is not JSON", e);
        }
    }

    /** Scratch schemas of runs that died: a run creates its schema after taking its lock and drops it before letting go. */
    private void dropAbandoned() {
        List<String> schemas = jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE ?")
                // with the fixed name older releases used ("read_model_verify"), which nothing holds a lock on
                .param("read\\_model\\_verify%").query(String.class).list();
        for (String schema : schemas) {
            jdbc.sql("""
                    SELECT 1 FROM (SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0)) AS free) t WHERE free
                    """).param(schema).query(Integer.class).optional()
                    .ifPresent(free -> jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update());
        }
    }

    private static void lock(Connection c, String function, String scratch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            p.setString(1, scratch);
            p.execute();
        }
    }

    private long count(String columns, String from, String minus) {
        return jdbc.sql("SELECT count(*) FROM (SELECT " + columns + " FROM " + from + live(from) + " EXCEPT ALL SELECT "
                + columns + " FROM " + minus + live(minus) + ") d").query(Long.class).single();
    }

    /**
     * The rows a table's readers see: a voter's vote rows without a choice only record that a retraction or void came
     * (db/generation V5), and generations built before them have none, so they are left out of the comparison.
     */
    private static String live(String table) {
        return table.endsWith(".voter_vote") ? " WHERE choice IS NOT NULL" : "";
    }
}
