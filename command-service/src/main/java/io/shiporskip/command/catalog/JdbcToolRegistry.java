package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.ToolListed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The registry in table {@code tool_registry}. Its event handlers run in a subscribing processor, inside the
 * command's own transaction: the registry never lags the event store and a failure here rolls the command back.
 */
@Component
@ProcessingGroup(JdbcToolRegistry.PROCESSING_GROUP)
class JdbcToolRegistry implements ToolRegistry {

    static final String PROCESSING_GROUP = "tool-registry";

    private final JdbcClient jdbc;

    JdbcToolRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isListed(String toolId) {
        return jdbc.sql("SELECT count(*) FROM tool_registry WHERE tool_id = ?").param(toolId)
                .query(Integer.class).single() > 0;
    }

    @Override
    public void requireListed(String toolId) {
        if (!isListed(toolId)) {
            throw new UnknownTool(toolId);
        }
    }

    @EventHandler
    void on(ToolListed event) {
        jdbc.sql("INSERT INTO tool_registry (tool_id) VALUES (?)").param(event.toolId()).update();
    }
}
