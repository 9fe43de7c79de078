package io.shiporskip.projector.rebuild;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.projector.consumer.EventConsumers;
import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.projector.consumer.TopicIds;
import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.generations.Generations;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild appends its rows with COPY ({@code RowWrites.COPY}); the live consumer writes the same events with
 * statements. Both read the same topic here, with voter ids and a reason that COPY's text format must escape (tab,
 * newline, backslash, quotes, non-ASCII) and a record the relay published twice, in a later batch than the first
 * (the COPY of ids is refused by the primary key and the batch is applied again by statements). The generation built
 * by copying must hold exactly the rows the serving one holds, each subject's log in the same order, and the tallies
 * the test's own votes add up to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shiporskip.rebuild-batch-size=4")
class CopyingRebuildIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String TOOL = "copy-tool";
    private static final String OTHER_TOOL = "copy-tool-2";
    private static final int GENERATION = 77;

    /** Each compared table and its columns: every column but those that say when or in which transaction. */
    private static final Map<String, String> COMPARED = Map.of(
            "tool_card", "tool_id, community_ship, community_skip",
            "voter_vote", "voter_id, tool_id, choice, cast_at, position",
            "voter_bookmark", "voter_id, tool_id, bookmarked_at",
            "vote_bucket", "tool_id, bucket_start, cast_count, changed, retracted, voided, ship, skip",
            "event_log", "event_id, position, type, version, subject, actor_id, actor_role, occurred_at, reason, data",
            "applied_event", "event_id, subject, type, position, command_id");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "copying-rebuild-it-" + UUID.randomUUID());
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Generations generations;
    @Autowired
    EventConsumers consumers;
    @Autowired
    EventReplay replay;
    @Autowired
    TopicIds topicIds;

    private final CloudEventCodec codec = new CloudEventCodec();
    private long position = 100;

    @Test
    void a_generation_built_by_copying_holds_the_rows_the_live_path_wrote() throws Exception {
        List<String> voters = List.of("tab\tvoter", "new\nline", "back\\slash", "quote\"d 'voter'", "ünïcødé €",
                "plain", "\\N", "cr\rvoter");
        Set<String> ids = new HashSet<>();
        int ship = 0; // the tally of TOOL, as the test's votes change it
        int skip = 0;
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            byte[] publishedTwice = null;
            for (String voter : voters) {
                byte[] cast = send(producer, new VoteCast(TOOL, voter, Choice.SHIP), ids);
                publishedTwice = publishedTwice == null ? cast : publishedTwice;
                send(producer, new VoteCast(OTHER_TOOL, voter, Choice.SKIP), ids);
            }
            ship += voters.size();
            send(producer, new ToolBookmarked(TOOL, "tab\tvoter"), ids);
            send(producer, new VoteChanged(TOOL, "new\nline", Choice.SHIP, Choice.SKIP), ids);
            ship--;
            skip++;
            send(producer, new VoteRetracted(TOOL, "back\\slash", Choice.SHIP), ids);
            ship--;
            // the first cast again, many records (and so batches of 4) after it, on the same partition (same key)
            producer.send(new ProducerRecord<>(TOPIC, TOOL, publishedTwice));
            send(producer, new VoteCast(TOOL, "last", Choice.SKIP), ids);
            skip++;
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("SELECT count(*) FROM applied_event").query(Long.class).single() == ids.size());

        generations.create(GENERATION);
        WriteTarget target = new WriteTarget.Schema(Generations.schemaOf(GENERATION));
        String topicId = topicIds.idOf(TOPIC);
        try (Consumer<String, byte[]> consumer = consumers.withoutGroup()) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Integer> batchSizes = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    batchSizes.add(records.count());
                    replay.applyBatchCopying(records, topicId, target);
                }
            }
            assertThat(batchSizes).as("the twice-published record comes in a later batch than the first")
                    .hasSizeGreaterThan(2).allMatch(n -> n <= 4);
        }

        String schema = Generations.schemaOf(GENERATION);
        for (var table : COMPARED.entrySet()) {
            String columns = table.getValue();
            long differences = jdbc.sql("SELECT (SELECT count(*) FROM (SELECT " + columns + " FROM read_model."
                    + table.getKey() + " EXCEPT ALL SELECT " + columns + " FROM " + schema + "." + table.getKey()
                    + ") a) + (SELECT count(*) FROM (SELECT " + columns + " FROM " + schema + "." + table.getKey()
                    + " EXCEPT ALL SELECT " + columns + " FROM read_model." + table.getKey() + ") b)")
                    .query(Long.class).single();
            assertThat(differences).as(table.getKey() + ": rows in one generation and not the other").isZero();
        }
        assertThat(logOrder(schema)).as("each subject's log in the same order").isEqualTo(logOrder("read_model"));
        assertThat(jdbc.sql("SELECT count(*) FROM " + schema + ".applied_event").query(Long.class).single())
                .as("every event once, the one published twice too").isEqualTo(ids.size());
        assertThat(jdbc.sql("SELECT community_ship || '/' || community_skip FROM " + schema
                + ".tool_card WHERE tool_id = ?").param(TOOL).query(String.class).single())
                .as("the tally the test's votes add up to").isEqualTo(ship + "/" + skip);
        assertThat(jdbc.sql("SELECT count(*) FROM " + schema + ".voter_vote WHERE voter_id = ? AND choice = 'SHIP'")
                .param("tab\tvoter").query(Long.class).single()).as("a voter id with a tab, as written").isEqualTo(1);
        generations.drop(GENERATION);
    }

    private Map<String, List<String>> logOrder(String schema) {
        Map<String, List<String>> order = new java.util.TreeMap<>();
        jdbc.sql("SELECT subject, event_id FROM " + schema + ".event_log ORDER BY tx_id, seq").query((rs, n) -> {
            order.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(rs.getString(2));
            return null;
        }).list();
        return order;
    }

    private byte[] send(KafkaProducer<String, byte[]> producer, ShipOrSkipEvent event, Set<String> ids) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        var envelope = codec.envelope(event, id, "/test", Instant.now(),
                new CloudEventCodec.Provenance("actor\twith tab", "voter", "a reason\\with\nodd characters",
                        UUID.randomUUID().toString()), position++);
        byte[] value = codec.write(envelope);
        producer.send(new ProducerRecord<>(TOPIC, event.subject(), value));
        return value;
    }
}
