package io.shiporskip.command.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The repository's one read per load-or-create, with and without events, and Axon's own load left as it was. */
class CreateIfMissingRepositoryTest {

    record Counted(String id, int value) {
    }

    static class Counter {
        @AggregateIdentifier
        String id;
        final List<Integer> seen = new ArrayList<>();

        Counter() {
        }

        void count(String id, int value) {
            apply(new Counted(id, value));
        }

        @EventSourcingHandler
        void on(Counted event, EventMessage<?> message) {
            id = event.id();
            seen.add(event.value());
        }
    }

    private int streamReads;
    private int notFoundThrown;

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine() {
                @Override
                public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
                    streamReads++;
                    return super.readEvents(aggregateIdentifier, firstSequenceNumber);
                }
            }).build();

    /** Records each AggregateNotFoundException the loading throws (Axon's way of saying "create it"). */
    private final CreateIfMissingRepository<Counter> repository = new CreateIfMissingRepository<>(
            EventSourcingRepository.builder(Counter.class).eventStore(store)) {
        @Override
        protected EventSourcedAggregate<Counter> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
            try {
                return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
            } catch (AggregateNotFoundException e) {
                notFoundThrown++;
                throw e;
            }
        }
    };

    private List<Integer> countTo(String id, int value) throws Exception {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        List<Integer> seen = new ArrayList<>();
        uow.executeWithResult(() -> {
            var aggregate = repository.loadOrCreate(id, Counter::new);
            aggregate.execute(c -> c.count(id, value));
            aggregate.execute(c -> seen.addAll(c.seen));
            return null;
        });
        return seen;
    }

    @Test
    void an_empty_stream_creates_without_not_found_and_a_stream_with_events_is_replayed_each_with_one_read()
            throws Exception {
        assertThat(countTo("c-1", 1)).containsExactly(1);
        assertThat(streamReads).isEqualTo(1);
        assertThat(notFoundThrown).isZero();
        assertThat(countTo("c-1", 2)).containsExactly(1, 2);
        assertThat(streamReads).isEqualTo(2);
        assertThat(countTo("c-1", 3)).containsExactly(1, 2, 3);
        assertThat(streamReads).isEqualTo(3);
        assertThat(notFoundThrown).isZero();
        assertThat(store.readEvents("c-1").asStream().map(e -> ((Counted) e.getPayload()).value()))
                .containsExactly(1, 2, 3);
    }

    @Test
    void load_of_an_empty_stream_is_still_not_found() {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        try {
            assertThatThrownBy(() -> repository.load("nothing-here")).isExactlyInstanceOf(AggregateNotFoundException.class);
            assertThat(notFoundThrown).isEqualTo(1);
        } finally {
            uow.rollback();
        }
    }
}
