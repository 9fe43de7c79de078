package io.shiporskip.command.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded event store whose tracking streams say when events may be waiting, so the relay publishes a vote as
 * soon as its transaction commits instead of on its next poll.
 * <p>
 * Why: with the shared read-ahead cache off (see {@link EventStoreConfiguration}), Axon's streams cannot signal
 * availability, and the pooled processor's coordinator then re-reads the store after a fixed 500 ms: a vote waited
 * 0–500 ms, uniformly, before it left for Kafka (docs/performance.md, projection lag hop by hop). These streams take
 * the coordinator's callback and run it after every local commit. Commits of other command-service instances are not
 * seen here, so the callback also runs every {@code pollInterval}: that bounds their wait instead of Axon's 500 ms.
 * A wake-up is a hint, never data: the stream still reads what the storage engine returns, so a spurious or missed
 * wake-up costs one query or one poll interval, nothing else.
 */
final class CommitSignallingEventStore extends EmbeddedEventStore {

    private final Set<SignallingStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final long lingerMillis;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relay-poll");
        thread.setDaemon(true);
        return thread;
    });

    CommitSignallingEventStore(Builder builder, Duration pollInterval, Duration linger) {
        super(builder);
        this.lingerMillis = linger.toMillis();
        long millis = pollInterval.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("shiporskip.relay-poll-interval must be at least 1 ms: " + pollInterval);
        }
        poller.scheduleWithFixedDelay(this::wakeOpenStreams, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        SignallingStream stream = new SignallingStream(super.openStream(trackingToken));
        openStreams.add(stream);
        return stream;
    }

    /**
     * Runs after the unit of work's transaction committed, so a woken stream finds the events. The wake-up waits
     * {@code linger} for more commits to join it: under load, one relay batch for many votes instead of one each.
     */
    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        if (lingerMillis <= 0) {
            wakeOpenStreams();
        } else if (wakeUpPending.compareAndSet(false, true)) {
            poller.schedule(() -> {
                wakeUpPending.set(false);
                wakeOpenStreams();
            }, lingerMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void shutDown() {
        poller.shutdownNow();
        super.shutDown();
    }

    private void wakeOpenStreams() {
        openStreams.forEach(SignallingStream::wake);
    }

    /** Delegates reading to Axon's stream and only adds the availability callback. */
    private final class SignallingStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private volatile Runnable onAvailable;

        private SignallingStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        void wake() {
            Runnable callback = onAvailable;
            if (callback != null) {
                callback.run();
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.onAvailable = callback;
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            openStreams.remove(this);
            onAvailable = null;
            delegate.close();
        }
    }
}
