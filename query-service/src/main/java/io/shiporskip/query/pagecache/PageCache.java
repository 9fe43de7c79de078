package io.shiporskip.query.pagecache;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers kept in memory, each tagged with the serving version its rows were read at or after (db/migration V8 in the
 * projector: the version grows in commit order, once per transaction that changes what pages read or switches
 * generations). An answer is served only while this instance is listening for version changes and only if no newer
 * version has been announced since it was read, nor demanded by the caller (read-your-writes): a stale answer can be
 * in the map for a moment, but it is never handed out.
 * <p>
 * Memory is bounded by the bytes of the stored answers; when a new answer would exceed the bound, arbitrary others are
 * dropped first. The class is pure logic: the listener ({@link ServingVersionListener}) and the readers drive it.
 */
public final class PageCache {

    /** One stored answer: its JSON, its entity tag, and the serving version it is at least as fresh as. */
    public record Entry(long version, byte[] body, String etag) {
        int size() {
            return body.length + etag.length() * 2 + 64;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;
    /** The highest version announced to this instance; only grows. */
    private final AtomicLong known = new AtomicLong(-1);
    private volatile boolean listening;

    public PageCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The stored answer for {@code key}, if it may be served: this instance is listening, and the answer is at least
     * as fresh as both the newest announced version and {@code atLeast} (a caller's own write; 0 for none).
     */
    public Optional<Entry> get(String key, long atLeast) {
        if (!listening) {
            return Optional.empty();
        }
        Entry entry = entries.get(key);
        if (entry == null || entry.version() < Math.max(known.get(), atLeast)) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /**
     * The version to tag an answer with that is about to be read from the database: the newest announced one (its
     * transaction has committed, so a later read sees it) or the caller's own minimum, whichever is higher.
     */
    public long versionForNewRead(long atLeast) {
        return Math.max(known.get(), atLeast);
    }

    /** Stores an answer read after {@link #versionForNewRead} gave {@code entry.version()}; ignored if already stale. */
    public void put(String key, Entry entry) {
        if (!listening || entry.version() < known.get() || entry.size() > maxBytes) {
            return;
        }
        Entry previous = entries.put(key, entry);
        long total = bytes.addAndGet(entry.size() - (previous == null ? 0 : previous.size()));
        if (total > maxBytes) {
            shrink(key);
        }
        if (entry.version() < known.get()) {
            // a newer version was announced while storing: the sweep may have run before the put
            remove(key, entry);
        }
    }

    /** A version was announced: answers read before it are dropped. */
    public void announced(long version) {
        if (known.accumulateAndGet(version, Math::max) == version) {
            long current = version;
            entries.forEach((key, entry) -> {
                if (entry.version() < current) {
                    remove(key, entry);
                }
            });
        }
    }

    /**
     * The listening connection is (re)established and has read {@code version} after LISTEN took effect: every change
     * after it will be announced. Answers from before are dropped.
     */
    public void listening(long version) {
        announced(version);
        clear();
        listening = true;
    }

    /** The listening connection is gone: changes may go unannounced, so nothing is served until {@link #listening}. */
    public void lost() {
        listening = false;
        clear();
    }

    public boolean isListening() {
        return listening;
    }

    public long knownVersion() {
        return known.get();
    }

    public int size() {
        return entries.size();
    }

    public long bytes() {
        return bytes.get();
    }

    private void clear() {
        entries.forEach(this::remove);
    }

    private void shrink(String keep) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (bytes.get() > maxBytes && it.hasNext()) {
            Map.Entry<String, Entry> candidate = it.next();
            if (!candidate.getKey().equals(keep)) {
                remove(candidate.getKey(), candidate.getValue());
            }
        }
    }

    private void remove(String key, Entry entry) {
        if (entries.remove(key, entry)) {
            bytes.addAndGet(-entry.size());
        }
    }
}
