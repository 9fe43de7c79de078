package io.shiporskip.command.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The write side's named locks, held to the end of the command's transaction: PostgreSQL transaction-scoped advisory
 * locks on {@code hashtextextended(name, 0)}, shared or exclusive.
 * <p>
 * Advisory rather than row locks because the lock manager queues them fairly: a shared request waits behind a queued
 * exclusive one. Row locks ({@code FOR SHARE} / {@code FOR UPDATE}) let new sharers join the current ones ahead of a
 * waiting {@code FOR UPDATE}, so a suspension or a tool lock starved for 20 s while one voter's votes kept the row
 * share-locked without a gap (RacesIT). Advisory locks take part in PostgreSQL's deadlock detection like any other.
 * A 64-bit hash collision between two names only makes them wait for each other, never changes a decision.
 * <p>
 * Each lock, and what was read under it, is taken once per unit of work: later requests in the same command answer
 * from the first. Outside a unit of work (a plain call) the statement runs every time.
 */
public final class UnitOfWorkLocks {

    private static final String PREFIX = UnitOfWorkLocks.class.getName() + ":";

    private UnitOfWorkLocks() {
    }

    /** Waits for the shared lock on the name, then runs the read under it; both once per unit of work. */
    public static <T> T shared(JdbcClient jdbc, String name, Supplier<T> readUnderLock) {
        return once("shared:" + name, () -> {
            jdbc.sql("SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))").param(name).query().singleRow();
            return readUnderLock.get();
        });
    }

    /** What was read under each of two locks taken by one statement ({@link #sharedInOneStatement}). */
    public record Read(Object underFirst, Object underSecond) {
    }

    /**
     * Two shared locks taken in the given order, with a read under each, by one statement (one round trip), then
     * held for the unit of work as if each had been taken by {@link #shared}: its later calls for either name answer
     * what was read here. Both already taken in this unit of work: nothing to do. Only one of them (a unit of work of
     * several votes, group commit): the statement runs again, so the other lock is still taken before the handler
     * loads its aggregate (the lock order); taking a held lock again is granted at once, and what was read under it
     * cannot have changed, as no writer of it can commit while the lock is held.
     */
    public static void sharedInOneStatement(String first, String second, Supplier<Read> lockBothAndRead) {
        if (!CurrentUnitOfWork.isStarted()) {
            lockBothAndRead.get();
            return;
        }
        var resources = CurrentUnitOfWork.get().root().resources();
        String firstKey = PREFIX + "shared:" + first;
        String secondKey = PREFIX + "shared:" + second;
        if (resources.containsKey(firstKey) && resources.containsKey(secondKey)) {
            return;
        }
        Read read = lockBothAndRead.get();
        resources.put(firstKey, Optional.ofNullable(read.underFirst()));
        resources.put(secondKey, Optional.ofNullable(read.underSecond()));
    }

    /** Waits for the exclusive lock on the name (every shared holder's transaction has ended); once per unit of work. */
    public static void exclusive(JdbcClient jdbc, String name) {
        once("exclusive:" + name, () -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))").param(name).query().singleRow();
            return Boolean.TRUE;
        });
    }

    private static <T> T once(String key, Supplier<T> statement) {
        if (!CurrentUnitOfWork.isStarted()) {
            return statement.get();
        }
        Optional<T> held = CurrentUnitOfWork.get().root().getOrComputeResource(PREFIX + key,
                k -> Optional.ofNullable(statement.get()));
        return held.orElse(null);
    }
}
