package io.shiporskip.support.health;

import io.shiporskip.support.kafka.KafkaClients;
import io.shiporskip.support.kafka.KafkaClientsConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Health indicator {@code kafka} for the services that talk to Kafka: the cluster answers with its brokers, through
 * an admin client configured like every other ({@link KafkaClients}: same listener, TLS and SASL settings), so a wrong
 * password or an untrusted certificate shows here. Answers within about 3 s whatever the broker does.
 */
@AutoConfiguration(after = KafkaClientsConfiguration.class)
@ConditionalOnBean(KafkaClients.class)
public class KafkaHealth {

    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaClients kafka) {
        return new KafkaHealthIndicator(Admin.create(kafka.admin("health check", Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "shiporskip-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))));
    }

    public static final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {
        private static final Logger log = LoggerFactory.getLogger(KafkaHealthIndicator.class);

        private final Admin admin;
        /** The last failure logged, so that a broker down for an hour is logged once, not at every probe. */
        private final AtomicReference<String> lastFailure = new AtomicReference<>();

        KafkaHealthIndicator(Admin admin) {
            this.admin = admin;
        }

        @Override
        public Health health() {
            try {
                int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                if (lastFailure.getAndSet(null) != null) {
                    log.info("Kafka answers again ({} brokers)", brokers);
                }
                return Health.up().withDetail("brokers", brokers).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down(e).build();
            } catch (Exception e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                String failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                if (!failure.equals(lastFailure.getAndSet(failure))) {
                    // names the cause (e.g. SaslAuthenticationException: Authentication failed ...) for the operator
                    log.warn("Kafka health check fails: {}", failure);
                }
                return Health.down().withDetail("error", cause.getClass().getSimpleName()).build();
            }
        }

        @Override
        public void close() {
            admin.close();
        }
    }
}
