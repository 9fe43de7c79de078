package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.projector.consumer.TopicIds;
import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.eventstore.StoredEvents;
import io.shiporskip.projector.generations.Generations;
import io.shiporskip.support.transients.TransientRetry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Builds one generation from the full history and switches to it:
 * <ol>
 *   <li>an empty schema with every read-model table;</li>
 *   <li>the history: the topic from offset 0, or the event store followed by the topic from the offsets it had
 *       before the store was read (so an event committed late, behind the reader, still arrives);</li>
 *   <li>the topic until the new generation is nearly level with the serving one (which keeps serving);</li>
 *   <li>the switch, in one transaction: take the serving-generation row (live batches wait), consume until the new
 *       generation has every offset the serving one has, point the views at it, mark the rebuild SWITCHED.</li>
 * </ol>
 * Any failure before the commit leaves the serving generation exactly as it was.
 */
@Component
class GenerationBuilder {

    private static final Logger log = LoggerFactory.getLogger(GenerationBuilder.class);
    /** Events still ahead when the switch may begin: what the switch consumes while live projection waits. */
    private static final long NEARLY_LEVEL = 2_000;
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ProjectorProperties properties;
    private final DataSource dataSource;
    private final Generations generations;
    private final EventReplay replay;
    private final StoredEvents storedEvents;
    private final TopicIds topicIds;
    private final TransientRetry retry;

    GenerationBuilder(ProjectorProperties properties, DataSource dataSource, Generations generations,
                      EventReplay replay, StoredEvents storedEvents, TopicIds topicIds, TransientRetry retry) {
        this.retry = retry;
        this.properties = properties;
        this.dataSource = dataSource;
        this.generations = generations;
        this.replay = replay;
        this.storedEvents = storedEvents;
        this.topicIds = topicIds;
    }

    /** Builds the generation and serves it; returns the generation it replaced. */
    int build(UUID rebuildId, int generation, RebuildSource requested, RebuildProgress progress) throws Exception {
        generations.create(generation);
        WriteTarget target = new WriteTarget.Schema(Generations.schemaOf(generation));
        String topic = properties.eventsTopic();
        String topicId = topicIds.idOf(topic);
        try (Consumer<String, byte[]> consumer = newConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            RebuildSource source = TopicCoverage.resolve(JdbcClient.create(dataSource), requested, topic, topicId, first);
            progress.source(source);
            if (source == RebuildSource.EVENT_STORE) {
                replayStore(target, progress);
                replay.resumeAt(end, topicId, target);
                end.forEach(consumer::seek);
            } else {
                consumer.seekToBeginning(partitions);
            }
            progress.phase("CONSUMING_TOPIC");
            consumeInLanes(consumer, partitions, topicId, target, progress);
            consumeUntilNearlyLevel(consumer, partitions, topicId, target, progress);
            // a transient conflict rolls the switch transaction back whole; what it had consumed was committed apart
            return retry.callChecked("rebuild-switch",
                    () -> switchOver(rebuildId, generation, consumer, topicId, target, progress));
        }
    }

    private void replayStore(WriteTarget target, RebuildProgress progress) {
        progress.phase("REPLAYING_STORE");
        progress.remaining(storedEvents.count());
        long[] reported = {0};
        storedEvents.replayInto(target, read -> {
            progress.applied(read - reported[0]);
            reported[0] = read;
        }, () -> progress.cancelRequestedBy() != null);
        stopIfCancelled(progress);
    }

    private void consumeUntilNearlyLevel(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                         String topicId, WriteTarget target, RebuildProgress progress) {
        consumeUntil(consumer, partitions, NEARLY_LEVEL, topicId, target, progress, progress::remaining, () -> false);
    }

    /**
     * Polls and applies until the partitions are at most {@code level} events behind their ends, looking every
     * second or whenever a poll comes back short; {@code behindNow} hears each measurement, {@code stop} ends early.
     */
    private void consumeUntil(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, long level,
                              String topicId, WriteTarget target, RebuildProgress progress, LongConsumer behindNow,
                              BooleanSupplier stop) {
        long lastMeasured = 0;
        while (true) {
            stopIfCancelled(progress);
            if (stop.getAsBoolean()) {
                throw new IllegalStateException("another rebuild lane failed");
            }
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            apply(records, topicId, target, progress);
            if (records.count() < properties.rebuildBatchSize() || System.nanoTime() - lastMeasured > 1e9) {
                lastMeasured = System.nanoTime();
                long behind = behind(consumer, partitions);
                behindNow.accept(behind);
                if (behind <= level) {
                    return;
                }
            }
        }
    }

    /**
     * The bulk of the topic, applied by several lanes at once, each with its own consumer for its share of the
     * partitions and its own transactions: the same independence of partitions the live consumer group relies on
     * (read models are keyed by subject, subjects by partition). Returns when every lane is nearly level; the main
     * consumer then continues from where the lanes stopped, alone, up to and through the switch.
     */
    private void consumeInLanes(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, String topicId,
                                WriteTarget target, RebuildProgress progress) throws Exception {
        int lanes = Math.min(properties.rebuildLanes(), partitions.size());
        if (lanes <= 1) {
            return;
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        partitions.forEach(p -> from.put(p, consumer.position(p)));
        ExecutorService pool = Executors.newFixedThreadPool(lanes, r -> new Thread(r, "rebuild-lane"));
        AtomicBoolean laneFailed = new AtomicBoolean();
        try {
            List<Future<Map<TopicPartition, Long>>> running = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                List<TopicPartition> share = new ArrayList<>();
                for (int i = lane; i < partitions.size(); i += lanes) {
                    share.add(partitions.get(i));
                }
                running.add(pool.submit(() -> {
                    try {
                        return runLane(share, from, topicId, target, progress, lanes, laneFailed);
                    } catch (RuntimeException e) {
                        laneFailed.set(true); // the other lanes stop at their next batch
                        throw e;
                    }
                }));
            }
            for (Future<Map<TopicPartition, Long>> lane : running) {
                try {
                    lane.get().forEach(consumer::seek);
                } catch (ExecutionException e) {
                    // the rebuild fails as a whole, with the first lane's reason
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One lane: its partitions from the given offsets until nearly level; returns where it stopped. */
    private Map<TopicPartition, Long> runLane(List<TopicPartition> share, Map<TopicPartition, Long> from,
                                              String topicId, WriteTarget target, RebuildProgress progress,
                                              int lanes, AtomicBoolean laneFailed) {
        try (Consumer<String, byte[]> consumer = newConsumer()) {
            consumer.assign(share);
            share.forEach(p -> consumer.seek(p, from.get(p)));
            consumeUntil(consumer, share, NEARLY_LEVEL / lanes, topicId, target, progress, behind -> { },
                    laneFailed::get);
            Map<TopicPartition, Long> reached = new HashMap<>();
            share.forEach(p -> reached.put(p, consumer.position(p)));
            return reached;
        }
    }

    private int switchOver(UUID rebuildId, int generation, Consumer<String, byte[]> consumer, String topicId,
                           WriteTarget target, RebuildProgress progress) throws SQLException {
        progress.phase("SWITCHING");
        int replaced;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '30s'");
                replaced = generations.lockServingGeneration(c);
                if (replaced >= generation) {
                    throw new IllegalStateException("generation " + replaced + " is served already");
                }
                stillWanted(c, rebuildId);
                Map<TopicPartition, Long> level = offsetsOf(c, replaced, consumer, topicId);
                long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
                while (!reached(consumer, level)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the new generation did not reach the serving one's offsets "
                                + level + " within " + SWITCH_TIMEOUT.toSeconds() + " s");
                    }
                    apply(consumer.poll(POLL), topicId, target, progress);
                }
                generations.expose(c, generation);
                try (PreparedStatement done = c.prepareStatement("UPDATE " + Generations.SERVING + ".rebuild "
                        + "SET state = 'SWITCHED', phase = 'DONE', source = ?, events_applied = ?, finished_at = now() "
                        + "WHERE rebuild_id = ?")) {
                    // the resolved source: a rebuild quicker than one heartbeat would otherwise still say AUTO
                    done.setString(1, progress.snapshot().source());
                    done.setLong(2, progress.applied());
                    done.setObject(3, rebuildId);
                    done.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        progress.phase("DONE");
        log.info("Rebuild {} switched read models to generation {} ({} events)", rebuildId, generation, progress.applied());
        return replaced;
    }

    /** Holds the rebuild's row for the switch: a cancel request that came first wins. */
    private static void stillWanted(Connection c, UUID rebuildId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT state, cancel_requested_by FROM " + Generations.SERVING
                + ".rebuild WHERE rebuild_id = ? FOR UPDATE")) {
            p.setObject(1, rebuildId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next() || !"RUNNING".equals(rs.getString(1))) {
                    throw new IllegalStateException("the rebuild is no longer running");
                }
                if (rs.getString(2) != null) {
                    throw new RebuildCancelled(rs.getString(2));
                }
            }
        }
    }

    /** The serving generation's offsets in the topic instance being read (offsets of an older instance do not count). */
    private static Map<TopicPartition, Long> offsetsOf(Connection c, int generation, Consumer<String, byte[]> consumer,
                                                       String topicId) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT topic, partition, next_offset FROM "
                + Generations.schemaOf(generation) + ".projection_offset WHERE topic_id = ?")) {
            p.setString(1, topicId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    TopicPartition partition = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (consumer.assignment().contains(partition)) {
                        offsets.put(partition, rs.getLong(3));
                    }
                }
            }
        }
        return offsets;
    }

    private static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> level) {
        return level.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static long behind(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        return partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - consumer.position(p))).sum();
    }

    /** One transaction for the batch; if it fails, event by event, parking those that cannot be applied. */
    private void apply(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target,
                       RebuildProgress progress) {
        if (records.isEmpty()) {
            return;
        }
        try {
            replay.applyBatch(records, topicId, target);
        } catch (RuntimeException batchFailed) {
            log.warn("A rebuild batch failed ({}); applying it event by event", batchFailed.toString());
            replay.applyIsolating(records, topicId, target);
        }
        progress.applied(records.count());
    }

    private static void stopIfCancelled(RebuildProgress progress) {
        if (progress.cancelRequestedBy() != null) {
            throw new RebuildCancelled(progress.cancelRequestedBy());
        }
    }

    private Consumer<String, byte[]> newConsumer() {
        // no group: partitions are assigned, offsets never committed to Kafka (the generation keeps its own)
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.rebuildBatchSize(),
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.CLIENT_ID_CONFIG, "shiporskip-rebuild-" + ProcessHandle.current().pid()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A moderator or admin cancelled the rebuild. */
    static final class RebuildCancelled extends RuntimeException {
        RebuildCancelled(String by) {
            super("cancelled by " + by);
        }
    }
}
