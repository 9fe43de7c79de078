package io.shiporskip.projector.consumer;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.projector.generations.Generations;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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

    private final ProjectorProperties properties;
    private final BatchApplier applier;
    private final ConsumerOffsets offsets;
    private final TopicIds topicIds;
    private final EventConsumers consumers;
    private final FailurePolicy failurePolicy;
    private final Generations generations;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    /** The id of the topic instance being read, learnt when partitions are assigned. */
    private volatile String topicId;
    /** The read-model generation the consumer's positions were read from. */
    private volatile int generation;
    private Thread thread;

    ProjectionConsumer(ProjectorProperties properties, BatchApplier applier, ConsumerOffsets offsets,
                       TopicIds topicIds, EventConsumers consumers, FailurePolicy failurePolicy,
                       Generations generations) {
        this.consumers = consumers;
        this.failurePolicy = failurePolicy;
        this.generations = generations;
        this.properties = properties;
        this.applier = applier;
        this.offsets = offsets;
        this.topicIds = topicIds;
    }

    @Override
    public synchronized void start() {
        consumer = consumers.groupMember();
        running = true;
        thread = new Thread(this::run, "projection-consumer");
        thread.start();
    }

    private void run() {
        FailurePolicy.Failures failures = failurePolicy.track();
        boolean rewindNeeded = false;
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
                    if (failures.isolateNext()) {
                        // the batch keeps failing while the database is fine: find the event(s) at fault and park them
                        applier.applyOneByOne(records, topicId, target);
                    } else {
                        applier.apply(records, topicId, target);
                    }
                    failures.succeeded();
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (WriteTarget.GenerationSwitched switched) {
                    // a rebuild switched generations: nothing of this batch was written; go on from the new one's offsets
                    log.info("{}; resuming from its offsets", switched.getMessage());
                    rewindNeeded = true;
                } catch (RuntimeException e) {
                    Duration backoff = failures.failed(e);
                    log.error("Projection failed; nothing of the batch was kept, it is read again in {}", backoff, e);
                    rewindNeeded = true;
                    pause(backoff);
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
