package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import io.shiporskip.command.eventstore.CommandSideLookups;
import io.shiporskip.command.eventstore.LockNames;
import io.shiporskip.command.eventstore.UnitOfWorkLocks;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The registry in table {@code tool_registry}. Its event handlers run in a subscribing processor, inside the
 * command's own transaction: the registry never lags the event store and a failure here rolls the command back.
 */
@Component
@ProcessingGroup(CommandSideLookups.PROCESSING_GROUP)
class JdbcToolRegistry implements ToolRegistry {

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

    @Override
    public Boolean lockShared(String toolId) {
        return UnitOfWorkLocks.shared(jdbc, lockName(toolId), () ->
                jdbc.sql("SELECT locked FROM tool_registry WHERE tool_id = ?").param(toolId)
                        .query(Boolean.class).optional().orElse(null));
    }

    @Override
    public void lockExclusive(String toolId) {
        UnitOfWorkLocks.exclusive(jdbc, lockName(toolId));
    }

    /** The name of the tool's lock (docs/architecture.md, "Lock order"). */
    private static String lockName(String toolId) {
        return LockNames.tool(toolId);
    }

    @EventHandler
    void on(ToolListed event) {
        jdbc.sql("INSERT INTO tool_registry (tool_id) VALUES (?)").param(event.toolId()).update();
    }

    @EventHandler
    void on(ToolVotingLocked event) {
        jdbc.sql("UPDATE tool_registry SET locked = TRUE WHERE tool_id = ?").param(event.toolId()).update();
    }

    @EventHandler
    void on(ToolVotingUnlocked event) {
        jdbc.sql("UPDATE tool_registry SET locked = FALSE WHERE tool_id = ?").param(event.toolId()).update();
    }
}
