package io.shiporskip.projector.lag;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.support.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compares the topic's end offsets with the offsets committed with the read models. Events behind = the difference;
 * seconds behind = for a partition that is behind, how long since it last advanced. Measured every few seconds, not
 * on every scrape, so a busy Prometheus cannot load the broker.
 */
@Component
public class ProjectionLag implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionLag.class);

    public record PartitionLag(int partition, long committedOffset, long endOffset, long lagEvents, long lagSeconds,
                               Instant lastAdvancedAt) {
    }

    public record Snapshot(long lagEvents, long lagSeconds, List<PartitionLag> partitions, Instant measuredAt,
                           String error) {
    }

    private final ProjectorProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();
    private final Admin admin;
    private final AtomicReference<Snapshot> latest =
            new AtomicReference<>(new Snapshot(-1, -1, List.of(), null, "not measured yet"));

    ProjectionLag(ProjectorProperties properties, KafkaClients kafka, JdbcClient jdbc, MeterRegistry meters) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.admin = Admin.create(kafka.admin("projection lag", Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "shiporskip-projection-lag",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)));
        Gauge.builder("shiporskip.projection.lag.events", latest, s -> s.get().lagEvents())
                .description("events on the topic not yet applied to the read models (-1: unknown)").register(meters);
        Gauge.builder("shiporskip.projection.lag.seconds", latest, s -> s.get().lagSeconds())
                .description("for the partition furthest behind, seconds since it last advanced (-1: unknown)")
                .register(meters);
    }

    public Snapshot latest() {
        return latest.get();
    }

    @Scheduled(fixedDelayString = "${shiporskip.lag-interval:5s}", initialDelayString = "1s")
    public void measure() {
        try {
            latest.set(snapshot());
        } catch (Exception e) {
            log.debug("could not measure projection lag", e);
            latest.set(new Snapshot(-1, -1, List.of(), clock.instant(), e.toString()));
        }
    }

    private Snapshot snapshot() throws Exception {
        String topic = properties.eventsTopic();
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(topic);
        String topicId = description.topicId().toString();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                .get(5, TimeUnit.SECONDS);
        Map<Integer, Object[]> committed = new HashMap<>();
        jdbc.sql("SELECT partition, next_offset, updated_at FROM projection_offset WHERE topic = ? AND topic_id = ?")
                .params(topic, topicId)
                .query(rs -> {
                    committed.put(rs.getInt(1), new Object[]{rs.getLong(2), rs.getTimestamp(3).toInstant()});
                });
        Instant now = clock.instant();
        List<PartitionLag> partitions = new ArrayList<>();
        long events = 0;
        long seconds = 0;
        for (var end : ends.entrySet()) {
            int partition = end.getKey().partition();
            Object[] row = committed.get(partition);
            long next = row == null ? 0 : (Long) row[0];
            Instant advanced = row == null ? null : (Instant) row[1];
            long lag = Math.max(0, end.getValue().offset() - next);
            long behind = lag == 0 ? 0 : advanced == null ? -1 : Duration.between(advanced, now).toSeconds();
            partitions.add(new PartitionLag(partition, next, end.getValue().offset(), lag, behind, advanced));
            events += lag;
            seconds = Math.max(seconds, behind);
        }
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return new Snapshot(events, seconds, partitions, now, null);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
