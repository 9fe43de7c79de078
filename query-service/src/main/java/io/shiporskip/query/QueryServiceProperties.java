package io.shiporskip.query;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * @param waitForTimeout how long a read with {@code waitFor} may wait for its write to be projected
 * @param waitForPoll    how often it looks
 * @param pages          the page cache
 */
@ConfigurationProperties("shiporskip")
public record QueryServiceProperties(Duration waitForTimeout, Duration waitForPoll, @DefaultValue Pages pages) {

    /**
     * @param cache          whether current pages and cards are served from memory (see docs/architecture.md)
     * @param cacheSize      the most memory the cached answers may take
     * @param versionRecheck how often the listener re-reads the serving version when nothing was announced
     * @param liveStreamsPerAddress the most live page streams one client address may hold open at once (beyond: 429)
     */
    public record Pages(@DefaultValue("true") boolean cache, @DefaultValue("16MB") DataSize cacheSize,
                        @DefaultValue("5s") Duration versionRecheck, @DefaultValue("8") int liveStreamsPerAddress) {
    }
}
