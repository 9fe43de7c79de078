package io.shiporskip.infra.testing;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The properties a service's {@code @SpringBootTest} needs to run against the test JVM's broker, a topic and a
 * database: {@code ServiceTestProperties.register(registry::add, db, topic)} in a {@code @DynamicPropertySource}.
 * Taking {@code registry::add} keeps infra free of Spring. The services under test run their {@code local} profile,
 * the only one that starts without a secret of its own: Maven sets {@code spring.profiles.active=local} for surefire
 * and failsafe (parent pom); from an IDE, set it too (a profile cannot be activated from a dynamic property).
 */
public final class ServiceTestProperties {

    private ServiceTestProperties() {
    }

    public static void register(BiConsumer<String, Supplier<Object>> add, PostgresEndpoint database, String topic) {
        add.accept("spring.datasource.url", database::jdbcUrl);
        add.accept("spring.datasource.username", database::user);
        add.accept("spring.datasource.password", database::password);
        add.accept("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        add.accept("shiporskip.events-topic", () -> topic);
        // integration tests write far faster than a person: limits stay on (the path is exercised) but out of reach
        add.accept("shiporskip.rate-limits.per-voter.requests", () -> 1_000_000);
        add.accept("shiporskip.rate-limits.per-address.requests", () -> 1_000_000);
    }
}
