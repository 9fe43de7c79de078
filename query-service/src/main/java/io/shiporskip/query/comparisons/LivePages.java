package io.shiporskip.query.comparisons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live comparison pages: server-sent-event streams that receive the page again whenever the projector announces a
 * change to the comparison or one of its tools (the page cache's announcements, db/migration V9 in the projector).
 * Announcements, not clients, drive the database: each change is read once per comparison, whatever the number of
 * streams, and changes that arrive while a push is pending are folded into it. A stream receives {@code event: page}
 * with the page's JSON ({@code GET /api/v1/comparisons/{id}}'s shape) and the serving version as its {@code id}, at
 * once and after every change; a comment line every {@link #HEARTBEAT} keeps proxies from closing an idle stream
 * and finds clients that left.
 */
@Component
class LivePages implements PageCache.ChangeListener, DisposableBean {

    /** Streams at most, over all comparisons: each holds a connection (not a thread). */
    static final int MAX_STREAMS = 2_000;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A stream ends after this; EventSource reconnects by itself and gets the page again. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(LivePages.class);

    private final Comparisons comparisons;
    private final ObjectMapper json;
    private final PageCache cache;
    private final Clock clock;
    private final Map<String, Audience> audiences = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-pages");
        t.setDaemon(true);
        return t;
    });

    /** The streams of one comparison, and the subjects its page was read from. */
    private static final class Audience {
        final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();
        final AtomicBoolean pushPending = new AtomicBoolean();
        volatile Set<String> subjects = Set.of();
    }

    LivePages(Comparisons comparisons, ObjectMapper json, PageCache cache, Clock clock) {
        this.comparisons = comparisons;
        this.clock = clock;
        this.json = json;
        this.cache = cache;
        cache.onChange(this);
        pusher.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A new stream for a comparison that exists; empty when it does not.
     *
     * @throws TooManyStreams when {@link #MAX_STREAMS} are open
     */
    Optional<SseEmitter> open(String comparisonId) {
        Optional<CurrentPage> page = comparisons.current(comparisonId);
        if (page.isEmpty()) {
            return Optional.empty();
        }
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            throw new TooManyStreams();
        }
        SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
        // joined inside compute: a leave() emptying the audience at this moment cannot drop it from the map after the
        // stream was added (it would get no pushes)
        Audience audience = audiences.compute(comparisonId, (id, existing) -> {
            Audience joined = existing == null ? new Audience() : existing;
            joined.streams.add(stream);
            return joined;
        });
        audience.subjects = page.get().subjects();
        Runnable gone = () -> leave(comparisonId, audience, stream);
        stream.onCompletion(gone);
        stream.onTimeout(() -> {
            stream.complete();
            gone.run();
        });
        stream.onError(e -> gone.run());
        schedulePush(comparisonId, audience);
        return Optional.of(stream);
    }

    /** More streams are open than {@link #MAX_STREAMS}: answered 503 with Retry-After. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams() {
            super("too many live page streams are open");
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
        SseEmitter.SseEventBuilder event = SseEmitter.event().name("page").id(Long.toString(version))
                .data(body, MediaType.APPLICATION_JSON);
        for (SseEmitter stream : audience.streams) {
            send(stream, event, () -> leave(comparisonId, audience, stream));
        }
    }

    private void heartbeat() {
        audiences.forEach((id, audience) -> {
            for (SseEmitter stream : audience.streams) {
                send(stream, SseEmitter.event().comment("keep-alive"), () -> leave(id, audience, stream));
            }
        });
    }

    private static void send(SseEmitter stream, SseEmitter.SseEventBuilder event, Runnable onGone) {
        try {
            stream.send(event);
        } catch (IOException | IllegalStateException clientGone) {
            stream.completeWithError(clientGone);
            onGone.run();
        }
    }

    private void leave(String comparisonId, Audience audience, SseEmitter stream) {
        audiences.computeIfPresent(comparisonId, (id, a) -> {
            if (a.streams.remove(stream)) {
                streams.decrementAndGet();
            }
            return a.streams.isEmpty() ? null : a;
        });
    }

    int openStreams() {
        return streams.get();
    }

    @Override
    public void destroy() {
        pusher.shutdownNow();
        audiences.values().forEach(audience -> audience.streams.forEach(SseEmitter::complete));
    }
}
