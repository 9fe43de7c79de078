package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.testing.EventTopicReader;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker loses its data (the topic is deleted and created again) while the event store keeps it: on restart the
 * relay publishes the whole history to the new topic and the projector neither skips nor double-counts anything.
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
