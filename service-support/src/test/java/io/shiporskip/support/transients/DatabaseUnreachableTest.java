package io.shiporskip.support.transients;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnreachableTest {

    @Test
    void closed_refused_exhausted_and_shutting_down_connections_mean_the_database_is_unreachable() {
        // as Axon's JDBC engine wraps a pooled connection the server dropped
        assertThat(DatabaseUnreachable.is(new IllegalStateException("Failed to create a SQL statement",
                new SQLException("This connection has been closed.", "08003")))).isTrue();
        assertThat(DatabaseUnreachable.is(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(DatabaseUnreachable.is(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(DatabaseUnreachable.is(new RuntimeException(new SQLException("sorry, too many clients already",
                "53300")))).isTrue();
        assertThat(DatabaseUnreachable.is(new SQLTransientConnectionException("Connection is not available"))).isTrue();
        assertThat(DatabaseUnreachable.is(new RuntimeException(new SQLException(
                "canceling statement due to statement timeout", "57014")))).isTrue();
    }

    @Test
    void a_connection_is_gone_when_unreachable_but_not_for_a_statement_cancelled_by_its_timeout() {
        assertThat(DatabaseUnreachable.connectionGone(new IllegalStateException("Failed to create a SQL statement",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(DatabaseUnreachable.connectionGone(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseUnreachable.connectionGone(new RuntimeException(new SQLException(
                "canceling statement due to statement timeout", "57014")))).isFalse();
        assertThat(DatabaseUnreachable.connectionGone(new SQLException("deadlock detected", "40P01"))).isFalse();
    }

    @Test
    void other_database_errors_are_not() {
        assertThat(DatabaseUnreachable.is(new RuntimeException(new SQLException("syntax error", "42601")))).isFalse();
        assertThat(DatabaseUnreachable.is(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(DatabaseUnreachable.is(new IllegalStateException("bug"))).isFalse();
    }
}
