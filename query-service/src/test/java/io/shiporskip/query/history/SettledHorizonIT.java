package io.shiporskip.query.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.community.VoterSuspended;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.query.testing.GenerationTables;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit history's horizon on a real PostgreSQL server shared by several databases: an open transaction of another
 * database holds back nothing, an older open transaction of this database still holds back the rows written after
 * it (they could otherwise appear ahead of a row it is about to commit, behind a client's cursor).
 */
class SettledHorizonIT {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    private final PostgresEndpoint database = TestPostgres.freshDatabase();
    private final PostgresEndpoint otherDatabase = TestPostgres.freshDatabase();
    private final JdbcClient jdbc = GenerationTables.freshIn(database);
    private final AuditHistory history = new AuditHistory(jdbc, new ObjectMapper(),
            new LoggedEvents(EventDecoder.standard()));

    @Test
    void a_transaction_of_another_database_holds_nothing_back_and_an_older_one_of_this_database_does() throws Exception {
        log("before");
        try (Connection elsewhere = openTransactionWithId(otherDatabase)) {
            log("while-another-database-writes");
            assertThat(reasons()).containsExactly("before", "while-another-database-writes");

            try (Connection here = openTransactionWithId(database)) {
                log("after-an-older-one-here");
                assertThat(reasons()).as("held back while the older transaction of this database runs")
                        .containsExactly("before", "while-another-database-writes");
                here.rollback();
            }
            assertThat(reasons()).containsExactly("before", "while-another-database-writes", "after-an-older-one-here");
            elsewhere.rollback();
        }
    }

    private List<String> reasons() {
        return history.page(List.of("ada"), null, new AuditHistory.Filter(List.of(), null), 100).events().stream()
                .map(HistoryEntry::reason).toList();
    }

    /** A connection in an open transaction that has a transaction id (it wrote, as a projector's batch does). */
    private static Connection openTransactionWithId(PostgresEndpoint db) throws SQLException {
        Connection connection = db.connect();
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("SELECT pg_current_xact_id()");
        }
        return connection;
    }

    private void log(String reason) {
        jdbc.sql("""
                INSERT INTO event_log (event_id, position, type, version, subject, actor_id, actor_role, occurred_at,
                                       reason, data)
                VALUES (?, 1, 'VoterSuspended', 1, 'ada', 'mia', 'moderator', ?, ?, ?::jsonb)""")
                .params(UUID.randomUUID().toString(), Timestamp.from(AT), reason,
                        EventDecoder.standard().encode(new VoterSuspended("ada")).toString())
                .update();
    }
}
