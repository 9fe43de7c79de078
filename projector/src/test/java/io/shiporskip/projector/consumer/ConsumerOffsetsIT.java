package io.shiporskip.projector.consumer;

import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.TestPostgres;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets in the read-model database: they never move back, and never carry over to a recreated topic. */
class ConsumerOffsetsIT {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private ConsumerOffsets offsets;

    @BeforeEach
    void freshSchema() {
        PostgresEndpoint db = TestPostgres.freshDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password());
        dataSource.setSchema("read_model");
        Flyway.configure().dataSource(dataSource).schemas("read_model").defaultSchema("read_model").load().migrate();
        offsets = new ConsumerOffsets(JdbcClient.create(dataSource));
    }

    @Test
    void anOffsetNeverMovesBackSoALateZombieBatchCannotRewindTheNewOwner() {
        offsets.advance(P0, "topic-a", 120);
        offsets.advance(P0, "topic-a", 80);
        assertThat(offsets.load(List.of(P0), "topic-a")).isEqualTo(Map.of(P0, 120L));
    }

    @Test
    void offsetsOfAnEarlierInstanceOfTheTopicDoNotCount() {
        offsets.advance(P0, "topic-a", 120);
        assertThat(offsets.load(List.of(P0), "topic-b")).isEmpty();

        offsets.advance(P0, "topic-b", 3);
        assertThat(offsets.load(List.of(P0), "topic-b")).isEqualTo(Map.of(P0, 3L));
        assertThat(offsets.load(List.of(P0), "topic-a")).isEmpty();
    }
}
