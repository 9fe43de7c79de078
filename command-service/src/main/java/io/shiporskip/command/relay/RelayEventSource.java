package io.shiporskip.command.relay;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@code kafka-relay} processor's source (application.yml, {@code source: relayEventSource}): the event store's
 * events, read at most once per wake-up.
 * <p>
 * Axon's pooled coordinator asks its stream "anything more?" at three places of each run; on the event store's own
 * stream each ask that finds its batch used up is a read of the store, so a wake-up that found nothing cost three
 * reads (six statements in three transactions) and one that found a few events two empty reads after them. Here a
 * stream reads only when it may find something: when opened, when the event store signals a commit (or its poll tick,
 * for other instances' commits: {@code eventstore.CommitSignallingEventStore}), or after a full read. Every other ask
 * is answered from memory. That loses nothing: an event becomes readable only by a commit, and every commit is
 * followed by a signal (this instance's right after it, another's within the poll interval) that makes the next ask
 * read. A signal during a read is kept for the next ask, as the flag is cleared before the read starts. Gaps are
 * Axon's: a read includes the token's gaps, so an event that fills one is found after the commit that signals it.
 */
final class RelayEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStore eventStore;
    private final RelayEventReader reader;

    RelayEventSource(EventStore eventStore, RelayEventReader reader) {
        this.eventStore = eventStore;
        this.reader = reader;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken token) {
        return new WakeDrivenStream(reader::read, token, eventStore.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    /**
     * Reads with {@link RelayEventReader} when a read may find something, and hands out what it read in order. The
     * event store's own stream is kept only for its commit signal; it is never read (it reads only when asked).
     * Used by the coordinator's thread; the signal arrives on the event store's.
     */
    static final class WakeDrivenStream implements TrackingEventStream {

        private final Function<TrackingToken, RelayEventReader.Read> reader;
        private final BlockingStream<TrackedEventMessage<?>> signal;
        private final ArrayDeque<TrackedEventMessage<?>> read = new ArrayDeque<>();
        private final Object wakeUps = new Object();
        private volatile boolean mayHaveMore = true;
        private TrackingToken lastRead;

        /**
         * @param reader one read after a token ({@link RelayEventReader#read(TrackingToken)})
         * @param token  where the stream starts
         * @param signal a stream whose availability callback runs after commits; only that callback is used
         */
        WakeDrivenStream(Function<TrackingToken, RelayEventReader.Read> reader, TrackingToken token,
                         BlockingStream<TrackedEventMessage<?>> signal) {
            this.reader = reader;
            this.lastRead = token;
            this.signal = signal;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return signal.setOnAvailableCallback(() -> {
                synchronized (wakeUps) {
                    mayHaveMore = true;
                    wakeUps.notifyAll();
                }
                callback.run();
            });
        }

        @Override
        public synchronized Optional<TrackedEventMessage<?>> peek() {
            return hasNextAvailable() ? Optional.of(read.peekFirst()) : Optional.empty();
        }

        @Override
        public synchronized boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (read.isEmpty() && !readIfWoken()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                synchronized (wakeUps) {
                    if (!mayHaveMore) {
                        TimeUnit.NANOSECONDS.timedWait(wakeUps, left);
                    }
                }
            }
            return true;
        }

        @Override
        public synchronized TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                // woken, read, found nothing: wait for the next signal
            }
            return read.pollFirst();
        }

        /** Reads if a signal (or a full read) came since the last read; whether that found events. */
        private boolean readIfWoken() {
            if (!mayHaveMore) {
                return false;
            }
            mayHaveMore = false;
            RelayEventReader.Read next;
            try {
                next = reader.apply(lastRead);
            } catch (RuntimeException e) {
                mayHaveMore = true; // not read: the next ask tries again
                throw e;
            }
            if (next.mayHaveMore()) {
                mayHaveMore = true;
            }
            if (next.events().isEmpty()) {
                return false;
            }
            read.addAll(next.events());
            lastRead = read.peekLast().trackingToken();
            return true;
        }

        @Override
        public void close() {
            signal.close();
        }
    }
}
