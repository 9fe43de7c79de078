package io.shiporskip.command.eventstore;

import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.LockAwareAggregate;

import java.util.concurrent.Callable;

/**
 * An event-sourcing repository whose {@code loadOrCreate} treats an empty stream as "create", without the
 * {@code AggregateNotFoundException} Axon's repository throws and catches for it: for an aggregate created by its
 * first command ({@code CREATE_IF_MISSING}, a voter's first vote on a tool), that exception and its stack trace were
 * paid on every first command. The stream is read once either way: when it has events, Axon's own loading replays the
 * stream already read. {@code load} is Axon's, unchanged (an empty stream is still not found there).
 * <p>
 * Both hand-offs are per thread and live only within one {@code doLoadOrCreate} call, which Axon makes on the
 * command's thread under the aggregate's lock.
 */
public class CreateIfMissingRepository<T> extends EventSourcingRepository<T> {

    private final ThreadLocal<Callable<T>> creating = new ThreadLocal<>();
    private final ThreadLocal<DomainEventStream> alreadyRead = new ThreadLocal<>();

    public CreateIfMissingRepository(EventSourcingRepository.Builder<T> builder) {
        super(builder);
    }

    @Override
    protected LockAwareAggregate<T, EventSourcedAggregate<T>> doLoadOrCreate(String aggregateIdentifier,
                                                                             Callable<T> factoryMethod) throws Exception {
        creating.set(factoryMethod);
        try {
            return super.doLoadOrCreate(aggregateIdentifier, factoryMethod);
        } finally {
            creating.remove();
        }
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        Callable<T> factory = creating.get();
        if (factory == null) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        creating.remove();
        DomainEventStream events = readEvents(aggregateIdentifier);
        if (!events.hasNext()) {
            try {
                return doCreateNewForLock(factory);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the aggregate's factory failed: " + aggregateIdentifier, e);
            }
        }
        alreadyRead.set(events);
        try {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        } finally {
            alreadyRead.remove();
        }
    }

    @Override
    protected DomainEventStream readEvents(String aggregateIdentifier) {
        DomainEventStream read = alreadyRead.get();
        if (read != null) {
            alreadyRead.remove();
            return read;
        }
        return super.readEvents(aggregateIdentifier);
    }
}
