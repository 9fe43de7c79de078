package io.shiporskip.infra.stack;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.util.HashMap;
import java.util.Map;

/**
 * What the three services need to find their infrastructure, plus any further settings (environment variables such
 * as rate limits); turned into their environment variables.
 */
public record StackEndpoints(PostgresEndpoint database, String kafkaBootstrapServers, String topic, String jwtSecret,
                             Map<String, String> settings) {

    /** Settings every stack started for tests and benchmarks uses: they write far faster than people do. */
    public static final Map<String, String> GENEROUS_RATE_LIMITS = Map.of(
            "SHIPORSKIP_RATE_LIMIT_PER_VOTER", "1000000", "SHIPORSKIP_RATE_LIMIT_PER_ADDRESS", "1000000");

    public StackEndpoints {
        settings = Map.copyOf(settings);
    }

    public StackEndpoints(PostgresEndpoint database, String kafkaBootstrapServers, String topic, String jwtSecret) {
        this(database, kafkaBootstrapServers, topic, jwtSecret, Map.of());
    }

    /** The same endpoints with more settings (later ones win). */
    public StackEndpoints with(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(settings);
        merged.putAll(more);
        return new StackEndpoints(database, kafkaBootstrapServers, topic, jwtSecret, merged);
    }

    public Map<String, String> environmentFor(Service service, int port) {
        Map<String, String> env = new HashMap<>(settings);
        env.put(service.portVariable(), String.valueOf(port));
        env.put("POSTGRES_URL", database.jdbcUrl());
        env.put("POSTGRES_USER", database.user());
        env.put("POSTGRES_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("SHIPORSKIP_EVENTS_TOPIC", topic);
        env.put("SHIPORSKIP_JWT_SECRET", jwtSecret);
        return env;
    }
}
