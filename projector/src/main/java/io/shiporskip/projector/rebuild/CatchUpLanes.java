package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.projector.consumer.EventConsumers;
import io.shiporskip.projector.consumer.WriteTarget;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bulk of the topic, applied by several lanes at once, each with its own consumer for its share of the
 * partitions and its own transactions: the same independence of partitions the live consumer group relies on (read
 * models are keyed by subject, subjects by partition).
 */
@Component
class CatchUpLanes {

    private final ProjectorProperties properties;
    private final EventConsumers consumers;
    private final TopicCatchUp catchUp;

    CatchUpLanes(ProjectorProperties properties, EventConsumers consumers, TopicCatchUp catchUp) {
        this.properties = properties;
        this.consumers = consumers;
        this.catchUp = catchUp;
    }

    /**
     * Returns when every lane is nearly level, with the main {@code consumer} moved to where the lanes stopped: it then
     * continues alone, up to and through the switch. With one lane, does nothing.
     */
    void consume(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, String topicId,
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
        try (Consumer<String, byte[]> consumer = consumers.withoutGroup()) {
            consumer.assign(share);
            share.forEach(p -> consumer.seek(p, from.get(p)));
            catchUp.until(consumer, share, TopicCatchUp.NEARLY_LEVEL / lanes, topicId, target, progress,
                    behind -> { }, laneFailed::get);
            Map<TopicPartition, Long> reached = new HashMap<>();
            share.forEach(p -> reached.put(p, consumer.position(p)));
            return reached;
        }
    }
}
