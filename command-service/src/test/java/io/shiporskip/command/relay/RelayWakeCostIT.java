package io.shiporskip.command.relay;

import io.shiporskip.command.testing.ObservedDataSource;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.shiporskip.command.TestRequests.token;
import static io.shiporskip.command.TestRequests.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a wake-up of the relay costs the event store: the reads of {@code domain_event_entry} made by the relay
 * processor's coordinator thread ({@code Coordinator[kafka-relay]-*}), counted at the JDBC driver's door, and the
 * transactions they ran in (statements in autocommit, plus commits of transactions that read the store). The poll
 * interval is an hour, so the only wake-ups are the ones the test causes: an empty commit on the event store (a
 * wake-up that finds nothing) and a change of vote (one event). Expected: one read in one transaction each
 * (docs/performance.md, "The relay's wake-ups and the projector's fetches": on Axon's own stream of the event store
 * an idle wake-up took 6 statements in 3 transactions, or 12 in 6, and a one-event wake-up 7 in 4).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shiporskip.relay-poll-interval=1h")
@DirtiesContext
class RelayWakeCostIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final StoreReads READS = new StoreReads();
    private static KafkaConsumer<String, byte[]> topic;
    private static int published;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
    }

    @TestConfiguration
    static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return ObservedDataSource.observing(READS);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void readTheTopic() {
        topic = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "wake-cost-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        topic.subscribe(List.of(TOPIC));
    }

    @AfterAll
    static void close() {
        topic.close();
    }

    private Http http() {
        return new Http("http://127.0.0.1:" + port);
    }

    /** Waits until the relay has published every stored event, then a little for its coordinator to go idle. */
    private void relayCaughtUp() throws InterruptedException {
        long stored = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            published += topic.poll(Duration.ofMillis(100)).count();
            return published >= stored;
        });
        assertThat(published).isEqualTo(stored);
        Thread.sleep(500);
    }

    private StoreReads.Summary counted(Runnable wakeUp) throws InterruptedException {
        READS.reset();
        wakeUp.run();
        Thread.sleep(1_000); // the wake-up waits shiporskip.relay-linger (10 ms), then the coordinator runs at once
        return READS.summary();
    }

    @Test
    void a_wake_up_reads_the_store_once_in_one_transaction_whether_it_finds_events_or_not() throws Exception {
        assertThat(http().post("/api/v1/tools", token("ed", "editor"), tool("wake-tool")).status()).isEqualTo(201);
        assertThat(http().put("/api/v1/tools/wake-tool/vote", token("alice", "voter"), Map.of("choice", "SHIP"))
                .status()).isEqualTo(200);
        relayCaughtUp();

        StoreReads.Summary idle = counted(() -> eventStore.publish(List.of()));
        StoreReads.Summary vote = counted(() -> assertThat(http().put("/api/v1/tools/wake-tool/vote",
                token("alice", "voter"), Map.of("choice", "SKIP")).status()).isEqualTo(200));
        System.out.println("RelayWakeCostIT idle wake-up: " + idle);
        System.out.println("RelayWakeCostIT one-event wake-up: " + vote);

        assertThat(idle.reads()).hasSize(1);
        assertThat(idle.transactions()).isEqualTo(1);
        assertThat(vote.reads()).hasSize(1);
        assertThat(vote.transactions()).isEqualTo(1);
        relayCaughtUp(); // and the change of vote was published
    }

    /**
     * Statements reading {@code domain_event_entry} on the relay's coordinator thread, through proxies of the
     * DataSource, its connections and statements; a transaction is a statement in autocommit or a commit of a
     * connection that read the store since it began.
     */
    static final class StoreReads implements ObservedDataSource.Listener {

        record Summary(List<String> reads, int transactions) {
        }

        private final List<String> reads = Collections.synchronizedList(new ArrayList<>());
        private final Set<Connection> readInTransaction = Collections.newSetFromMap(new IdentityHashMap<>());
        private int transactions;

        synchronized void reset() {
            reads.clear();
            readInTransaction.clear();
            transactions = 0;
        }

        synchronized Summary summary() {
            return new Summary(List.copyOf(reads), transactions);
        }

        private static boolean counted(String sql) {
            return Thread.currentThread().getName().startsWith("Coordinator[kafka-relay]")
                    && sql != null && sql.contains("domain_event_entry");
        }

        @Override
        public synchronized void executed(String sql, Connection connection) throws SQLException {
            if (counted(sql)) {
                reads.add(sql.strip().replaceAll("\\s+", " "));
                if (connection.getAutoCommit()) {
                    transactions++;
                } else {
                    readInTransaction.add(connection);
                }
            }
        }

        @Override
        public synchronized void ended(Connection connection, boolean commit) {
            if (readInTransaction.remove(connection) && commit) {
                transactions++;
            }
        }
    }
}
