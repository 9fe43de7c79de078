package io.shiporskip.command.eventstore;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay's wake-ups, on Axon's own in-memory storage engine: after a local commit, on the poll, never after close. */
class CommitSignallingEventStoreTest {

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private CommitSignallingEventStore store;

    private CommitSignallingEventStore storePolling(Duration interval) {
        return store(interval, Duration.ZERO);
    }

    private CommitSignallingEventStore store(Duration pollInterval, Duration linger) {
        store = new CommitSignallingEventStore(EmbeddedEventStore.builder()
                .storageEngine(storage)
                .optimizeEventConsumption(false), pollInterval, linger);
        return store;
    }

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void a_local_commit_wakes_the_stream_once_the_transaction_has_committed() throws Exception {
        TrackingEventStream stream = storePolling(Duration.ofHours(1)).openStream(null);
        AtomicInteger wakeUps = new AtomicInteger();
        assertThat(stream.setOnAvailableCallback(wakeUps::incrementAndGet)).isTrue();

        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        AtomicInteger wakeUpsBeforeCommit = new AtomicInteger(-1);
        unitOfWork.onCommit(u -> wakeUpsBeforeCommit.set(wakeUps.get()));
        store.publish(GenericEventMessage.asEventMessage("a vote"));
        unitOfWork.commit();

        assertThat(wakeUpsBeforeCommit).hasValue(0);
        assertThat(wakeUps).hasValue(1);
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("a vote");
    }

    @Test
    void events_committed_elsewhere_are_signalled_by_the_poll() throws Exception {
        TrackingEventStream stream = storePolling(Duration.ofMillis(20)).openStream(null);
        AtomicInteger wakeUps = new AtomicInteger();
        stream.setOnAvailableCallback(wakeUps::incrementAndGet);

        // another command-service instance: straight into the storage, past this store's event bus
        storage.appendEvents(GenericEventMessage.asEventMessage("a vote elsewhere"));

        await().atMost(Duration.ofSeconds(5)).until(() -> wakeUps.get() >= 2);
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("a vote elsewhere");
    }

    @Test
    void a_closed_stream_is_not_woken_again() {
        TrackingEventStream stream = storePolling(Duration.ofHours(1)).openStream(null);
        AtomicInteger wakeUps = new AtomicInteger();
        stream.setOnAvailableCallback(wakeUps::incrementAndGet);
        stream.close();

        DefaultUnitOfWork.startAndGet(null);
        store.publish(GenericEventMessage.asEventMessage("after close"));
        org.axonframework.messaging.unitofwork.CurrentUnitOfWork.commit();

        assertThat(wakeUps).hasValue(0);
    }

    @Test
    void commitsWithinTheLingerShareOneWakeUp() throws Exception {
        TrackingEventStream stream = store(Duration.ofHours(1), Duration.ofSeconds(1)).openStream(null);
        AtomicInteger wakeUps = new AtomicInteger();
        stream.setOnAvailableCallback(wakeUps::incrementAndGet);

        for (int i = 0; i < 5; i++) {
            DefaultUnitOfWork.startAndGet(null);
            store.publish(GenericEventMessage.asEventMessage("vote " + i));
            org.axonframework.messaging.unitofwork.CurrentUnitOfWork.commit();
        }

        assertThat(wakeUps).hasValue(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> wakeUps.get() == 1);
        // and no second one: the count holds at 1 for longer than the linger
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> wakeUps.get() == 1);
    }
}
