package io.shiporskip.query.consistency;

import io.shiporskip.contracts.ConsistencyToken;
import io.shiporskip.query.QueryServiceProperties;
import io.shiporskip.support.problems.RejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/** Waits, boundedly, until the event a consistency token names has been applied to the read models. */
@Component
public class ReadYourWrites {

    private static final int MAX_TOKENS = 20;

    private final JdbcClient jdbc;
    private final QueryServiceProperties properties;

    ReadYourWrites(JdbcClient jdbc, QueryServiceProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Returns once every token is reflected; none returns at once. A token covers exactly its own write, so a client
     * that wants several of its writes visible (a bookmark on one tool, then one on another) passes each token.
     *
     * @throws NotYetConsistent when the wait runs out
     * @throws InvalidToken     when a token is not one of ours
     */
    public void await(List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return;
        }
        awaitUntil(deadline(), parse(tokens));
    }

    /**
     * Like {@link #await}, and then also until the {@link SettledHorizon} has passed every transaction that began
     * before the writes were seen applied, within the same bound. The audit history serves only rows below that
     * horizon (so a cursor never has an entry appear behind it); without this, a write reflected in
     * {@code applied_event} could still be missing from the history while an older transaction of this database ran.
     */
    public void awaitSettled(List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return;
        }
        long deadline = deadline();
        awaitUntil(deadline, parse(tokens));
        // every transaction id below this was assigned before the writes were seen applied, theirs included
        String horizon = jdbc.sql("SELECT pg_snapshot_xmax(pg_current_snapshot())::text").query(String.class).single();
        while (!jdbc.sql("SELECT " + SettledHorizon.SQL + " >= ?::xid8").param(horizon)
                .query(Boolean.class).single()) {
            pause(deadline);
        }
    }

    private List<ConsistencyToken> parse(List<String> tokens) {
        if (tokens.size() > MAX_TOKENS) {
            throw new InvalidToken();
        }
        return tokens.stream().map(token -> ConsistencyToken.parse(token).orElseThrow(InvalidToken::new)).toList();
    }

    private long deadline() {
        return System.nanoTime() + properties.waitForTimeout().toNanos();
    }

    private void awaitUntil(long deadline, List<ConsistencyToken> parsed) {
        while (!parsed.stream().allMatch(this::isReflected)) {
            pause(deadline);
        }
    }

    /** One poll interval, or {@link NotYetConsistent} once the deadline has passed. */
    private void pause(long deadline) {
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

    /**
     * Like {@link #await}, then answers the serving version a cached answer must have reached to show these writes:
     * 0 without tokens; with tokens, the version read after they were all seen applied (every change to the page
     * read models committed before then is numbered at or below it). When the version cannot be read, a number no
     * cached answer reaches.
     */
    public long awaitServingVersion(List<String> tokens) {
        await(tokens);
        if (tokens == null || tokens.isEmpty()) {
            return 0;
        }
        try {
            return jdbc.sql("SELECT version FROM serving_version WHERE id = 1").query(Long.class).single();
        } catch (DataAccessException e) {
            return Long.MAX_VALUE;
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
            super("waitFor must be up to " + MAX_TOKENS + " tokens issued by the command service.");
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
