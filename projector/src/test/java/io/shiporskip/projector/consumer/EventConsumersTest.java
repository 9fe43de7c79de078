package io.shiporskip.projector.consumer;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.support.kafka.KafkaClients;
import io.shiporskip.support.kafka.KafkaSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventConsumersTest {

    private static final ProjectorProperties PROPERTIES = new ProjectorProperties("events", "shiporskip-projector",
            500, Duration.ofMillis(200), Duration.ofSeconds(10), 3, 2000, 2);

    private static KafkaClients kafka(Map<String, String> consumerProperties) {
        return new KafkaClients(new KafkaSettings(List.of("k:9092"), null, null, null,
                null, new KafkaSettings.Client(consumerProperties), null));
    }

    @Test
    void a_setting_that_only_a_rebuild_would_contradict_stops_the_projector_at_start() {
        // 500 is the group member's batch size, so the live consumer alone would accept it; a rebuild polls 2000
        assertThatThrownBy(() -> new EventConsumers(PROPERTIES, kafka(Map.of("max.poll.records", "500"))))
                .isInstanceOf(KafkaClients.ConflictingKafkaSetting.class)
                .hasMessageContaining("spring.kafka.consumer.properties.max.poll.records")
                .hasMessageContaining("rebuild consumer");
    }

    @Test
    void settings_that_contradict_no_rule_are_accepted() {
        assertThatCode(() -> new EventConsumers(PROPERTIES, kafka(Map.of("fetch.max.wait.ms", "100"))))
                .doesNotThrowAnyException();
    }
}
