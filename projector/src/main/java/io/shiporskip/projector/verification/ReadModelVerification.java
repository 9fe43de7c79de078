package io.shiporskip.projector.verification;

import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.eventstore.StoredEvents;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes every read model from the event store (not from Kafka) into a scratch schema, with the same projections
 * the consumer uses, then compares each table with the serving one (both directions, {@code EXCEPT ALL}) on every
 * column that does not depend on when or in which transaction a row was written. Zero differences is the proof that
 * the incrementally built read models equal a full rebuild.
 */
@Component
public class ReadModelVerification {

    static final String SCRATCH = "read_model_verify";

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
        COMPARED.put("event_log", "event_id, position, type, subject, actor_id, actor_role, occurred_at, reason, data");
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

    ReadModelVerification(DataSource dataSource, JdbcClient jdbc, StoredEvents storedEvents) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.storedEvents = storedEvents;
    }

    public synchronized Result run() {
        jdbc.sql("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE").update();
        Flyway.configure().dataSource(dataSource).schemas(SCRATCH).defaultSchema(SCRATCH)
                .locations("classpath:db/generation").load().migrate();
        long replayed = storedEvents.replayInto(new WriteTarget.Schema(SCRATCH), read -> { }, () -> false);
        List<TableDifference> tables = new ArrayList<>();
        long total = 0;
        for (var table : COMPARED.entrySet()) {
            long onlyServing = count(table.getValue(), "read_model." + table.getKey(), SCRATCH + "." + table.getKey());
            long onlyRecomputed = count(table.getValue(), SCRATCH + "." + table.getKey(), "read_model." + table.getKey());
            tables.add(new TableDifference(table.getKey(), onlyServing, onlyRecomputed));
            total += onlyServing + onlyRecomputed;
        }
        jdbc.sql("DROP SCHEMA " + SCRATCH + " CASCADE").update();
        return new Result(replayed, total, tables, Instant.now());
    }

    private long count(String columns, String from, String minus) {
        return jdbc.sql("SELECT count(*) FROM (SELECT " + columns + " FROM " + from + " EXCEPT ALL SELECT " + columns
                + " FROM " + minus + ") d").query(Long.class).single();
    }
}
