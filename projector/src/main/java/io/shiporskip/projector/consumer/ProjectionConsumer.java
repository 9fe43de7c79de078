package io.shiporskip.projector.consumer;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.projector.generations.Generations;
import io.shiporskip.support.transients.TransientFailures;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The poll loop. Kafka's own offset commits are not used: where to resume comes from the offsets the read models
 * committed with, so a crash at any instant resumes exactly after the last committed batch.
 */
@Component
class ProjectionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final ProjectorProperties properties;
    private final BatchApplier applier;
    private final ConsumerOffsets offsets;
    private final TopicIds topicIds;
    private final DatabaseProbe database;
    private final Generations generations;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    /** The id of the topic instance being read, learnt when partitions are assigned. */
    private volatile String topicId;
    /** The read-model generation the consumer's positions were read from. */
    private volatile int generation;
    private Thread thread;

    ProjectionConsumer(ProjectorProperties properties, BatchApplier applier, ConsumerOffsets offsets,
                       TopicIds topicIds, DatabaseProbe database, Generations generations) {
        this.database = database;
        this.generations = generations;
        this.properties = properties;
        this.applier = applier;
        this.offsets = offsets;
        this.topicIds = topicIds;
    }

    @Override
    public synchronized void start() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.sessionTimeout().toMillis() / 3,
                ConsumerConfig.CLIENT_ID_CONFIG, "shiporskip-projector-" + ProcessHandle.current().pid()),
                new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "projection-consumer");
        thread.start();
    }

    private void run() {
        Duration backoff = properties.retryBackoff();
        boolean rewindNeeded = false;
        int failuresInARow = 0;
        try {
            subscribe();
            while (running) {
                try {
                    if (rewindNeeded) {
                        // never poll past a failed batch: first go back to what the database committed
                        recover();
                        rewindNeeded = false;
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    if (topicId == null) {
                        throw new IllegalStateException("records arrived before the topic instance was known");
                    }
                    WriteTarget target = new WriteTarget.Serving(generation);
                    if (failuresInARow >= properties.isolateAfterFailures() && database.answers()) {
                        // the batch keeps failing while the database is fine: find the event(s) at fault and park them
                        applier.applyOneByOne(records, topicId, target);
                    } else {
                        applier.apply(records, topicId, target);
                    }
                    failuresInARow = 0;
                    backoff = properties.retryBackoff();
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (WriteTarget.GenerationSwitched switched) {
                    // a rebuild switched generations: nothing of this batch was written; go on from the new one's offsets
                    log.info("{}; resuming from its offsets", switched.getMessage());
                    rewindNeeded = true;
                } catch (RuntimeException e) {
                    log.error("Projection failed; nothing of the batch was kept, it is read again in {}", backoff, e);
                    // a conflict that outlasted the retries is no sign of a poison event: never isolate (park) for it
                    failuresInARow += TransientFailures.isTransient(e) ? 0 : 1;
                    rewindNeeded = true;
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void subscribe() {
        topicId = null;
        consumer.subscribe(List.of(properties.eventsTopic()), new ResumeFromStoredOffsets());
    }

    /** Re-reads from the committed offsets; without a known topic instance, asks for a fresh assignment instead. */
    private void recover() {
        if (topicId == null) {
            consumer.unsubscribe();
            subscribe();
        } else {
            rewindToStoredOffsets(consumer.assignment());
        }
    }

    /** Sleeps, but gives up at once when the service is stopping. */
    private void pause(Duration backoff) throws InterruptedException {
        long until = System.nanoTime() + backoff.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    private void rewindToStoredOffsets(Set<TopicPartition> partitions) {
        // generation first: should a switch come in between, the offsets are the new generation's and the next batch,
        // finding a generation other than the one noted, rewinds once more
        generation = generations.current();
        Map<TopicPartition, Long> stored = offsets.load(partitions, topicId);
        for (TopicPartition p : partitions) {
            Long next = stored.get(p);
            if (next == null) {
                consumer.seekToBeginning(List.of(p));
            } else {
                consumer.seek(p, next);
            }
        }
    }

    private final class ResumeFromStoredOffsets implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            topicId = topicIds.idOf(properties.eventsTopic());
            rewindToStoredOffsets(Set.copyOf(partitions));
            log.info("Projecting partitions {}", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to flush: every applied batch is already committed with its offsets
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
