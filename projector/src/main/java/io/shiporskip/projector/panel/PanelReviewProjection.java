package io.shiporskip.projector.panel;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.PanelReviewUnhidden;
import io.shiporskip.contracts.panel.PanelReviewWithdrawn;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Keeps {@code panel_review}: a submission replaces the take (keeping a moderator's hide), a withdrawal clears it. */
@Component
@Order(20)
class PanelReviewProjection implements Projection {

    private final JdbcClient jdbc;

    PanelReviewProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (event instanceof PanelReviewSubmitted e) {
            jdbc.sql("""
                    INSERT INTO panel_review (tool_id, persona, score, verdict, text, revision, current)
                    VALUES (?, ?, ?, ?, ?, ?, TRUE)
                    ON CONFLICT (tool_id, persona) DO UPDATE SET score = EXCLUDED.score, verdict = EXCLUDED.verdict,
                        text = EXCLUDED.text, revision = EXCLUDED.revision, current = TRUE
                    """).params(e.toolId(), e.persona().name(), e.score(), e.verdict().name(), e.text(), e.revision())
                    .update();
        } else if (event instanceof PanelReviewWithdrawn e) {
            set("current = FALSE", e.toolId(), e.persona().name());
        } else if (event instanceof PanelReviewHidden e) {
            set("hidden = TRUE", e.toolId(), e.persona().name());
        } else if (event instanceof PanelReviewUnhidden e) {
            set("hidden = FALSE", e.toolId(), e.persona().name());
        }
    }

    private void set(String assignment, String toolId, String persona) {
        jdbc.sql("UPDATE panel_review SET " + assignment + " WHERE tool_id = ? AND persona = ?")
                .params(toolId, persona).update();
    }
}
