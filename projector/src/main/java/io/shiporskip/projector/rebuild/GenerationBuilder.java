package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.projector.consumer.EventConsumers;
import io.shiporskip.projector.consumer.TopicIds;
import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.generations.Generations;
import io.shiporskip.support.transients.TransientRetry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds one generation from the full history and switches to it:
 * <ol>
 *   <li>an empty schema with every read-model table;</li>
 *   <li>the history ({@link SourceChoice}): the topic from offset 0, or the event store followed by the topic from
 *       the offsets it had before the store was read ({@link StoreReplay});</li>
 *   <li>the topic until the new generation is nearly level with the serving one (which keeps serving): in parallel
 *       lanes ({@link CatchUpLanes}), then on one consumer ({@link TopicCatchUp});</li>
 *   <li>the switch, in one transaction ({@link GenerationSwitch}).</li>
 * </ol>
 * Any failure before the switch commits leaves the serving generation exactly as it was.
 */
@Component
class GenerationBuilder {

    private final ProjectorProperties properties;
    private final Generations generations;
    private final TopicIds topicIds;
    private final EventConsumers consumers;
    private final SourceChoice sourceChoice;
    private final StoreReplay storeReplay;
    private final CatchUpLanes lanes;
    private final TopicCatchUp catchUp;
    private final GenerationSwitch generationSwitch;
    private final TransientRetry retry;

    GenerationBuilder(ProjectorProperties properties, Generations generations, TopicIds topicIds,
                      EventConsumers consumers, SourceChoice sourceChoice, StoreReplay storeReplay,
                      CatchUpLanes lanes, TopicCatchUp catchUp, GenerationSwitch generationSwitch,
                      TransientRetry retry) {
        this.properties = properties;
        this.generations = generations;
        this.topicIds = topicIds;
        this.consumers = consumers;
        this.sourceChoice = sourceChoice;
        this.storeReplay = storeReplay;
        this.lanes = lanes;
        this.catchUp = catchUp;
        this.generationSwitch = generationSwitch;
        this.retry = retry;
    }

    /** Builds the generation and serves it; returns the generation it replaced. */
    int build(UUID rebuildId, int generation, RebuildSource requested, RebuildProgress progress) throws Exception {
        generations.create(generation);
        WriteTarget target = new WriteTarget.Schema(Generations.schemaOf(generation));
        String topic = properties.eventsTopic();
        String topicId = topicIds.idOf(topic);
        try (Consumer<String, byte[]> consumer = consumers.withoutGroup()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            RebuildSource source = sourceChoice.resolve(requested, topic, topicId, first);
            progress.source(source);
            if (source == RebuildSource.EVENT_STORE) {
                storeReplay.replayThenResumeAt(end, topicId, target, progress);
                end.forEach(consumer::seek);
            } else {
                consumer.seekToBeginning(partitions);
            }
            progress.phase("CONSUMING_TOPIC");
            lanes.consume(consumer, partitions, topicId, target, progress);
            catchUp.untilNearlyLevel(consumer, partitions, topicId, target, progress);
            // a transient conflict rolls the switch transaction back whole; what it had consumed was committed apart
            return retry.callChecked("rebuild-switch",
                    () -> generationSwitch.switchOver(rebuildId, generation, consumer, topicId, target, progress));
        }
    }
}
