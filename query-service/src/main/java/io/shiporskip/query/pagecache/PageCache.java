package io.shiporskip.query.pagecache;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers kept in memory, each tagged with the serving version its rows were read at or after (db/migration V8 in the
 * projector: the version grows in commit order, once per transaction that changes what pages read or switches
 * generations) and with the subjects it read ({@code tool:<id>}, {@code comparison:<id>}). Announcements name the
 * subjects a version changed (db/migration V9), or none, meaning anything may have changed. An answer is served only
 * while this instance is listening for version changes, only if none of its subjects was announced as changed at a
 * newer version than it was read at (nor anything at all, by an announcement without subjects), and only if it is as
 * fresh as the caller demands (read-your-writes): a stale answer can be in the map for a moment, but it is never
 * handed out.
 * <p>
 * Memory is bounded by the bytes of the stored answers; when a new answer would exceed the bound, arbitrary others are
 * dropped first. The class is pure logic: the listener ({@link ServingVersionListener}) and the readers drive it.
 */
public final class PageCache {

    /** Subjects remembered at most; beyond, everything older is treated as changed and the record starts over. */
    private static final int MAX_SUBJECTS = 100_000;

    /**
     * One stored answer: its JSON, its entity tag, the serving version it is at least as fresh as, and the subjects
     * it was read from (empty: it depends on everything, and any newer announcement makes it stale).
     */
    public record Entry(long version, byte[] body, String etag, Set<String> subjects) {
        public Entry {
            subjects = Set.copyOf(subjects);
        }

        public Entry(long version, byte[] body, String etag) {
            this(version, body, etag, Set.of());
        }

        int size() {
            return body.length + etag.length() * 2 + 64 + subjects.stream().mapToInt(s -> 48 + s.length() * 2).sum();
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;
    /** The highest version announced to this instance; only grows. */
    private final AtomicLong known = new AtomicLong(-1);
    /** The highest version announced without subjects: every answer read before it is stale. */
    private final AtomicLong everythingChangedAt = new AtomicLong(-1);
    /** The newest version at which each subject was announced as changed (those above everythingChangedAt). */
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
    private volatile boolean listening;
    private final List<ChangeListener> changeListeners = new CopyOnWriteArrayList<>();

    /** Told of every announcement once the cache has applied it, on the listening thread: must return quickly. */
    @FunctionalInterface
    public interface ChangeListener {
        /**
         * @param version  the newest serving version announced
         * @param subjects what changed ({@code tool:<id>}, {@code comparison:<id>}); empty: anything may have changed
         */
        void changed(long version, Set<String> subjects);
    }

    public PageCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The stored answer for {@code key}, if it may be served: this instance is listening, the answer is fresh (see
     * the class comment), and it reflects {@code atLeast} (a caller's own write; 0 for none): it was read at that
     * version or later, or that version has been announced here and changed none of its subjects since it was read.
     */
    public Optional<Entry> get(String key, long atLeast) {
        if (!listening) {
            return Optional.empty();
        }
        Entry entry = entries.get(key);
        if (entry == null || entry.version() < atLeast && known.get() < atLeast || !isFresh(entry)) {
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
        if (!listening || !isFresh(entry) || entry.size() > maxBytes) {
            return;
        }
        Entry previous = entries.put(key, entry);
        long total = bytes.addAndGet(entry.size() - (previous == null ? 0 : previous.size()));
        if (total > maxBytes) {
            shrink(key);
        }
        if (!isFresh(entry)) {
            // an announcement arrived while storing: its sweep may have run before the put
            remove(key, entry);
        }
    }

    /** A version was announced without subjects: anything may have changed, answers read before it are dropped. */
    public void announced(long version) {
        everythingChangedAt.accumulateAndGet(version, Math::max);
        known.accumulateAndGet(version, Math::max);
        changedAt.values().removeIf(changed -> changed <= everythingChangedAt.get());
        sweep();
        tell(version, Set.of());
    }

    /**
     * Versions up to {@code version} were announced, changing {@code subjects}: answers that read one of them before
     * it are dropped. The subjects are recorded before the version is raised, so a reader who sees the new version
     * also sees what it changed.
     */
    public void announced(long version, Collection<String> subjects) {
        for (String subject : subjects) {
            changedAt.merge(subject, version, Math::max);
        }
        known.accumulateAndGet(version, Math::max);
        if (changedAt.size() > MAX_SUBJECTS) {
            announced(version);
            return;
        }
        sweep();
        tell(version, Set.copyOf(subjects));
    }

    /** Registers a listener for announcements (the live page streams). */
    public void onChange(ChangeListener listener) {
        changeListeners.add(listener);
    }

    private void tell(long version, Set<String> subjects) {
        changeListeners.forEach(listener -> listener.changed(version, subjects));
    }

    /**
     * The version read from the table (the listener's periodic check): newer than any announced means announcements
     * were missed, so anything may have changed.
     */
    public void confirmed(long version) {
        if (version > known.get()) {
            announced(version);
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

    private boolean isFresh(Entry entry) {
        if (entry.version() < everythingChangedAt.get()) {
            return false;
        }
        if (entry.subjects().isEmpty()) {
            return entry.version() >= known.get();
        }
        for (String subject : entry.subjects()) {
            Long changed = changedAt.get(subject);
            if (changed != null && changed > entry.version()) {
                return false;
            }
        }
        return true;
    }

    private void sweep() {
        entries.forEach((key, entry) -> {
            if (!isFresh(entry)) {
                remove(key, entry);
            }
        });
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
