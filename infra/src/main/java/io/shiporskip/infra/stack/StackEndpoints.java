package io.shiporskip.infra.stack;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.util.HashMap;
import java.util.Map;

/** What the three services need to find their infrastructure; turned into their environment variables. */
public record StackEndpoints(PostgresEndpoint database, String kafkaBootstrapServers, String topic, String jwtSecret) {

    public Map<String, String> environmentFor(Service service, int port) {
        Map<String, String> env = new HashMap<>();
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
