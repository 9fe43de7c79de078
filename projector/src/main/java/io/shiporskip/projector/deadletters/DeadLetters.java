package io.shiporskip.projector.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.projector.consumer.DeadLetterParking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code dead_letter} table: parking, listing and resolving events the projector could not apply. */
@Component
public class DeadLetters implements DeadLetterParking {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_ERROR = 2000;

    private final JdbcClient jdbc;
    private final ObjectMapper json = new ObjectMapper();

    DeadLetters(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("shiporskip.projector.dead_letters.parked", this, DeadLetters::parkedOrMinusOne)
                .description("events parked because they could not be applied (-1: database unreachable)")
                .register(meters);
        Gauge.builder("shiporskip.projector.dead_letters.waiting", this, DeadLetters::waitingOrMinusOne)
                .description("events waiting behind a parked event of their subject (-1: database unreachable)")
                .register(meters);
    }

    @Override
    public void park(ConsumerRecord<String, byte[]> record, Exception failure) {
        JsonNode envelope = readLeniently(record.value());
        String error = describe(failure);
        log.error("Parking event at {}-{}@{} ({} {}): {}", record.topic(), record.partition(), record.offset(),
                text(envelope, "type"), text(envelope, "id"), error);
        insert(record, envelope, "PARKED", error);
    }

    @Override
    public void parkBehind(ConsumerRecord<String, byte[]> record) {
        JsonNode envelope = readLeniently(record.value());
        insert(record, envelope, "WAITING", "waits behind the parked event of subject " + record.key());
    }

    /** A record offset seen again is a new record (the topic was recreated): it replaces what was kept for it. */
    private void insert(ConsumerRecord<String, byte[]> record, JsonNode envelope, String state, String error) {
        jdbc.sql("""
                INSERT INTO dead_letter (topic, partition, record_offset, event_id, type, subject, error, payload, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (topic, partition, record_offset) DO UPDATE
                SET attempts = dead_letter.attempts + 1, error = EXCLUDED.error, failed_at = now(),
                    state = EXCLUDED.state, event_id = EXCLUDED.event_id, type = EXCLUDED.type,
                    subject = EXCLUDED.subject, payload = EXCLUDED.payload,
                    resolved_by = NULL, resolution = NULL, resolved_at = NULL
                """).params(record.topic(), record.partition(), record.offset(), text(envelope, "id"),
                        text(envelope, "type"), sequenceOf(record, envelope), error, record.value(), state)
                .update();
    }

    /** The subject a record is sequenced by: its Kafka key, which the relay sets to the CloudEvent subject. */
    private static String sequenceOf(ConsumerRecord<String, byte[]> record, JsonNode envelope) {
        return record.key() != null ? record.key() : text(envelope, "subject");
    }

    /**
     * Every WAITING letter has a PARKED one of its subject before it (a release that leaves some waiting parks the
     * one that failed), so the held subjects are those of the PARKED letters: the partial index answers.
     */
    @Override
    public Set<String> heldSubjects() {
        return Set.copyOf(jdbc.sql("SELECT DISTINCT subject FROM dead_letter WHERE state = 'PARKED' AND subject IS NOT NULL")
                .query(String.class).list());
    }

    /** Events that need a decision (retry or skip). */
    public long parked() {
        return jdbc.sql("SELECT count(*) FROM dead_letter WHERE state = 'PARKED'").query(Long.class).single();
    }

    /** Events that wait behind a parked one of their subject. */
    public long waiting() {
        return jdbc.sql("SELECT count(*) FROM dead_letter WHERE state = 'WAITING'").query(Long.class).single();
    }

    private double parkedOrMinusOne() {
        try {
            return parked();
        } catch (RuntimeException unreachable) {
            return -1;
        }
    }

    private double waitingOrMinusOne() {
        try {
            return waiting();
        } catch (RuntimeException unreachable) {
            return -1;
        }
    }

    public List<DeadLetter> list(String state, int limit) {
        return jdbc.sql("SELECT * FROM dead_letter WHERE (CAST(? AS text) IS NULL OR state = ?) ORDER BY id LIMIT ?")
                .params(state, state, limit).query((rs, n) -> row(rs)).list();
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql("SELECT * FROM dead_letter WHERE id = ?").param(id).query((rs, n) -> row(rs)).optional();
    }

    /** A letter to release, row-locked for the release transaction; empty unless PARKED or WAITING. */
    Optional<DeadLetter> lockHeld(long id) {
        return jdbc.sql("SELECT * FROM dead_letter WHERE id = ? AND state IN ('PARKED', 'WAITING') FOR UPDATE")
                .param(id).query((rs, n) -> row(rs)).optional();
    }

    /** The first held letter of the subject (the one a release starts from). */
    Optional<Long> firstHeld(String subject) {
        return jdbc.sql("SELECT min(id) FROM dead_letter WHERE subject = ? AND state IN ('PARKED', 'WAITING')")
                .param(subject).query(Long.class).optional();
    }

    /** The letters waiting behind the given one, in the order they were consumed. */
    List<DeadLetter> waitingBehind(DeadLetter first) {
        if (first.subject() == null) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM dead_letter WHERE subject = ? AND state = 'WAITING' AND id > ? ORDER BY id FOR UPDATE")
                .params(first.subject(), first.id()).query((rs, n) -> row(rs)).list();
    }

    /** The stored record value of a letter. */
    byte[] payload(long id) {
        return jdbc.sql("SELECT payload FROM dead_letter WHERE id = ?").param(id).query(byte[].class).single();
    }

    void resolve(long id, String state, String actor, String resolution) {
        jdbc.sql("""
                UPDATE dead_letter SET state = ?, resolved_by = ?, resolution = ?, resolved_at = now() WHERE id = ?
                """).params(state, actor, resolution, id).update();
    }

    /** The letter failed (again): it is, or now becomes, the parked first of its subject. */
    void failed(long id, Exception failure) {
        jdbc.sql("""
                UPDATE dead_letter SET state = 'PARKED', attempts = attempts + 1, error = ?, failed_at = now()
                WHERE id = ?""").params(describe(failure), id).update();
    }

    private static DeadLetter row(ResultSet rs) throws SQLException {
        Timestamp resolvedAt = rs.getTimestamp("resolved_at");
        return new DeadLetter(rs.getLong("id"), rs.getString("topic"), rs.getInt("partition"),
                rs.getLong("record_offset"), rs.getString("event_id"), rs.getString("type"), rs.getString("subject"),
                rs.getString("error"), rs.getTimestamp("failed_at").toInstant(), rs.getInt("attempts"),
                rs.getString("state"), rs.getString("resolved_by"), rs.getString("resolution"),
                resolvedAt == null ? null : resolvedAt.toInstant());
    }

    static String describe(Exception failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < MAX_ERROR; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text.toString();
    }

    private JsonNode readLeniently(byte[] value) {
        try {
            return json.readTree(value);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        String value = node.get(field).asText();
        return value.length() > 120 ? value.substring(0, 120) : value;
    }
}
