package io.shiporskip.projector.history;

import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.ToolUnbookmarked;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Keeps {@code event_log}, the audit history. Bookmarks are private and never logged here. */
@Component
@Order(100)
class EventLogProjection implements Projection {

    private final JdbcClient jdbc;

    EventLogProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (event instanceof ToolBookmarked || event instanceof ToolUnbookmarked) {
            return;
        }
        String type = EventCatalog.byCloudEventType(envelope.type()).map(EventType::name).orElse(envelope.type());
        jdbc.sql("""
                INSERT INTO event_log (event_id, position, type, subject, actor_id, actor_role, occurred_at, reason, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """).params(envelope.id(), envelope.position(), type, envelope.subject(), envelope.actorid(),
                        envelope.actorrole(), Timestamp.from(envelope.time()), envelope.reason(),
                        envelope.data().toString())
                .update();
    }
}
