package io.shiporskip.projector.consumer;

import io.shiporskip.support.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells one instance of a topic from another of the same name: a recreated topic starts at offset 0 again, so stored
 * offsets of the old one would skip its first events.
 */
@Component
public class TopicIds {

    private final KafkaClients kafka;

    public TopicIds(KafkaClients kafka) {
        this.kafka = kafka;
    }

    public String idOf(String topic) {
        try (Admin admin = Admin.create(kafka.admin("topic id lookup", Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "shiporskip-topic-ids",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).topicId().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while describing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not describe topic " + topic, e);
        }
    }
}
