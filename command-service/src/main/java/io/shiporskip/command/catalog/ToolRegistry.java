package io.shiporskip.command.catalog;

/**
 * What the command side knows about every tool without loading its aggregate: whether it is listed, whether voting
 * on it is locked. Kept in the event store's database, updated in the same transaction as the events.
 */
public interface ToolRegistry {

    boolean isListed(String toolId);

    /** @throws UnknownTool when no tool has that id */
    void requireListed(String toolId);

    /**
     * Holds the tool's lock shared until the caller's transaction ends, so a concurrent lock of voting waits for it.
     * Taken once per unit of work: later calls answer from it.
     *
     * @throws UnknownTool when no tool has that id
     * @throws ToolLocked  when voting on it is locked
     */
    default void requireVotable(String toolId) {
        Boolean locked = lockShared(toolId);
        if (locked == null) {
            throw new UnknownTool(toolId);
        }
        if (locked) {
            throw new ToolLocked(toolId);
        }
    }

    /**
     * Holds the tool's lock shared until the caller's transaction ends; whether voting on it is locked, null
     * when no tool has that id. Taken once per unit of work.
     */
    Boolean lockShared(String toolId);

    /** Holds the tool's lock exclusively until the caller's transaction ends (a lock or unlock of voting). */
    void lockExclusive(String toolId);
}
