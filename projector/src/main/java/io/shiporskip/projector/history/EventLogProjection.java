package io.shiporskip.projector.history;

import io.shiporskip.contracts.versions.PublishedType;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.ToolUnbookmarked;
import io.shiporskip.projector.consumer.Applied;
import io.shiporskip.projector.consumer.CopyRows;
import io.shiporskip.projector.consumer.Projection;
import io.shiporskip.projector.consumer.RowWrites;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.List;

/**
 * Keeps {@code event_log}, the audit history. Bookmarks are private and never logged here. Each row holds the data in
 * the version its type had when it was projected, and names that version ({@code version}): readers upcast an older
 * row through contracts' {@code EventDecoder}, so a version change needs no rebuild of the log.
 */
@Component
@Order(100)
class EventLogProjection implements Projection {

    private static final String COLUMNS =
            "event_id, position, type, version, subject, actor_id, actor_role, occurred_at, reason, data";

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    EventLogProjection(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (event instanceof ToolBookmarked || event instanceof ToolUnbookmarked) {
            return;
        }
        PublishedType type = PublishedType.parse(envelope.type());
        jdbc.sql("""
                INSERT INTO event_log (event_id, position, type, version, subject, actor_id, actor_role, occurred_at,
                                       reason, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """).params(envelope.id(), envelope.position(), type.name(), type.version(), envelope.subject(),
                        envelope.actorid(),
                        envelope.actorrole(), Timestamp.from(envelope.time()), envelope.reason(),
                        envelope.data().toString())
                .update();
    }

    /**
     * A run of votes into a generation's own table by {@code COPY}, the same rows as {@link #applyVotes(List)} in the
     * same order: COPY inserts in input order, and {@code seq} and {@code tx_id} take their defaults row by row.
     */
    @Override
    public void applyVotes(List<Applied> votes, RowWrites writes) {
        if (writes != RowWrites.COPY) {
            applyVotes(votes);
            return;
        }
        CopyRows rows = new CopyRows("event_log", COLUMNS);
        for (Applied vote : votes) {
            CloudEvent e = vote.envelope();
            PublishedType type = PublishedType.parse(e.type());
            rows.add(e.id()).add(e.position()).add(type.name()).add(type.version()).add(e.subject()).add(e.actorid())
                    .add(e.actorrole()).add(e.time()).add(e.reason()).add(e.data().toString()).endRow();
        }
        rows.copy(dataSource);
    }

    /** A run of votes: one insert, rows in the run's order (so {@code seq} keeps the apply order). */
    @Override
    public void applyVotes(List<Applied> votes) {
        int n = votes.size();
        String[] ids = new String[n];
        Long[] positions = new Long[n];
        String[] types = new String[n];
        Integer[] versions = new Integer[n];
        String[] subjects = new String[n];
        String[] actors = new String[n];
        String[] roles = new String[n];
        String[] times = new String[n];
        String[] reasons = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            CloudEvent e = votes.get(i).envelope();
            ids[i] = e.id();
            positions[i] = e.position();
            PublishedType type = PublishedType.parse(e.type());
            types[i] = type.name();
            versions[i] = type.version();
            subjects[i] = e.subject();
            actors[i] = e.actorid();
            roles[i] = e.actorrole();
            times[i] = e.time().toString();
            reasons[i] = e.reason();
            data[i] = e.data().toString();
        }
        jdbc.sql("""
                INSERT INTO event_log (event_id, position, type, version, subject, actor_id, actor_role, occurred_at,
                                       reason, data)
                SELECT event_id, position, type, version, subject, actor_id, actor_role, occurred_at, reason, data
                FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::smallint[], ?::text[], ?::text[], ?::varchar[],
                            ?::timestamptz[], ?::text[], ?::jsonb[]) WITH ORDINALITY
                     AS u(event_id, position, type, version, subject, actor_id, actor_role, occurred_at, reason, data, n)
                ORDER BY n
                """).params(ids, positions, types, versions, subjects, actors, roles, times, reasons, data).update();
    }
}
