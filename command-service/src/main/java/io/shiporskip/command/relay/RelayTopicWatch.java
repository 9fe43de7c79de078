package io.shiporskip.command.relay;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * While the service runs: every few seconds, compares the events topic with what the relay recorded of it. A topic
 * recreated (new topic id) or truncated (a partition's first offset past the start of the relay's history) makes the
 * relay stop, start again from the first stored event and record the offsets from which the topic holds the whole
 * history again. It also notes when a republishing has passed the store's last event as of its start, which is when
 * the topic covers the store again (the projector's rebuild reads that).
 */
@Component
class RelayTopicWatch {

    private static final Logger log = LoggerFactory.getLogger(RelayTopicWatch.class);

    private final RelayTopics topics;
    private final EventProcessingConfiguration processing;

    RelayTopicWatch(RelayTopics topics, EventProcessingConfiguration processing) {
        this.topics = topics;
        this.processing = processing;
    }

    @Scheduled(fixedDelayString = "${shiporskip.relay-topic-check-interval:2s}", initialDelayString = "2s")
    void check() {
        try {
            Optional<RelayTopics.Observed> now = topics.observe();
            if (now.isEmpty()) {
                return;
            }
            Optional<RelayTopics.Recorded> recorded = topics.recorded();
            Optional<String> lost = recorded.isPresent() ? RelayTopics.lost(recorded.get(), now.get())
                    : Optional.of("the relay has no record of it");
            if (lost.isPresent()) {
                republish(lost.get());
            } else {
                topics.completeRepublishIfPassed();
            }
        } catch (Exception e) {
            // a topic being deleted or a broker away: the next check tries again
            log.debug("Could not check the events topic", e);
        }
    }

    /** Stops the relay (its batch in flight finishes), resets its position, records the new history start, restarts. */
    private void republish(String reason) throws Exception {
        log.warn("The events topic lost events while running: {}; the relay publishes the event history again from "
                + "the start", reason);
        StreamingEventProcessor relay = processing
                .eventProcessor(KafkaRelay.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        relay.shutdownAsync().get(60, TimeUnit.SECONDS);
        try {
            // the offsets now that nothing is being published: the whole history follows them
            RelayTopics.Observed stopped = topics.observe().orElseThrow(() ->
                    new IllegalStateException("the events topic disappeared while the relay stopped"));
            topics.resetRelayPosition();
            topics.recordRepublish(stopped);
        } finally {
            relay.start();
        }
    }
}
