package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.cloudevents.CloudEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which events the read models already contain. The relay delivers at least once, and two instances may briefly both
 * hold a partition during a rebalance; the primary key on the event id makes the second application a no-op.
 */
@Component
class AppliedEvents {

    private final JdbcClient jdbc;

    AppliedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the event as applied; false when it already was, in which case it must not be applied again. */
    boolean firstTime(CloudEvent event) {
        return jdbc.sql("""
                INSERT INTO applied_event (event_id, subject, type, position, command_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING
                """).params(event.id(), event.subject(), event.type(), event.position(), event.commandid())
                .update() == 1;
    }
}
