package io.shiporskip.command;

import io.shiporskip.command.eventstore.CreateIfMissingRepository;
import io.shiporskip.command.testing.ObservedDataSource;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.shiporskip.command.TestRequests.tool;
import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one vote costs the database, counted at the JDBC driver's door on the request threads (Tomcat's
 * {@code http-nio-*}) and the group-commit lanes' ({@code vote-lane-*}, where a vote's transaction runs; a lone vote
 * is a batch of one); the relay's and Flyway's threads are not counted: statements executed, transactions (explicit
 * commits plus statements run in autocommit, each its own transaction) and round trips (with pgjdbc each execution,
 * commit and rollback is one exchange with the server; {@code BEGIN} travels with the first statement). The expected
 * numbers are the ones measured and explained in docs/performance.md ("Waste removed from the vote path"): a change
 * that adds a statement to the vote path fails here, on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class VoteCostIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final JdbcCount COUNT = new JdbcCount();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
    }

    @TestConfiguration
    static class Counting {
        /** Every consumer of the service's DataSource (Axon's event store, the registries, the limiter) gets it. */
        @Bean
        static BeanPostProcessor countingDataSource() {
            return ObservedDataSource.observing(COUNT);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private Http http() {
        return new Http("http://127.0.0.1:" + port);
    }



    private JdbcCount.Totals counted(Runnable request) {
        COUNT.reset();
        request.run();
        return COUNT.totals();
    }

    @Test
    void a_first_vote_and_a_change_of_vote_cost_the_counted_statements_transactions_and_round_trips() {
        // a first vote creates its ballot without Axon's AggregateNotFoundException (CreateIfMissingRepositoryTest)
        assertThat(context.getBean("ballotRepository")).isInstanceOf(CreateIfMissingRepository.class);
        assertThat(http().post("/api/v1/tools", token("ed", "editor"), tool("cost-tool")).status()).isEqualTo(201);
        // one vote by someone else first: every lazy first-use query of the service is out of the way
        assertThat(http().put("/api/v1/tools/cost-tool/vote", token("warm", "voter"), Map.of("choice", "SHIP"))
                .status()).isEqualTo(200);
        String alice = token("alice", "voter");

        JdbcCount.Totals first = counted(() -> assertThat(
                http().put("/api/v1/tools/cost-tool/vote", alice, Map.of("choice", "SHIP")).status()).isEqualTo(200));
        JdbcCount.Totals change = counted(() -> assertThat(
                http().put("/api/v1/tools/cost-tool/vote", alice, Map.of("choice", "SKIP")).status()).isEqualTo(200));

        System.out.println("VoteCostIT first vote: " + first);
        System.out.println("VoteCostIT change of vote: " + change);
        assertThat(first.summary()).isEqualTo(new JdbcCount.Summary(5, 2, 6));
        assertThat(change.summary()).isEqualTo(new JdbcCount.Summary(5, 2, 6));
    }

    /** Counts JDBC work done on request threads through proxies of the DataSource, its connections and statements. */
    static final class JdbcCount implements ObservedDataSource.Listener {

        record Summary(int statements, int transactions, int roundTrips) {
        }

        record Totals(List<String> statements, int commits, int rollbacks, int autocommitStatements) {
            Summary summary() {
                return new Summary(statements.size(), commits + autocommitStatements,
                        statements.size() + commits + rollbacks);
            }

            @Override
            public String toString() {
                return summary() + " commits=" + commits + " rollbacks=" + rollbacks + " autocommit="
                        + autocommitStatements + "\n  " + String.join("\n  ", statements);
            }
        }

        private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
        private int commits;
        private int rollbacks;
        private int autocommit;

        synchronized void reset() {
            statements.clear();
            commits = 0;
            rollbacks = 0;
            autocommit = 0;
        }

        synchronized Totals totals() {
            return new Totals(List.copyOf(statements), commits, rollbacks, autocommit);
        }

        private static boolean counted() {
            String thread = Thread.currentThread().getName();
            return thread.startsWith("http-nio-") || thread.startsWith("vote-lane-");
        }

        @Override
        public synchronized void executed(String sql, Connection connection) throws SQLException {
            if (counted()) {
                statements.add(sql.strip().replaceAll("\\s+", " "));
                if (connection.getAutoCommit()) {
                    autocommit++;
                }
            }
        }

        @Override
        public synchronized void ended(Connection connection, boolean commit) {
            if (counted()) {
                if (commit) {
                    commits++;
                } else {
                    rollbacks++;
                }
            }
        }
    }
}
