package io.shiporskip.infra.stack;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.util.HashMap;
import java.util.Map;

/**
 * What the three services need to find their infrastructure, plus any further settings (environment variables such
 * as rate limits); turned into their environment variables. A null {@code jwtSecret} sets none (the services then
 * need {@code SHIPORSKIP_JWK_SET_URI} among the settings, or the local profile).
 */
public record StackEndpoints(PostgresEndpoint database, String kafkaBootstrapServers, String topic, String jwtSecret,
                             Map<String, String> settings, Map<Service, Map<String, String>> serviceSettings) {

    /** Settings every stack started for tests and benchmarks uses: they write far faster than people do. */
    public static final Map<String, String> GENEROUS_RATE_LIMITS = Map.of(
            "SHIPORSKIP_RATE_LIMIT_PER_VOTER", "1000000", "SHIPORSKIP_RATE_LIMIT_PER_ADDRESS", "1000000");

    /**
     * Stacks started on a developer's machine (up, tests, benchmarks) run the services' {@code local} profile, the only
     * one that accepts the public development secret; a setting of {@code SPRING_PROFILES_ACTIVE} overrides it.
     */
    public static final Map<String, String> LOCAL_PROFILE = Map.of("SPRING_PROFILES_ACTIVE", "local");

    public StackEndpoints {
        settings = Map.copyOf(settings);
        serviceSettings = Map.copyOf(serviceSettings);
    }

    public StackEndpoints(PostgresEndpoint database, String kafkaBootstrapServers, String topic, String jwtSecret) {
        this(database, kafkaBootstrapServers, topic, jwtSecret, Map.of(), Map.of());
    }

    /** The same endpoints with more settings (later ones win). */
    public StackEndpoints with(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(settings);
        merged.putAll(more);
        return new StackEndpoints(database, kafkaBootstrapServers, topic, jwtSecret, merged, serviceSettings);
    }

    /** The same endpoints with settings for one service only, applied last (e.g. its own database role). */
    public StackEndpoints withFor(Service service, Map<String, String> more) {
        Map<Service, Map<String, String>> merged = new HashMap<>(serviceSettings);
        Map<String, String> own = new HashMap<>(merged.getOrDefault(service, Map.of()));
        own.putAll(more);
        merged.put(service, Map.copyOf(own));
        return new StackEndpoints(database, kafkaBootstrapServers, topic, jwtSecret, settings, merged);
    }

    public Map<String, String> environmentFor(Service service, int port) {
        Map<String, String> env = new HashMap<>(LOCAL_PROFILE);
        env.putAll(settings);
        env.put(service.portVariable(), String.valueOf(port));
        env.put("POSTGRES_URL", database.jdbcUrl());
        env.put("POSTGRES_USER", database.user());
        env.put("POSTGRES_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("SHIPORSKIP_EVENTS_TOPIC", topic);
        if (jwtSecret != null) {
            env.put("SHIPORSKIP_JWT_SECRET", jwtSecret);
        }
        env.putAll(serviceSettings.getOrDefault(service, Map.of()));
        return env;
    }
}
