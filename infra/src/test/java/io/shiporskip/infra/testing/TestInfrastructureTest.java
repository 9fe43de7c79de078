package io.shiporskip.infra.testing;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.shiporskip.infra.testing.TestInfrastructure.CONTAINERS;
import static io.shiporskip.infra.testing.TestInfrastructure.LOCAL;
import static io.shiporskip.infra.testing.TestInfrastructure.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the tests' PostgreSQL and Kafka are chosen: the variable, then a server the caller named, then the engine. */
class TestInfrastructureTest {

    private final AtomicInteger pings = new AtomicInteger();

    private BooleanSupplier engine(boolean answers) {
        return () -> {
            pings.incrementAndGet();
            return answers;
        };
    }

    @Test
    void without_an_engine_the_local_path_is_the_default() {
        assertThat(select(Map.of(), engine(false))).isEqualTo(LOCAL);
        assertThat(pings).hasValue(1);
    }

    @Test
    void an_engine_that_answers_selects_containers() {
        assertThat(select(Map.of(), engine(true))).isEqualTo(CONTAINERS);
        assertThat(select(Map.of("SHIPORSKIP_TEST_INFRA", "auto"), engine(true))).isEqualTo(CONTAINERS);
    }

    @Test
    void the_variable_decides_without_asking_the_engine() {
        assertThat(select(Map.of("SHIPORSKIP_TEST_INFRA", "local"), engine(true))).isEqualTo(LOCAL);
        assertThat(select(Map.of("SHIPORSKIP_TEST_INFRA", " Containers "), engine(false))).isEqualTo(CONTAINERS);
        assertThat(pings).hasValue(0);
    }

    @Test
    void a_postgres_url_the_caller_set_keeps_the_local_path_even_with_an_engine() {
        assertThat(select(Map.of("POSTGRES_URL", "jdbc:postgresql://db.internal:5432/postgres"), engine(true)))
                .isEqualTo(LOCAL);
        assertThat(select(Map.of("POSTGRES_URL", " "), engine(true))).isEqualTo(CONTAINERS);
    }

    @Test
    void an_unknown_value_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> select(Map.of("SHIPORSKIP_TEST_INFRA", "docker"), engine(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SHIPORSKIP_TEST_INFRA must be local, containers or auto, not 'docker'");
    }
}
