package io.shiporskip.projector.voters;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A ballot's events can reach the projector out of order (after a topic was recreated, the relay republishes history
 * while live events flow: TopicRecreationIT once saw a voter's /me/votes keep a retracted vote). The voter's view must
 * end as the event store's order says, whatever order the events arrive in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VoterVotesOrderIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String TOOL = "order-tool";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "voter-order-it-" + UUID.randomUUID());
    }

    @Autowired
    JdbcClient jdbc;

    private final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void an_older_vote_arriving_after_a_newer_one_does_not_overwrite_it() {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            // bob cast (position 10) then retracted (11); carol cast SKIP (12) then changed to SHIP (13): each pair
            // arrives newest first. dave's cast (20) comes last and tells when the others have been applied.
            send(producer, new VoteRetracted(TOOL, "bob", Choice.SHIP), 11);
            send(producer, new VoteCast(TOOL, "bob", Choice.SHIP), 10);
            send(producer, new VoteChanged(TOOL, "carol", Choice.SKIP, Choice.SHIP), 13);
            send(producer, new VoteCast(TOOL, "carol", Choice.SKIP), 12);
            send(producer, new VoteCast(TOOL, "dave", Choice.SKIP), 20);
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> choiceOf("dave") != null);
        assertThat(choiceOf("bob")).as("bob retracted his vote").isNull();
        assertThat(choiceOf("carol")).as("carol changed to SHIP").isEqualTo("SHIP");
    }

    private void send(KafkaProducer<String, byte[]> producer, ShipOrSkipEvent event, long position) {
        var envelope = codec.envelope(event, UUID.randomUUID().toString(), "/test", Instant.now(),
                new CloudEventCodec.Provenance("tester", "voter", null, UUID.randomUUID().toString()), position);
        producer.send(new ProducerRecord<>(TOPIC, event.subject(), codec.write(envelope)));
    }

    /** What /me/votes shows for the voter on the tool: the row's choice, null when there is none (or it was taken back). */
    private String choiceOf(String voter) {
        return jdbc.sql("SELECT choice FROM voter_vote WHERE voter_id = ? AND tool_id = ? AND choice IS NOT NULL")
                .params(voter, TOOL).query(String.class).optional().orElse(null);
    }
}
