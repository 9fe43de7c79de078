package io.shiporskip.command.relay;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Before the relay starts: if the events topic no longer holds the history the relay published (it was deleted and
 * created again, the broker's data was wiped, or a partition was truncated), the relay's position is reset so the topic
 * receives the whole history again. Re-publishing is safe: consumers deduplicate by event id. While the service runs,
 * {@link RelayTopicWatch} applies the same rule every few seconds.
 */
@Component
class RelayTopicGuard {

    private static final Logger log = LoggerFactory.getLogger(RelayTopicGuard.class);

    private final RelayTopics topics;

    RelayTopicGuard(RelayTopics topics) {
        this.topics = topics;
    }

    @PostConstruct
    void republishIfTopicLostEvents() {
        Optional<RelayTopics.Observed> now;
        try {
            now = topics.observe();
        } catch (Exception e) {
            // Kafka unreachable or topic missing: commands are still accepted; the relay retries publishing and the
            // watch checks the topic once it answers
            log.warn("Could not check the identity of the events topic: {}", e.toString());
            return;
        }
        if (now.isEmpty()) {
            return;
        }
        Optional<RelayTopics.Recorded> recorded = topics.recorded();
        Optional<String> lost = recorded.isPresent() ? RelayTopics.lost(recorded.get(), now.get())
                : topics.relayHasPublished() ? Optional.of("the relay has no record of it") : Optional.empty();
        if (lost.isPresent()) {
            log.warn("The events topic lost events: {}; the relay publishes the event history again from the start",
                    lost.get());
            topics.resetRelayPosition();
        }
        if (lost.isPresent() || recorded.isEmpty()) {
            topics.recordRepublish(now.get());
        }
    }
}
