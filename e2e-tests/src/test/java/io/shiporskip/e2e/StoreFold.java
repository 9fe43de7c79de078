package io.shiporskip.e2e;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The votes folded by plain SQL straight from the event store ({@code event_store.domain_event_entry}, JSON payloads
 * in bytea), sharing no code with the projector: a (tool, voter)'s current choice is decided by its last vote event
 * in store order (cast: its choice, changed: its {@code to}, retracted or voided: none). A snapshot, read with two
 * queries on one connection when made (the database server is shared: no connection per question).
 */
final class StoreFold {

    private static final String VOTE_TYPES = """
            ('io.shiporskip.contracts.community.VoteCast', 'io.shiporskip.contracts.community.VoteChanged',
             'io.shiporskip.contracts.community.VoteRetracted', 'io.shiporskip.contracts.community.VoteVoided')""";

    /** The last vote event of every (tool, voter), with the choice it leaves (null: none). */
    private static final String CURRENT_VOTES = """
            SELECT tool, voter, choice FROM (
                SELECT DISTINCT ON (p->>'toolId', p->>'voterId') p->>'toolId' AS tool, p->>'voterId' AS voter,
                       CASE e.payload_type
                           WHEN 'io.shiporskip.contracts.community.VoteCast' THEN p->>'choice'
                           WHEN 'io.shiporskip.contracts.community.VoteChanged' THEN p->>'to'
                       END AS choice
                FROM event_store.domain_event_entry e,
                     LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS p) payload
                WHERE e.payload_type IN""" + VOTE_TYPES + """

                ORDER BY p->>'toolId', p->>'voterId', e.global_index DESC) last
            WHERE choice IS NOT NULL
            """;

    /** Vote events per tool and simple type name. */
    private static final String VOTE_EVENTS = """
            SELECT convert_from(payload, 'UTF8')::jsonb->>'toolId', regexp_replace(payload_type, '^.*[.]', ''), count(*)
            FROM event_store.domain_event_entry WHERE payload_type IN""" + VOTE_TYPES + """

            GROUP BY 1, 2
            """;

    /** tool -> voter -> choice */
    private final Map<String, Map<String, String>> current = new HashMap<>();
    /** tool -> type -> count */
    private final Map<String, Map<String, Long>> events = new HashMap<>();

    StoreFold(PostgresEndpoint database) {
        try (Connection c = RunningStack.connect(database); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(CURRENT_VOTES)) {
                while (rs.next()) {
                    current.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
            try (ResultSet rs = s.executeQuery(VOTE_EVENTS)) {
                while (rs.next()) {
                    events.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("folding the event store", e);
        }
    }

    /** {ship, skip} of one tool. */
    long[] tally(String tool) {
        Map<String, String> votes = current.getOrDefault(tool, Map.of());
        long ship = votes.values().stream().filter("SHIP"::equals).count();
        return new long[] {ship, votes.size() - ship};
    }

    /** One voter's current votes: tool -> choice. */
    Map<String, String> votesOf(String voter) {
        Map<String, String> votes = new TreeMap<>();
        current.forEach((tool, byVoter) -> {
            String choice = byVoter.get(voter);
            if (choice != null) {
                votes.put(tool, choice);
            }
        });
        return votes;
    }

    /** Vote event counts of the tool for every vote type, 0 included (comparable with {@link VoteTruth}). */
    Map<String, Long> voteEventCounts(String tool) {
        Map<String, Long> counts = new TreeMap<>();
        VoteTruth.VOTE_TYPES.forEach(type -> counts.put(type, events.getOrDefault(tool, Map.of()).getOrDefault(type, 0L)));
        return counts;
    }
}
