package io.shiporskip.query.comparisons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.query.QueryServiceProperties;
import io.shiporskip.query.pagecache.PageCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live comparison pages: server-sent-event streams that receive the page again whenever the projector announces a
 * change to the comparison or one of its tools (the page cache's announcements, db/migration V9 in the projector).
 * Announcements, not clients, drive the database: each change is read once per comparison, whatever the number of
 * streams, and changes that arrive while a push is pending are folded into it. A stream receives {@code event: page}
 * with the page's JSON ({@code GET /api/v1/comparisons/{id}}'s shape) and the serving version as its {@code id}, at
 * once and after every change; a comment line every {@link #HEARTBEAT} keeps proxies from closing an idle stream
 * and finds clients that left.
 * <p>
 * A client that stops reading must not hold up the others: a write to its connection blocks once the socket's buffers
 * are full. So the pusher only reads pages and hands them to each stream's slot; senders (a pool, one send at a time
 * per stream) write them. A slot holds one event: a newer page replaces one not yet sent (every page is whole), so a
 * slow stream costs one buffered page, never a queue. A stream whose send has not finished within
 * {@link #SEND_TIMEOUT} is dropped (its connection closes when the blocked write times out). Each client address may hold {@code shiporskip.pages.live-streams-per-address}
 * streams (default 8; beyond: 429), so one address cannot occupy the senders or the {@link #MAX_STREAMS}.
 */
@Component
class LivePages implements PageCache.ChangeListener, DisposableBean {

    /** Streams at most, over all comparisons: each holds a connection (not a thread). */
    static final int MAX_STREAMS = 2_000;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A stream ends after this; EventSource reconnects by itself and gets the page again. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
    /** A send still blocked after this (the client does not read): the stream is dropped. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Sends in flight at most. A dropped stream's thread stays in its blocked write until the connection's write
     * times out, so there are enough for every address's cap several times over; idle threads end after a minute.
     */
    static final int SENDERS = 64;

    private static final Logger log = LoggerFactory.getLogger(LivePages.class);

    private final Comparisons comparisons;
    private final ObjectMapper json;
    private final PageCache cache;
    private final Clock clock;
    private final int perAddress;
    private final Map<String, Audience> audiences = new ConcurrentHashMap<>();
    private final Map<String, Integer> streamsByAddress = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-pages");
        t.setDaemon(true);
        return t;
    });
    private final ThreadPoolExecutor senders;

    /** The streams of one comparison, and the subjects its page was read from. */
    private static final class Audience {
        final Set<Stream> streams = ConcurrentHashMap.newKeySet();
        final AtomicBoolean pushPending = new AtomicBoolean();
        volatile Set<String> subjects = Set.of();
    }

    /** One client's stream: the event waiting to be sent (at most one) and since when a send has been blocked. */
    private static final class Stream {
        final SseEmitter emitter;
        final String address;
        final AtomicReference<Outgoing> waiting = new AtomicReference<>();
        final AtomicBoolean draining = new AtomicBoolean();
        /** System.nanoTime() when the current send began; 0 while none runs. */
        volatile long sendingSince;
        volatile boolean dropped;

        Stream(SseEmitter emitter, String address) {
            this.emitter = emitter;
            this.address = address;
        }
    }

    /**
     * An event to send: a page (its serving version and JSON) or, with neither, a keep-alive comment. Each send builds
     * its own {@link SseEmitter.SseEventBuilder}: a builder's {@code build()} appends to it, so one shared by the
     * senders of several streams would be corrupted.
     */
    /** Streams dropped because their client stopped reading (an operator's signal, and what tests wait on). */
    private final Counter stalledDropped;

    private record Outgoing(String id, String page) {
        static final Outgoing KEEP_ALIVE = new Outgoing(null, null);

        SseEmitter.SseEventBuilder event() {
            return page == null ? SseEmitter.event().comment("keep-alive")
                    : SseEmitter.event().name("page").id(id).data(page, MediaType.APPLICATION_JSON);
        }
    }

    LivePages(Comparisons comparisons, ObjectMapper json, PageCache cache, Clock clock,
              QueryServiceProperties properties, MeterRegistry meters) {
        this.comparisons = comparisons;
        this.stalledDropped = meters.counter("shiporskip.pages.live.stalled.dropped");
        this.clock = clock;
        this.json = json;
        this.cache = cache;
        this.perAddress = properties.pages().liveStreamsPerAddress();
        AtomicInteger numbers = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(SENDERS, SENDERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "live-pages-send-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        senders.allowCoreThreadTimeOut(true);
        cache.onChange(this);
        pusher.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        pusher.scheduleWithFixedDelay(this::dropStalled, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * A new stream for a comparison that exists; empty when it does not.
     *
     * @param address the client's address, for the per-address cap
     * @throws TooManyStreams when {@link #MAX_STREAMS} are open
     * @throws TooManyStreamsFromAddress when this address holds its cap
     */
    Optional<SseEmitter> open(String comparisonId, String address) {
        Optional<CurrentPage> page = comparisons.current(comparisonId);
        if (page.isEmpty()) {
            return Optional.empty();
        }
        boolean[] admitted = {false};
        streamsByAddress.compute(address, (a, held) -> {
            int now = held == null ? 0 : held;
            admitted[0] = now < perAddress;
            return admitted[0] ? now + 1 : (now == 0 ? null : now);
        });
        if (!admitted[0]) {
            throw new TooManyStreamsFromAddress(perAddress);
        }
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            releaseAddress(address);
            throw new TooManyStreams();
        }
        Stream stream = new Stream(new SseEmitter(STREAM_LIFETIME.toMillis()), address);
        // joined inside compute: a leave() emptying the audience at this moment cannot drop it from the map after the
        // stream was added (it would get no pushes)
        Audience audience = audiences.compute(comparisonId, (id, existing) -> {
            Audience joined = existing == null ? new Audience() : existing;
            joined.streams.add(stream);
            return joined;
        });
        audience.subjects = page.get().subjects();
        Runnable gone = () -> leave(comparisonId, audience, stream);
        stream.emitter.onCompletion(gone);
        stream.emitter.onTimeout(() -> {
            stream.emitter.complete();
            gone.run();
        });
        stream.emitter.onError(e -> gone.run());
        schedulePush(comparisonId, audience);
        return Optional.of(stream.emitter);
    }

    /** More streams are open than {@link #MAX_STREAMS}: answered 503 with Retry-After. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams() {
            super("too many live page streams are open");
        }
    }

    /** The client's address holds as many streams as it may: answered 429 with Retry-After. */
    static final class TooManyStreamsFromAddress extends RuntimeException {
        TooManyStreamsFromAddress(int cap) {
            super("Your address holds " + cap + " live page streams, the most it may: close one (a browser tab) first.");
        }
    }

    @Override
    public void changed(long version, Set<String> subjects) {
        audiences.forEach((id, audience) -> {
            if (subjects.isEmpty() || audience.subjects.stream().anyMatch(subjects::contains)) {
                schedulePush(id, audience);
            }
        });
    }

    private void schedulePush(String comparisonId, Audience audience) {
        if (audience.pushPending.compareAndSet(false, true)) {
            pusher.execute(() -> push(comparisonId, audience));
        }
    }

    private void push(String comparisonId, Audience audience) {
        audience.pushPending.set(false);
        if (audience.streams.isEmpty()) {
            return;
        }
        long version = cache.knownVersion();
        String body;
        try {
            Optional<CurrentPage> page = comparisons.current(comparisonId);
            if (page.isEmpty()) {
                return;
            }
            audience.subjects = page.get().subjects();
            body = new String(CurrentPage.withAsOf(json.writeValueAsBytes(page.get()),
                    json.writeValueAsBytes(clock.instant())), StandardCharsets.UTF_8);
        } catch (JsonProcessingException | RuntimeException e) {
            // the database is away: the next announcement pushes again (a reconnecting listener announces everything)
            log.warn("Live page {} not pushed: {}", comparisonId, e.getMessage());
            return;
        }
        Outgoing event = new Outgoing(Long.toString(version), body);
        for (Stream stream : audience.streams) {
            offer(stream, event, () -> leave(comparisonId, audience, stream));
        }
    }

    private void heartbeat() {
        audiences.forEach((id, audience) -> {
            for (Stream stream : audience.streams) {
                offer(stream, Outgoing.KEEP_ALIVE, () -> leave(id, audience, stream));
            }
        });
    }

    /**
     * Puts the event in the stream's slot and makes sure a sender drains it. A page replaces whatever waits (it is
     * whole); a heartbeat never replaces a waiting page.
     */
    private void offer(Stream stream, Outgoing event, Runnable onGone) {
        if (stream.dropped) {
            return;
        }
        if (event.page() != null) {
            stream.waiting.set(event);
        } else if (!stream.waiting.compareAndSet(null, event)) {
            return;
        }
        if (stream.draining.compareAndSet(false, true)) {
            senders.execute(() -> drain(stream, onGone));
        }
    }

    private static void drain(Stream stream, Runnable onGone) {
        while (true) {
            Outgoing event = stream.waiting.getAndSet(null);
            if (event == null) {
                stream.draining.set(false);
                // an offer between the empty read and the reset found draining still set: take it here
                if (stream.waiting.get() != null && stream.draining.compareAndSet(false, true)) {
                    continue;
                }
                return;
            }
            if (stream.dropped) {
                stream.draining.set(false);
                return;
            }
            stream.sendingSince = System.nanoTime();
            try {
                stream.emitter.send(event.event());
            } catch (IOException | IllegalStateException clientGone) {
                stream.dropped = true;
                stream.emitter.completeWithError(clientGone);
                onGone.run();
            } finally {
                stream.sendingSince = 0;
            }
        }
    }

    /**
     * Drops the streams whose send has been blocked longer than {@link #SEND_TIMEOUT} (their clients do not read): out
     * of their audience, they are offered nothing more, and they no longer count against their address's cap.
     */
    private void dropStalled() {
        long now = System.nanoTime();
        audiences.forEach((id, audience) -> {
            for (Stream stream : audience.streams) {
                long since = stream.sendingSince;
                if (since != 0 && now - since > SEND_TIMEOUT.toNanos()) {
                    log.info("Live page {}: a client at {} has not read for {}; its stream gets nothing more", id,
                            stream.address, SEND_TIMEOUT);
                    // not completed here: completing takes the emitter's write lock, which the blocked send holds, and
                    // would stall this thread (every push) with it. The blocked write fails when the connection's
                    // write timeout passes; the sender then completes the stream with that error.
                    stream.dropped = true;
                    leave(id, audience, stream);
                    stalledDropped.increment();
                }
            }
        });
    }

    private void leave(String comparisonId, Audience audience, Stream stream) {
        audiences.computeIfPresent(comparisonId, (id, a) -> {
            if (a.streams.remove(stream)) {
                streams.decrementAndGet();
                releaseAddress(stream.address);
            }
            return a.streams.isEmpty() ? null : a;
        });
    }

    private void releaseAddress(String address) {
        streamsByAddress.computeIfPresent(address, (a, held) -> held <= 1 ? null : held - 1);
    }

    int openStreams() {
        return streams.get();
    }

    @Override
    public void destroy() {
        pusher.shutdownNow();
        senders.shutdownNow();
        audiences.values().forEach(audience -> audience.streams.forEach(stream -> stream.emitter.complete()));
    }
}
