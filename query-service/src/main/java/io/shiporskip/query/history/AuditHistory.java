package io.shiporskip.query.history;

import io.shiporskip.query.consistency.SettledHorizon;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads {@code event_log}. Entries are ordered by the projector's transaction id, then insert order; only rows of
 * transactions older than every transaction still running are served, so no entry can later appear before a cursor
 * that was already handed out: pages have neither gaps nor duplicates while writes go on.
 */
@Component
class AuditHistory {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final LoggedEvents logged;

    AuditHistory(JdbcClient jdbc, ObjectMapper json, LoggedEvents logged) {
        this.jdbc = jdbc;
        this.json = json;
        this.logged = logged;
    }

    record Filter(List<String> types, String actor) {
    }

    /** The events about these subjects. */
    HistoryPage page(Collection<String> subjects, HistoryCursor after, Filter filter, int limit) {
        return page(subjects, List.of(), after, filter, limit);
    }

    /**
     * The events about these subjects, of these types only (empty: any). A voter's history names its types because a
     * voter id may equal a tool's or a comparison's id: only the voter's own event types make it theirs.
     */
    HistoryPage page(Collection<String> subjects, Collection<String> onlyTypes, HistoryCursor after, Filter filter,
                     int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT seq, tx_id::text AS tx, position, event_id, type, version, subject, actor_id, actor_role,
                       occurred_at, reason, data::text AS data
                FROM event_log
                WHERE subject = ANY(:subjects) AND tx_id < """).append(SettledHorizon.SQL).append('\n');
        if (after != null) {
            sql.append(" AND (tx_id, seq) > (:tx::xid8, :seq)");
        }
        if (!filter.types().isEmpty()) {
            sql.append(" AND type = ANY(:types)");
        }
        if (!onlyTypes.isEmpty()) {
            sql.append(" AND type = ANY(:onlyTypes)");
        }
        if (filter.actor() != null) {
            sql.append(" AND actor_id = :actor");
        }
        sql.append(" ORDER BY tx_id, seq LIMIT :limit");
        var query = jdbc.sql(sql.toString())
                .param("subjects", subjects.toArray(String[]::new))
                .param("limit", limit + 1);
        if (after != null) {
            query = query.param("tx", after.txId()).param("seq", after.seq());
        }
        if (!filter.types().isEmpty()) {
            query = query.param("types", filter.types().toArray(String[]::new));
        }
        if (!onlyTypes.isEmpty()) {
            query = query.param("onlyTypes", onlyTypes.toArray(String[]::new));
        }
        if (filter.actor() != null) {
            query = query.param("actor", filter.actor());
        }
        List<Row> rows = query.query((rs, n) -> row(rs)).list();
        boolean more = rows.size() > limit;
        List<Row> shown = more ? rows.subList(0, limit) : rows;
        String resume = shown.isEmpty() ? (after == null ? null : after.encode())
                : new HistoryCursor(shown.get(shown.size() - 1).tx, shown.get(shown.size() - 1).seq).encode();
        return new HistoryPage(shown.stream().map(Row::entry).toList(), more ? resume : null, resume);
    }

    private record Row(String tx, long seq, HistoryEntry entry) {
    }

    private Row row(ResultSet rs) throws SQLException {
        try {
            long stored = rs.getLong("position");
            Long position = rs.wasNull() ? null : stored;
            String type = rs.getString("type");
            HistoryEntry entry = new HistoryEntry(position, rs.getString("event_id"),
                    type, rs.getString("subject"),
                    new HistoryEntry.Actor(rs.getString("actor_id"), rs.getString("actor_role")),
                    rs.getTimestamp("occurred_at").toInstant(), rs.getString("reason"),
                    logged.currentData(type, rs.getInt("version"), json.readTree(rs.getString("data"))));
            return new Row(rs.getString("tx"), rs.getLong("seq"), entry);
        } catch (JsonProcessingException e) {
            throw new SQLException("event_log.data is not JSON", e);
        }
    }
}
