package io.shiporskip.command.relay;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the relay's stream reads the store: once per signal, again only after a full read, never in between. */
class WakeDrivenStreamTest {

    /** Answers each read with the next prepared result, recording the token it was asked from. */
    private static final class Store {
        final Deque<RelayEventReader.Read> answers = new ArrayDeque<>();
        final List<TrackingToken> readsFrom = new ArrayList<>();
        Runnable duringNextRead = () -> {
        };

        RelayEventReader.Read read(TrackingToken token) {
            readsFrom.add(token);
            Runnable during = duringNextRead;
            duringNextRead = () -> {
            };
            during.run();
            return answers.isEmpty() ? new RelayEventReader.Read(List.of(), false) : answers.poll();
        }
    }

    /** The event store's stream as the relay uses it: only its callback, run by {@link #commit()}. */
    private static final class Signal implements BlockingStream<TrackedEventMessage<?>> {
        Runnable callback;
        int coordinatorRuns;

        void commit() {
            callback.run();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            throw new AssertionError("the signal stream is never read");
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            throw new AssertionError("the signal stream is never read");
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            throw new AssertionError("the signal stream is never read");
        }

        @Override
        public void close() {
        }
    }

    private final Store store = new Store();
    private final Signal signal = new Signal();
    private final RelayEventSource.WakeDrivenStream stream = new RelayEventSource.WakeDrivenStream(
            store::read, GapAwareTrackingToken.newInstance(0, List.of()), signal);

    {
        assertThat(stream.setOnAvailableCallback(() -> signal.coordinatorRuns++)).isTrue();
    }

    private static RelayEventReader.Read events(long from, long to, boolean full) {
        List<TrackedEventMessage<?>> events = LongStream.rangeClosed(from, to)
                .<TrackedEventMessage<?>>mapToObj(i -> new GenericTrackedEventMessage<>(
                        GapAwareTrackingToken.newInstance(i, Collections.emptySortedSet()),
                        GenericEventMessage.asEventMessage("event " + i)))
                .toList();
        return new RelayEventReader.Read(events, full);
    }

    /** What the coordinator does in one run: asks, takes while there is something, asks again. */
    private List<Object> coordinatorRun() throws InterruptedException {
        List<Object> taken = new ArrayList<>();
        stream.hasNextAvailable();
        while (stream.hasNextAvailable()) {
            taken.add(stream.nextAvailable().getPayload());
            stream.peek();
        }
        stream.hasNextAvailable();
        return taken;
    }

    @Test
    void an_opened_stream_reads_once_and_then_not_until_a_commit_signals() throws Exception {
        store.answers.add(events(1, 2, false));

        assertThat(coordinatorRun()).containsExactly("event 1", "event 2");
        assertThat(coordinatorRun()).isEmpty();
        assertThat(store.readsFrom).hasSize(1);

        signal.commit();
        assertThat(signal.coordinatorRuns).isEqualTo(1);
        assertThat(coordinatorRun()).isEmpty(); // the commit's event was elsewhere: one read that found nothing
        assertThat(store.readsFrom).hasSize(2);
        assertThat(store.readsFrom.get(1).position()).hasValue(2); // on from the last event read
    }

    @Test
    void a_full_read_is_followed_by_another_read_in_the_same_run() throws Exception {
        store.answers.add(events(1, 3, true));
        store.answers.add(events(4, 4, false));

        assertThat(coordinatorRun()).containsExactly("event 1", "event 2", "event 3", "event 4");
        assertThat(store.readsFrom).hasSize(2);
    }

    @Test
    void a_commit_signalled_during_a_read_makes_the_next_ask_read_again() throws Exception {
        store.answers.add(events(1, 1, false));
        store.answers.add(events(2, 2, false));
        store.duringNextRead = signal::commit; // committed after the read's snapshot, signalled before it returned

        assertThat(coordinatorRun()).containsExactly("event 1", "event 2");
        assertThat(store.readsFrom).hasSize(2);
    }

    @Test
    void a_failed_read_is_tried_again_at_the_next_ask() throws Exception {
        store.duringNextRead = () -> {
            throw new IllegalStateException("database away");
        };
        assertThatThrownBy(stream::hasNextAvailable).hasMessage("database away");

        store.answers.add(events(1, 1, false));
        assertThat(coordinatorRun()).containsExactly("event 1");
    }

    @Test
    void waiting_for_events_ends_with_the_signal_that_brings_them() throws Exception {
        assertThat(coordinatorRun()).isEmpty();
        store.answers.add(events(1, 1, false));
        Thread committer = new Thread(() -> {
            sleep(100);
            signal.commit();
        });
        committer.start();

        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 1");
        committer.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
