package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.cloudevents.CloudEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which events the read models already contain. The relay delivers at least once, and two instances may briefly both
 * hold a partition during a rebalance; the primary key on the event id makes the second application a no-op.
 */
@Component
class AppliedEvents {

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    AppliedEvents(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Records events of which none was applied before, distinct among themselves, with one {@code COPY}: a rebuild's
     * generation, where a repeated id is rare (a record the relay published twice). When one was applied before, the
     * primary key refuses the COPY ({@link CopyRows.CopyFailed#isDuplicateKey()}), the transaction is spoiled, and
     * the caller applies the batch again in a new one with {@link #firstTimes}.
     */
    void recordAllNew(List<CloudEvent> events) {
        CopyRows rows = new CopyRows("applied_event", "event_id, subject, type, position, command_id");
        for (CloudEvent e : events) {
            rows.add(e.id()).add(e.subject()).add(e.type()).add(e.position()).add(e.commandid()).endRow();
        }
        rows.copy(dataSource);
    }

    /**
     * Records the events as applied, in one statement; returns the ids that were not applied before (those, and only
     * those, must be applied now).
     */
    Set<String> firstTimes(List<CloudEvent> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] subjects = new String[n];
        String[] types = new String[n];
        Long[] positions = new Long[n];
        String[] commands = new String[n];
        for (int i = 0; i < n; i++) {
            CloudEvent e = events.get(i);
            ids[i] = e.id();
            subjects[i] = e.subject();
            types[i] = e.type();
            positions[i] = e.position();
            commands[i] = e.commandid();
        }
        return new HashSet<>(jdbc.sql("""
                INSERT INTO applied_event (event_id, subject, type, position, command_id)
                SELECT * FROM unnest(?::varchar[], ?::text[], ?::varchar[], ?::bigint[], ?::varchar[])
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
                """).params(ids, subjects, types, positions, commands).query(String.class).list());
    }
}
