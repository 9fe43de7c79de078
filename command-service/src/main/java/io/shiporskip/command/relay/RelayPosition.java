package io.shiporskip.command.relay;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

/** The global index every relay segment has published up to (the slowest segment's token). */
final class RelayPosition {

    private RelayPosition() {
    }

    /**
     * A query of one column, the position (null while the relay has stored no token), taking the processing group as
     * its one parameter; a sub-query for statements that need the position beside something else.
     */
    static final String SQL = """
            SELECT min(coalesce((t ->> 'index')::bigint, (t -> 'currentToken' ->> 'index')::bigint))
            FROM (SELECT convert_from(token, 'UTF8')::jsonb AS t FROM token_entry
                  WHERE processor_name = ? AND token IS NOT NULL) tokens""";

    static Optional<Long> of(JdbcClient jdbc) {
        // the relay's Jackson-serialized token: a GapAwareTrackingToken {"index": n, ...}, or after a reset a
        // ReplayToken {"currentToken": {"index": n, ...}, ...}
        return jdbc.sql(SQL).param(KafkaRelay.PROCESSING_GROUP).query(Long.class).optional();
    }
}
