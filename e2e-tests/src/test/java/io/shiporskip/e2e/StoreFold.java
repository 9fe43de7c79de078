package io.shiporskip.e2e;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The votes folded by plain SQL straight from the event store ({@code event_store.domain_event_entry}, JSON payloads
 * in bytea), sharing no code with the projector: a (tool, voter)'s current choice is decided by its last vote event
 * in store order (cast: its choice, changed: its {@code to}, retracted or voided: none).
 */
final class StoreFold {

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
                WHERE e.payload_type IN ('io.shiporskip.contracts.community.VoteCast',
                        'io.shiporskip.contracts.community.VoteChanged',
                        'io.shiporskip.contracts.community.VoteRetracted',
                        'io.shiporskip.contracts.community.VoteVoided')
                ORDER BY p->>'toolId', p->>'voterId', e.global_index DESC) last
            WHERE choice IS NOT NULL
            """;

    private final PostgresEndpoint database;

    StoreFold(PostgresEndpoint database) {
        this.database = database;
    }

    /** {ship, skip} of one tool. */
    long[] tally(String tool) {
        long[] tally = new long[2];
        query("SELECT choice, count(*) FROM (" + CURRENT_VOTES + ") v WHERE tool = ? GROUP BY choice", tool,
                rs -> tally["SHIP".equals(rs.getString(1)) ? 0 : 1] = rs.getLong(2));
        return tally;
    }

    /** One voter's current votes: tool -> choice. */
    Map<String, String> votesOf(String voter) {
        Map<String, String> votes = new TreeMap<>();
        query("SELECT tool, choice FROM (" + CURRENT_VOTES + ") v WHERE voter = ?", voter,
                rs -> votes.put(rs.getString(1), rs.getString(2)));
        return votes;
    }

    /** Stored events about the tool, per simple type name (payload's toolId, or the tool's own aggregate). */
    Map<String, Long> eventCounts(String tool) {
        Map<String, Long> counts = new TreeMap<>();
        query("""
                SELECT regexp_replace(payload_type, '^.*\\.', ''), count(*) FROM event_store.domain_event_entry
                WHERE convert_from(payload, 'UTF8')::jsonb->>'toolId' = ? GROUP BY 1""", tool,
                rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    /** Vote event counts of the tool for every vote type, 0 included (comparable with {@link VoteTruth}). */
    Map<String, Long> voteEventCounts(String tool) {
        Map<String, Long> all = eventCounts(tool);
        Map<String, Long> votes = new TreeMap<>();
        VoteTruth.VOTE_TYPES.forEach(type -> votes.put(type, all.getOrDefault(type, 0L)));
        return votes;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String parameter, Row row) {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
