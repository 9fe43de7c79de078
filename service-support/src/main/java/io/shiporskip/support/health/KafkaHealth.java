package io.shiporskip.support.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Health indicator {@code kafka} for the services that talk to Kafka: the cluster answers with its brokers. */
@AutoConfiguration
@ConditionalOnClass(name = "org.apache.kafka.clients.admin.Admin")
@ConditionalOnProperty("shiporskip.kafka-bootstrap")
public class KafkaHealth {

    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(@Value("${shiporskip.kafka-bootstrap}") String bootstrapServers) {
        return new KafkaHealthIndicator(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000)));
    }

    public static final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {
        private final Admin admin;

        KafkaHealthIndicator(Admin admin) {
            this.admin = admin;
        }

        @Override
        public Health health() {
            try {
                int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                return Health.up().withDetail("brokers", brokers).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down(e).build();
            } catch (Exception e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        }

        @Override
        public void close() {
            admin.close();
        }
    }
}
