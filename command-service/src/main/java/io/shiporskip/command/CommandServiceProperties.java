package io.shiporskip.command;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param eventsTopic      the Kafka topic events are relayed to
 * @param relayAckTimeout  how long the relay waits for Kafka to acknowledge a batch before retrying it
 * @param relayPollInterval how often the relay looks for events committed by other command-service instances (its
 *                          own commits wake it, after {@code relayLinger})
 * @param relayLinger       how long the relay's wake-up after a commit waits for more commits to publish together
 */
@ConfigurationProperties("shiporskip")
public record CommandServiceProperties(String eventsTopic,
                                       Duration relayAckTimeout, Duration relayPollInterval,
                                       Duration relayLinger) {
}
