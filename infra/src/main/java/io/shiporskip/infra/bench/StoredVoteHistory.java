package io.shiporskip.infra.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a large vote history straight into the event store, row for row as Axon stores it (ballot aggregates,
 * sequence numbers, Jackson payloads, provenance metadata), plus the command side's current-vote registry. The relay
 * then publishes it and the projector projects it like any other events: it is the fast way to a history of hundreds
 * of thousands of events that the HTTP path would take an hour to write.
 *
 * <p>Event i of N, with voter v on tool v mod T: i mod 10 below 7 casts voter i's vote (SHIP for even voters, SKIP for
 * odd); 7 and 8 change the vote of voter i-7 / i-8; 9 retracts voter i-9's changed vote.
 */
public final class StoredVoteHistory {

    private StoredVoteHistory() {
    }

    /** Loads N events on tools {@code <toolPrefix>0 .. <toolPrefix>T-1}, which must be listed already. */
    public static void load(Connection c, int events, int tools, String toolPrefix) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TEMPORARY TABLE generated_vote AS
                    SELECT i, v.voter, v.seq, v.type,
                           %2$s || (v.voter %% %3$d) AS tool,
                           'bench-voter-' || v.voter AS voter_id,
                           CASE WHEN v.voter %% 2 = 0 THEN 'SHIP' ELSE 'SKIP' END AS first_choice,
                           CASE WHEN v.voter %% 2 = 0 THEN 'SKIP' ELSE 'SHIP' END AS second_choice
                    FROM generate_series(0, %1$d - 1) AS i,
                    LATERAL (SELECT CASE WHEN i %% 10 < 7 THEN i WHEN i %% 10 < 9 THEN i - 7 ELSE i - 9 END AS voter,
                                    CASE WHEN i %% 10 < 7 THEN 0 WHEN i %% 10 < 9 THEN 1 ELSE 2 END AS seq,
                                    CASE WHEN i %% 10 < 7 THEN 'VoteCast' WHEN i %% 10 < 9 THEN 'VoteChanged'
                                         ELSE 'VoteRetracted' END AS type) v
                    """.formatted(events, quote(toolPrefix), tools));
            s.execute("""
                    INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                        type, payload_type, payload_revision, payload, meta_data, time_stamp)
                    SELECT gen_random_uuid()::text, 'ballot:' || tool || ':' || voter_id, seq, 'Ballot',
                           'io.shiporskip.contracts.community.' || type, '1',
                           convert_to(CASE type
                               WHEN 'VoteCast' THEN json_build_object('toolId', tool, 'voterId', voter_id, 'choice', first_choice)
                               WHEN 'VoteChanged' THEN json_build_object('toolId', tool, 'voterId', voter_id,
                                                                         'from', first_choice, 'to', second_choice)
                               ELSE json_build_object('toolId', tool, 'voterId', voter_id, 'previous', second_choice)
                           END::text, 'UTF8'),
                           convert_to(json_build_object('actorId', voter_id, 'commandId', gen_random_uuid()::text,
                                                        'actorRole', 'voter')::text, 'UTF8'),
                           to_char((now() - (%d - i) * interval '10 milliseconds') AT TIME ZONE 'UTC',
                                   'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                    FROM generated_vote ORDER BY i
                    """.formatted(events));
            s.execute("""
                    INSERT INTO event_store.voter_registry (voter_id)
                    SELECT DISTINCT voter_id FROM generated_vote ON CONFLICT DO NOTHING""");
            s.execute("""
                    INSERT INTO event_store.current_vote (voter_id, tool_id, choice)
                    SELECT voter_id, tool, CASE WHEN max(seq) = 0 THEN min(first_choice) ELSE min(second_choice) END
                    FROM generated_vote GROUP BY voter_id, tool HAVING max(seq) < 2""");
            s.execute("DROP TABLE generated_vote");
            s.execute("ANALYZE event_store.domain_event_entry");
        }
    }

    /** The tallies the loaded history must produce, per tool: {ship, skip}, from the current-vote registry. */
    public static Map<String, long[]> tallies(Connection c, String toolPrefix) throws SQLException {
        Map<String, long[]> tallies = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT tool_id, count(*) FILTER (WHERE choice = 'SHIP'), count(*) FILTER (WHERE choice = 'SKIP')
                FROM event_store.current_vote WHERE tool_id LIKE %s GROUP BY tool_id""".formatted(quote(toolPrefix + "%")))) {
            while (rs.next()) {
                tallies.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return tallies;
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }
}
