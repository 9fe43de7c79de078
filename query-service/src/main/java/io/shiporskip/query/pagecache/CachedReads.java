package io.shiporskip.query.pagecache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** Current answers as JSON: from the {@link PageCache} when it may serve them, otherwise read, encoded and stored. */
@Component
public class CachedReads {

    private final PageCache cache;
    private final ObjectMapper json;
    private final Counter hits;
    private final Counter misses;

    CachedReads(PageCache cache, ObjectMapper json, MeterRegistry meters) {
        this.cache = cache;
        this.json = json;
        this.hits = Counter.builder("shiporskip.query.page.cache").tag("result", "hit").register(meters);
        this.misses = Counter.builder("shiporskip.query.page.cache").tag("result", "miss").register(meters);
        Gauge.builder("shiporskip.query.page.cache.bytes", cache, PageCache::bytes).register(meters);
        Gauge.builder("shiporskip.query.page.cache.listening", cache, c -> c.isListening() ? 1 : 0)
                .description("1 while the page cache may serve (its LISTEN connection is up)").register(meters);
    }

    /**
     * The answer stored under {@code key} if it is fresh enough for {@code atLeast} (see
     * {@link io.shiporskip.query.consistency.ReadYourWrites#awaitServingVersion}); otherwise {@code read} from the
     * database, encoded, tagged with {@code etag} (given the value and its JSON) and stored with the {@link Subjects}
     * it was read from (a change to any of them makes it stale). Empty when there is none.
     */
    public <T> Optional<PageCache.Entry> current(String key, long atLeast, Supplier<Optional<T>> read,
                                                 BiFunction<T, byte[], String> etag,
                                                 Function<T, Set<String>> subjects) {
        Optional<PageCache.Entry> hit = cache.get(key, atLeast);
        if (hit.isPresent()) {
            hits.increment();
            return hit;
        }
        misses.increment();
        // taken before reading: the rows read next are at least this fresh
        long version = cache.versionForNewRead(atLeast);
        return read.get().map(value -> {
            byte[] body = encode(value);
            PageCache.Entry entry = new PageCache.Entry(version, body, etag.apply(value, body), subjects.apply(value));
            cache.put(key, entry);
            return entry;
        });
    }

    /** The answer stored under {@code key} if it may be served to a reader without a write of their own to see. */
    Optional<PageCache.Entry> fromMemory(String key) {
        Optional<PageCache.Entry> hit = cache.get(key, 0);
        hit.ifPresent(entry -> hits.increment());
        return hit;
    }

    public byte[] encode(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
