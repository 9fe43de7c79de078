package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.testing.EventTopicReader;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker loses its data (the topic is deleted and created again, or truncated) while the event store keeps it: at
 * start, and within seconds while running, the relay publishes the whole history to the topic again and the projector
 * neither skips nor double-counts anything; a rebuild reads the topic only when it covers the store.
 */
class TopicRecreationIT {

    private static RunningStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("topic-recreation");
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void a_topic_recreated_while_votes_flow_is_noticed_and_refilled_and_tallies_stay_exact() throws Exception {
        List<String> tools = List.of("flux-a", "flux-b");
        for (String id : tools) {
            assertThat(stack.commands().post("/api/v1/tools", token("ed", "editor"), tool(id, id)).status()).isEqualTo(201);
        }
        VoteTruth truth = new VoteTruth();
        List<String> voters;
        try (VoteLoad votes = new VoteLoad(stack.commands(), tools, "flux-voter", 3, 20, truth)) {
            voters = votes.voters();
            await().atMost(Duration.ofMinutes(1)).until(() -> votes.acknowledged() >= 100);
            TestKafka.broker().recreateTopic(stack.topic, TestKafka.PARTITIONS, Duration.ofSeconds(30));
            long atRecreation = votes.acknowledged();
            await().atMost(Duration.ofMinutes(1)).until(() -> votes.acknowledged() >= atRecreation + 100);
            votes.stop();
        }
        // the services were never restarted: the relay noticed the new topic and published the whole history to it
        await().atMost(Duration.ofMinutes(1)).until(() -> stack.count("SELECT count(*) FROM event_store.relay_topic "
                + "WHERE republish_until IS NULL AND topic_id = '" + topicId() + "'") == 1);
        ReadSide readSide = new ReadSide(stack.queries());
        readSide.awaitAgreesWith(truth, tools, voters);
        StoreFold store = new StoreFold(stack.database);
        for (String id : tools) {
            assertThat(store.tally(id)).as(id).containsExactly(truth.tally(id));
        }
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    @Test
    void a_truncated_topic_is_not_read_by_a_rebuild_until_the_relay_refilled_it() throws Exception {
        Http commands = stack.commands();
        commands.post("/api/v1/tools", token("ed", "editor"), tool("short-tool", "Short Tool"));
        String last = commands.put("/api/v1/tools/short-tool/vote", token("short-1", "voter"), Map.of("choice", "SHIP"))
                .json().get("token").asText();
        assertThat(stack.queries().get("/api/v1/tools/short-tool?waitFor=" + last, null).status()).isEqualTo(200);
        // no relay to refill the topic while the rebuilds choose their source
        stack.fleet.get(Service.COMMAND).stop(Duration.ofSeconds(20));
        truncateTheTopic();

        JsonNode refused = rebuildUntilFinished(Map.of("source", "KAFKA"));
        assertThat(refused.get("state").asText()).as(refused.toString()).isEqualTo("FAILED");
        assertThat(refused.get("error").asText()).contains("EVENT_STORE").contains("starts at offset");
        JsonNode fromStore = rebuildUntilFinished(Map.of());
        assertThat(fromStore.get("state").asText()).as(fromStore.toString()).isEqualTo("SWITCHED");
        assertThat(fromStore.get("source").asText()).isEqualTo("EVENT_STORE");
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));

        // the relay, started again, republishes the history after the truncation point: the topic covers the store
        stack.fleet.start(Service.COMMAND).awaitReady(Duration.ofMinutes(2));
        await().atMost(Duration.ofMinutes(1)).until(() -> stack.count("SELECT count(*) FROM event_store.relay_topic "
                + "WHERE republish_until IS NULL AND history_from <> '{}'") == 1);
        JsonNode fromTopic = rebuildUntilFinished(Map.of());
        assertThat(fromTopic.get("state").asText()).as(fromTopic.toString()).isEqualTo("SWITCHED");
        assertThat(fromTopic.get("source").asText()).isEqualTo("KAFKA");
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    private static JsonNode rebuildUntilFinished(Map<String, Object> body) {
        Http projector = new Http(stack.fleet.baseUrl(Service.PROJECTOR));
        String admin = token("replayer", "admin");
        Http.Reply started = projector.post("/api/v1/admin/rebuilds", admin, body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("rebuildId").asText();
        JsonNode[] status = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            status[0] = projector.get("/api/v1/admin/rebuilds/" + id, admin).json();
            return !"RUNNING".equals(status[0].get("state").asText());
        });
        return status[0];
    }

    private static String topicId() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            return admin.describeTopics(List.of(stack.topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(stack.topic).topicId().toString();
        }
    }

    /** Removes every record the topic holds (retention would, in time): its first offsets move to its end. */
    private static void truncateTheTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(stack.topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(stack.topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(stack.topic, p), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((p, info) -> before.put(p, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(before).all().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_recreated_topic_receives_the_whole_history_and_tallies_stay_exact() throws Exception {
        Http commands = stack.commands();
        commands.post("/api/v1/tools", token("ed", "editor"), tool("phoenix-tool", "Phoenix Tool"));
        for (int i = 0; i < 10; i++) {
            commands.put("/api/v1/tools/phoenix-tool/vote", token("early-" + i, "voter"), Map.of("choice", i < 7 ? "SHIP" : "SKIP"));
        }
        String last = commands.put("/api/v1/tools/phoenix-tool/vote", token("early-0", "voter"), Map.of("choice", "SKIP"))
                .json().get("token").asText();
        assertThat(stack.queries().get("/api/v1/tools/phoenix-tool?waitFor=" + last, null).status()).isEqualTo(200);

        stack.fleet.get(Service.COMMAND).stop(Duration.ofSeconds(20));
        stack.fleet.get(Service.PROJECTOR).stop(Duration.ofSeconds(20));
        TestKafka.broker().recreateTopic(stack.topic, TestKafka.PARTITIONS, Duration.ofSeconds(30));
        stack.fleet.start(Service.COMMAND).awaitReady(Duration.ofMinutes(2));
        stack.fleet.start(Service.PROJECTOR).awaitReady(Duration.ofMinutes(2));

        commands.put("/api/v1/tools/phoenix-tool/vote", token("late-1", "voter"), Map.of("choice", "SHIP"));
        String after = commands.put("/api/v1/tools/phoenix-tool/vote", token("late-2", "voter"), Map.of("choice", "SKIP"))
                .json().get("token").asText();

        JsonNode community = stack.queries().get("/api/v1/tools/phoenix-tool?waitFor=" + after, null).json().get("community");
        assertThat(community.get("ship").asInt()).isEqualTo(7);
        assertThat(community.get("skip").asInt()).isEqualTo(5);
        var onNewTopic = EventTopicReader.readUntil(TestKafka.bootstrapServers(), stack.topic,
                r -> r.stream().filter(x -> "phoenix-tool".equals(x.key())).count() >= 14, Duration.ofSeconds(30));
        assertThat(onNewTopic).filteredOn(r -> "phoenix-tool".equals(r.key())).hasSize(14);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                stack.queries().get("/api/v1/tools/phoenix-tool", null).json().get("community").get("total").asInt())
                .isEqualTo(12));
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }
}
