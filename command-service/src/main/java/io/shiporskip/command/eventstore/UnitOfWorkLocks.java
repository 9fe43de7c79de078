package io.shiporskip.command.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Row locks a command takes once: a lock taken in its transaction is held until that transaction ends, so what the
 * locking statement read stays true and a second request for it in the same unit of work is answered from the first.
 * Outside a unit of work (a plain call) the statement runs every time.
 */
public final class UnitOfWorkLocks {

    private static final String PREFIX = UnitOfWorkLocks.class.getName() + ":";

    private UnitOfWorkLocks() {
    }

    /** The locking statement's result, run at most once per unit of work and key; null results are kept too. */
    public static <T> T once(String key, Supplier<T> lockingStatement) {
        if (!CurrentUnitOfWork.isStarted()) {
            return lockingStatement.get();
        }
        Optional<T> held = CurrentUnitOfWork.get().root().getOrComputeResource(PREFIX + key,
                k -> Optional.ofNullable(lockingStatement.get()));
        return held.orElse(null);
    }
}
