package io.shiporskip.infra.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where the tests' PostgreSQL and Kafka come from, chosen once per JVM:
 * <ul>
 *   <li>{@link #LOCAL}, this project's machines: the PostgreSQL server at {@code POSTGRES_URL} (an embedded one when
 *       none answers) and a real Kafka broker inside the test JVM;</li>
 *   <li>{@link #CONTAINERS}: PostgreSQL and Kafka containers started by Testcontainers ({@link TestContainers}).</li>
 * </ul>
 * {@code SHIPORSKIP_TEST_INFRA=local|containers} decides when set. Otherwise a {@code POSTGRES_URL} the caller set
 * means that server ({@code LOCAL}); failing that, {@code CONTAINERS} when a Docker engine answers its ping
 * ({@link DockerEngine}), else {@code LOCAL}, the default where no engine runs.
 */
public enum TestInfrastructure {
    LOCAL, CONTAINERS;

    static final String VARIABLE = "SHIPORSKIP_TEST_INFRA";
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private static TestInfrastructure selected;

    /** This JVM's choice (made on first use, from its environment). */
    public static synchronized TestInfrastructure selected() {
        if (selected == null) {
            Map<String, String> environment = System.getenv();
            selected = select(environment, () -> DockerEngine.answers(environment, PING_TIMEOUT));
        }
        return selected;
    }

    /** The choice for this environment; {@code engineAnswers} is asked only when nothing else decides. */
    static TestInfrastructure select(Map<String, String> environment, BooleanSupplier engineAnswers) {
        String wanted = environment.getOrDefault(VARIABLE, "").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "local":
                return LOCAL;
            case "containers":
                return CONTAINERS;
            case "", "auto":
                break;
            default:
                throw new IllegalArgumentException(VARIABLE + " must be local, containers or auto, not '" + wanted + "'");
        }
        if (!environment.getOrDefault("POSTGRES_URL", "").isBlank()) {
            return LOCAL;
        }
        return engineAnswers.getAsBoolean() ? CONTAINERS : LOCAL;
    }
}
