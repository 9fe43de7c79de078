package io.shiporskip.command.eventstore;

/**
 * The names of the write side's advisory locks ({@link UnitOfWorkLocks}; docs/architecture.md, "Lock order"). The SQL
 * function {@code lock_for_vote} (db/migration V7) builds the same names; the two change together.
 */
public final class LockNames {

    private LockNames() {
    }

    public static String voter(String voterId) {
        return "voter:" + voterId;
    }

    public static String tool(String toolId) {
        return "tool:" + toolId;
    }
}
