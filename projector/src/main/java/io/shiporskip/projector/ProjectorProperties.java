package io.shiporskip.projector;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param eventsTopic    the topic to project
 * @param consumerGroup  projector instances sharing this group split the partitions between them
 * @param maxPollRecords the most events applied in one transaction
 * @param retryBackoff   the first pause after a failed batch; it doubles up to 15 s
 * @param isolateAfterFailures after this many failures in a row of one batch while the database answers, the batch
 *                       is applied event by event and the events that fail are parked as dead letters
 * @param rebuildBatchSize the most events a rebuild applies in one transaction
 * @param rebuildLanes   how many consumers apply a rebuild's bulk in parallel, each with its own share of the
 *                       partitions and its own transactions (as a consumer group would); 1 for one at a time
 * @param sessionTimeout how soon the group hands a crashed instance's partitions to the others (Kafka's 45 s
 *                       default would stall those partitions that long)
 */
@ConfigurationProperties("shiporskip")
public record ProjectorProperties(String eventsTopic, String consumerGroup,
                                  int maxPollRecords, Duration retryBackoff,
                                  Duration sessionTimeout, int isolateAfterFailures, int rebuildBatchSize,
                                  int rebuildLanes) {
}
