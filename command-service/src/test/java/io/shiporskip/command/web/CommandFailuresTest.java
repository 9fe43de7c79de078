package io.shiporskip.command.web;

import org.axonframework.common.jdbc.JdbcException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class CommandFailuresTest {

    @Test
    void aClosedConnectionInsideAxonsJdbcEngineMeansTheStoreIsUnreachable() {
        assertThat(CommandFailures.unreachable(new JdbcException("Failed to create a SQL statement",
                new SQLException("This connection has been closed.", "08003")))).isTrue();
        assertThat(CommandFailures.unreachable(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(CommandFailures.unreachable(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(CommandFailures.unreachable(new JdbcException("bad", new SQLException("syntax error", "42601")))).isFalse();
        assertThat(CommandFailures.unreachable(new IllegalStateException("bug"))).isFalse();
    }
}
