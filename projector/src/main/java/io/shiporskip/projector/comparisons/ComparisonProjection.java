package io.shiporskip.projector.comparisons;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.ComparisonCreated;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Keeps {@code comparison}. */
@Component
@Order(30)
class ComparisonProjection implements Projection {

    private final JdbcClient jdbc;

    ComparisonProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (event instanceof ComparisonCreated e) {
            jdbc.sql("""
                    INSERT INTO comparison (comparison_id, title, tool_ids, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (comparison_id) DO UPDATE SET title = EXCLUDED.title, tool_ids = EXCLUDED.tool_ids
                    """).params(e.comparisonId(), e.title(), e.toolIds().toArray(String[]::new),
                            envelope.time() == null ? null : Timestamp.from(envelope.time())).update();
        }
    }
}
