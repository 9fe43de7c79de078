package io.shiporskip.support.transients;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * One retry policy for transient conflicts in every service: {@code shiporskip.transient-retry.max-attempts} (default
 * 8), {@code .first-backoff} (5 ms) and {@code .max-backoff} (200 ms): at most about a second of pauses in all.
 */
@AutoConfiguration(afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
public class TransientRetryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TransientRetry transientRetry(@Value("${shiporskip.transient-retry.max-attempts:8}") int maxAttempts,
                                  @Value("${shiporskip.transient-retry.first-backoff:5ms}") Duration firstBackoff,
                                  @Value("${shiporskip.transient-retry.max-backoff:200ms}") Duration maxBackoff,
                                  ObjectProvider<MeterRegistry> meters) {
        return new TransientRetry(new TransientRetry.Policy(maxAttempts, firstBackoff, maxBackoff),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
