package io.shiporskip.support.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientsTest {

    private static final Map<String, Object> RELAY_RULES = Map.of("enable.idempotence", true, "acks", "all");

    /** Binds the settings as Spring Boot does from the process environment (relaxed names). */
    private static KafkaClients fromEnvironment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        // Boot maps SPRING_KAFKA_... names only in a source named like the system environment
        String name = "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(name, variables));
        ConfigurationPropertySources.attach(environment);
        return new KafkaClients(Binder.get(environment).bindOrCreate("spring.kafka", KafkaSettings.class));
    }

    private static KafkaClients fromProperties(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("yml", properties));
        return new KafkaClients(Binder.get(environment).bindOrCreate("spring.kafka", KafkaSettings.class));
    }

    @Test
    void the_documented_environment_variables_reach_every_kind_of_client() {
        KafkaClients kafka = fromEnvironment(Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093,kafka-2:9093",
                "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.example.Login required username=\"u\" password=\"p\";",
                "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/kafka/trust.p12",
                "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", "changeit",
                "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12"));
        Map<String, Object> expected = Map.of(
                "bootstrap.servers", "kafka-1:9093,kafka-2:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.example.Login required username=\"u\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka/trust.p12",
                "ssl.truststore.password", "changeit",
                "ssl.truststore.type", "PKCS12");

        assertThat(kafka.producer("relay", Map.of(), RELAY_RULES)).containsAllEntriesOf(expected);
        assertThat(kafka.consumer("projector", Map.of(), Map.of())).containsAllEntriesOf(expected);
        assertThat(kafka.admin("health", Map.of())).containsAllEntriesOf(expected);
    }

    @Test
    void properties_for_one_kind_of_client_go_to_that_kind_only_and_over_the_common_ones() {
        KafkaClients kafka = fromProperties(Map.of(
                "spring.kafka.bootstrap-servers", "k:9092",
                "spring.kafka.properties.client.dns.lookup", "use_all_dns_ips",
                "spring.kafka.properties.request.timeout.ms", "7000",
                "spring.kafka.producer.properties.request.timeout.ms", "8000",
                "spring.kafka.consumer.properties.fetch.max.wait.ms", "100",
                "spring.kafka.admin.properties.retries", "3"));

        Map<String, Object> producer = kafka.producer("relay", Map.of(), RELAY_RULES);
        Map<String, Object> consumer = kafka.consumer("projector", Map.of(), Map.of());
        Map<String, Object> admin = kafka.admin("health", Map.of());

        assertThat(producer).containsEntry("request.timeout.ms", "8000").containsEntry("client.dns.lookup",
                "use_all_dns_ips").doesNotContainKeys("fetch.max.wait.ms", "retries");
        assertThat(consumer).containsEntry("request.timeout.ms", "7000").containsEntry("fetch.max.wait.ms", "100")
                .doesNotContainKey("retries");
        assertThat(admin).containsEntry("request.timeout.ms", "7000").containsEntry("retries", "3")
                .doesNotContainKey("fetch.max.wait.ms");
    }

    @Test
    void a_user_setting_overrides_a_default_of_the_project_and_the_rules_are_applied_when_unset() {
        KafkaClients kafka = fromProperties(Map.of("spring.kafka.bootstrap-servers", "k:9092",
                "spring.kafka.producer.properties.linger.ms", "20"));

        Map<String, Object> producer = kafka.producer("relay", Map.of("linger.ms", 2, "compression.type", "lz4"),
                RELAY_RULES);

        assertThat(producer).containsEntry("linger.ms", "20").containsEntry("compression.type", "lz4")
                .containsEntry("enable.idempotence", true).containsEntry("acks", "all");
    }

    @Test
    void a_user_setting_that_contradicts_a_rule_is_refused_naming_the_setting_and_the_rule() {
        for (String key : new String[]{"spring.kafka.properties.enable.idempotence",
                "spring.kafka.producer.properties.enable.idempotence"}) {
            Map<String, Object> properties = new HashMap<>(Map.of("spring.kafka.bootstrap-servers", "k:9092"));
            properties.put(key, "false");
            KafkaClients kafka = fromProperties(properties);

            assertThatThrownBy(() -> kafka.producer("relay", Map.of(), RELAY_RULES))
                    .isInstanceOf(KafkaClients.ConflictingKafkaSetting.class)
                    .hasMessageContaining(key + "=false")
                    .hasMessageContaining("enable.idempotence must be true");
        }
    }

    @Test
    void a_user_setting_equal_to_a_rule_is_accepted() {
        KafkaClients kafka = fromProperties(Map.of("spring.kafka.bootstrap-servers", "k:9092",
                "spring.kafka.producer.properties.acks", "ALL",
                "spring.kafka.producer.properties.enable.idempotence", "true"));

        assertThat(kafka.producer("relay", Map.of(), RELAY_RULES)).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true);
    }

    @Test
    void a_producer_setting_does_not_conflict_with_a_consumer_rule() {
        KafkaClients kafka = fromProperties(Map.of("spring.kafka.bootstrap-servers", "k:9092",
                "spring.kafka.producer.properties.enable.auto.commit", "true"));

        assertThat(kafka.consumer("projector", Map.of(), Map.of("enable.auto.commit", false)))
                .containsEntry("enable.auto.commit", false);
    }

    @Test
    void without_bootstrap_servers_no_client_is_configured() {
        KafkaClients kafka = fromProperties(Map.of());

        assertThatThrownBy(() -> kafka.admin("health", Map.of())).hasMessageContaining("spring.kafka.bootstrap-servers")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void unset_security_and_ssl_settings_leave_kafkas_defaults() {
        KafkaClients kafka = fromProperties(Map.of("spring.kafka.bootstrap-servers", "k:9092"));

        assertThat(kafka.admin("health", Map.of("request.timeout.ms", 2000)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "k:9092", "request.timeout.ms", 2000));
    }

    @Test
    void a_misspelt_kafka_setting_is_refused_and_named() {
        KafkaClients kafka = fromEnvironment(Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISMS", "PLAIN"));
        assertThatThrownBy(() -> kafka.admin("health", Map.of()))
                .isInstanceOf(KafkaClients.UnknownKafkaSetting.class)
                .hasMessageContaining("spring.kafka.properties.sasl.mechanisms");
        KafkaClients consumerOnly = fromProperties(Map.of("spring.kafka.bootstrap-servers", "k:9092",
                "spring.kafka.producer.properties.group.id", "mine"));
        assertThatThrownBy(() -> consumerOnly.producer("relay", Map.of(), Map.of()))
                .hasMessageContaining("spring.kafka.producer.properties.group.id");
    }

    @Test
    void an_empty_value_reaches_kafka_as_given() {
        // Kafka's documented way to turn hostname verification off (brokers advertised by address)
        KafkaClients kafka = fromEnvironment(Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SPRING_KAFKA_PROPERTIES_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", ""));
        assertThat(kafka.admin("health", Map.of())).containsEntry("ssl.endpoint.identification.algorithm", "");
    }

    @Test
    void a_boot_kafka_key_this_project_does_not_read_stops_the_service_at_start() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaClientsConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=k:9092", "spring.kafka.producer.acks=1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("spring.kafka.producer.acks"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaClientsConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=k:9092",
                        "spring.kafka.properties.sasl.mechanism=PLAIN")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(KafkaClients.class));
    }
}
