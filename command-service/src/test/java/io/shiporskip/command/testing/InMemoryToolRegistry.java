package io.shiporskip.command.testing;

import io.shiporskip.command.catalog.ToolLocked;
import io.shiporskip.command.catalog.ToolRegistry;
import io.shiporskip.command.catalog.UnknownTool;

import java.util.HashSet;
import java.util.Set;

/** The tool registry as plain sets, for aggregate fixtures. */
public final class InMemoryToolRegistry implements ToolRegistry {

    private final Set<String> listed = new HashSet<>();
    private final Set<String> locked = new HashSet<>();

    public InMemoryToolRegistry listed(String... toolIds) {
        listed.addAll(Set.of(toolIds));
        return this;
    }

    public InMemoryToolRegistry locked(String toolId) {
        listed.add(toolId);
        locked.add(toolId);
        return this;
    }

    @Override
    public boolean isListed(String toolId) {
        return listed.contains(toolId);
    }

    @Override
    public void requireListed(String toolId) {
        if (!isListed(toolId)) {
            throw new UnknownTool(toolId);
        }
    }

    @Override
    public Boolean lockShared(String toolId) {
        return isListed(toolId) ? locked.contains(toolId) : null;
    }

    @Override
    public void lockExclusive(String toolId) {
        // nothing to lock in memory
    }
}
