package io.shiporskip.query.consistency;

import io.shiporskip.contracts.ConsistencyToken;
import io.shiporskip.query.QueryServiceProperties;
import io.shiporskip.support.problems.RejectedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Waits, boundedly, until the event a consistency token names has been applied to the read models. */
@Component
public class ReadYourWrites {

    private final JdbcClient jdbc;
    private final QueryServiceProperties properties;

    ReadYourWrites(JdbcClient jdbc, QueryServiceProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Returns once the token is reflected; a null token returns at once.
     *
     * @throws NotYetConsistent when the wait runs out
     * @throws InvalidToken     when the token is not one of ours
     */
    public void await(String token) {
        if (token == null) {
            return;
        }
        ConsistencyToken parsed = ConsistencyToken.parse(token).orElseThrow(InvalidToken::new);
        long deadline = System.nanoTime() + properties.waitForTimeout().toNanos();
        while (!isReflected(parsed)) {
            if (System.nanoTime() > deadline) {
                throw new NotYetConsistent();
            }
            try {
                Thread.sleep(properties.waitForPoll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotYetConsistent();
            }
        }
    }

    private boolean isReflected(ConsistencyToken token) {
        if (token.isSingleEvent()) {
            return jdbc.sql("SELECT count(*) FROM applied_event WHERE event_id = ?").param(token.eventId())
                    .query(Integer.class).single() > 0;
        }
        return jdbc.sql("SELECT count(*) FROM applied_event WHERE command_id = ?").param(token.commandId())
                .query(Integer.class).single() >= token.eventCount();
    }

    public static final class NotYetConsistent extends RejectedException {
        NotYetConsistent() {
            super("Your write is stored but not visible here yet; retry shortly.");
        }

        @Override
        public String code() {
            return "not-yet-consistent";
        }

        @Override
        public int status() {
            return 503;
        }

        @Override
        public int retryAfterSeconds() {
            return 1;
        }
    }

    public static final class InvalidToken extends RejectedException {
        InvalidToken() {
            super("waitFor is not a token issued by the command service.");
        }

        @Override
        public String code() {
            return "invalid-consistency-token";
        }

        @Override
        public int status() {
            return 400;
        }
    }
}
