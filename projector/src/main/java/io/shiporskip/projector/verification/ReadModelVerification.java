package io.shiporskip.projector.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.projector.consumer.EventReplay;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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
    private static final int CHUNK = 1000;

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
    private final TransactionTemplate transaction;
    private final EventReplay applier;
    private final CloudEventCodec codec;
    private final ObjectMapper json = new ObjectMapper();

    ReadModelVerification(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction,
                          EventReplay applier, CloudEventCodec codec) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.applier = applier;
        this.codec = codec;
    }

    public synchronized Result run() {
        jdbc.sql("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE").update();
        Flyway.configure().dataSource(dataSource).schemas(SCRATCH).defaultSchema(SCRATCH)
                .locations("classpath:db/migration").load().migrate();
        long replayed = replayEventStore();
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

    /** Every stored event in global order, as the relay would have published it, applied in chunks. */
    private long replayEventStore() {
        long after = -1;
        long replayed = 0;
        while (true) {
            List<Map<String, Object>> rows = jdbc.sql("""
                    SELECT global_index, event_identifier, payload_type, convert_from(payload, 'UTF8') AS payload,
                           convert_from(meta_data, 'UTF8') AS meta_data, time_stamp
                    FROM event_store.domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT ?""")
                    .params(after, CHUNK).query().listOfRows();
            if (rows.isEmpty()) {
                return replayed;
            }
            List<byte[]> envelopes = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                envelopes.add(envelope(row));
                after = ((Number) row.get("global_index")).longValue();
            }
            transaction.executeWithoutResult(status -> {
                jdbc.sql("SET LOCAL search_path TO " + SCRATCH).update();
                envelopes.forEach(applier::applyInCurrentTransaction);
            });
            replayed += rows.size();
        }
    }

    private byte[] envelope(Map<String, Object> row) {
        try {
            Class<?> type = Class.forName((String) row.get("payload_type"));
            EventCatalog.of(type);
            ShipOrSkipEvent event = (ShipOrSkipEvent) json.readValue((String) row.get("payload"), type);
            JsonNode meta = row.get("meta_data") == null ? json.createObjectNode() : json.readTree((String) row.get("meta_data"));
            return codec.write(codec.envelope(event, (String) row.get("event_identifier"), "/shiporskip/command-service",
                    Instant.parse((String) row.get("time_stamp")), new CloudEventCodec.Provenance(
                            text(meta, "actorId"), text(meta, "actorRole"), text(meta, "reason"), text(meta, "commandId")),
                    ((Number) row.get("global_index")).longValue()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read stored event " + row.get("event_identifier"), e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
