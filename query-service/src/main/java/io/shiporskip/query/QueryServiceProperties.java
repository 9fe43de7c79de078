package io.shiporskip.query;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param waitForTimeout how long a read with {@code waitFor} may wait for its write to be projected
 * @param waitForPoll    how often it looks
 */
@ConfigurationProperties("shiporskip")
public record QueryServiceProperties(Duration waitForTimeout, Duration waitForPoll) {
}
