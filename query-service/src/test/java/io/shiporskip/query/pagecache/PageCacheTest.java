package io.shiporskip.query.pagecache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PageCacheTest {

    private static PageCache.Entry entry(long version, String json) {
        return new PageCache.Entry(version, json.getBytes(StandardCharsets.UTF_8), "\"t\"");
    }

    private static PageCache.Entry reading(long version, String... subjects) {
        return new PageCache.Entry(version, "{}".getBytes(StandardCharsets.UTF_8), "\"t\"", Set.of(subjects));
    }

    private static PageCache listeningAt(long version) {
        PageCache cache = new PageCache(1 << 20);
        cache.listening(version);
        return cache;
    }

    @Test
    void anAnswerReadAtTheAnnouncedVersionIsServedUntilANewerOneIsAnnounced() {
        PageCache cache = listeningAt(7);
        cache.put("p", entry(cache.versionForNewRead(0), "{}"));
        assertThat(cache.get("p", 0)).isPresent();

        cache.announced(8);

        assertThat(cache.get("p", 0)).isEmpty();
        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void anAnswerReadBeforeAnAnnouncementButStoredAfterItIsNeverServed() {
        PageCache cache = listeningAt(7);
        long version = cache.versionForNewRead(0);
        cache.announced(8); // a batch committed while the rows were being read
        cache.put("p", entry(version, "{}"));

        assertThat(cache.get("p", 0)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aReadYourWritesCallerGetsACachedAnswerOnlyIfItIsAtLeastAsFreshAsItsWrite() {
        PageCache cache = listeningAt(7);
        cache.put("p", entry(7, "{}"));

        // the write is at version 9, committed, but its announcement has not arrived yet
        assertThat(cache.get("p", 9)).isEmpty();

        // read again from the database for that caller: tagged with its version, so good for it and for everyone
        cache.put("p", entry(cache.versionForNewRead(9), "{\"fresh\":true}"));
        assertThat(cache.get("p", 9)).hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(9));
        assertThat(cache.get("p", 0)).isPresent();

        // the late announcements of 8 and 9 do not make that answer stale
        cache.announced(8);
        cache.announced(9);
        assertThat(cache.get("p", 0)).isPresent();
        cache.announced(10);
        assertThat(cache.get("p", 0)).isEmpty();
    }

    @Test
    void nothingIsServedOrStoredWhileNotListening() {
        PageCache cache = new PageCache(1 << 20);
        cache.put("p", entry(0, "{}"));
        assertThat(cache.get("p", 0)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void losingTheListeningConnectionStopsServingAtOnceAndForgetsEverything() {
        PageCache cache = listeningAt(3);
        cache.put("p", entry(3, "{}"));

        cache.lost();

        assertThat(cache.get("p", 0)).isEmpty();
        assertThat(cache.size()).isZero();
        assertThat(cache.isListening()).isFalse();
    }

    @Test
    void anAnswerReadWhileDisconnectedIsDroppedWhenTheReconnectionFindsANewerVersion() {
        PageCache cache = listeningAt(3);
        cache.lost();
        long version = cache.versionForNewRead(0); // 3: changes made while away were not announced
        cache.listening(5);
        cache.put("p", entry(version, "{}"));

        assertThat(cache.get("p", 0)).isEmpty();

        cache.put("p", entry(cache.versionForNewRead(0), "{}"));
        assertThat(cache.get("p", 0)).isPresent();
    }

    @Test
    void announcementsNeverMoveTheVersionBack() {
        PageCache cache = listeningAt(10);
        cache.announced(4);
        assertThat(cache.knownVersion()).isEqualTo(10);
        cache.put("p", entry(9, "{}"));
        assertThat(cache.get("p", 0)).isEmpty();
    }

    @Test
    void memoryStaysWithinItsBoundByDroppingOtherAnswers() {
        PageCache cache = new PageCache(1_000);
        cache.listening(1);
        for (int i = 0; i < 50; i++) {
            cache.put("p" + i, entry(1, "x".repeat(100)));
            assertThat(cache.bytes()).isLessThanOrEqualTo(1_000);
        }
        assertThat(cache.get("p49", 0)).isPresent();
        assertThat(cache.size()).isBetween(1, 9);

        cache.put("huge", entry(1, "x".repeat(2_000)));
        assertThat(cache.get("huge", 0)).isEmpty();
        assertThat(cache.bytes()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void replacingAnAnswerCountsItsBytesOnce() {
        PageCache cache = listeningAt(1);
        cache.put("p", entry(1, "x".repeat(100)));
        long one = cache.bytes();
        cache.put("p", entry(1, "x".repeat(100)));
        assertThat(cache.bytes()).isEqualTo(one);
        cache.announced(2);
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aChangeToOneToolKeepsEveryAnswerThatDidNotReadIt() {
        PageCache cache = listeningAt(7);
        cache.put("comparison:a-vs-b", reading(7, "comparison:a-vs-b", "tool:a", "tool:b"));
        cache.put("tool:c", reading(7, "tool:c"));

        cache.announced(8, List.of("tool:c"));

        assertThat(cache.get("comparison:a-vs-b", 0)).isPresent();
        assertThat(cache.get("tool:c", 0)).isEmpty();
        assertThat(cache.size()).isEqualTo(1);

        cache.announced(9, List.of("tool:b"));
        assertThat(cache.get("comparison:a-vs-b", 0)).isEmpty();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void anAnswerReadBeforeAChangeToItsSubjectButStoredAfterItIsNeverServed() {
        PageCache cache = listeningAt(7);
        long version = cache.versionForNewRead(0);
        cache.announced(8, List.of("tool:a")); // committed while the rows were being read

        cache.put("tool:a", reading(version, "tool:a"));
        cache.put("tool:b", reading(version, "tool:b"));

        assertThat(cache.get("tool:a", 0)).isEmpty();
        assertThat(cache.get("tool:b", 0)).isPresent();
    }

    @Test
    void aReadYourWritesCallerIsServedAnOlderAnswerOnceItsWriteIsAnnouncedAndDidNotTouchIt() {
        PageCache cache = listeningAt(7);
        cache.put("tool:a", reading(7, "tool:a"));

        // the caller's write is version 9, committed, not yet announced here: the answer may predate it
        assertThat(cache.get("tool:a", 9)).isEmpty();

        cache.announced(9, List.of("tool:z"));
        assertThat(cache.get("tool:a", 9)).isPresent();

        cache.announced(10, List.of("tool:a"));
        assertThat(cache.get("tool:a", 9)).isEmpty();
    }

    @Test
    void anAnnouncementWithoutSubjectsDropsEverythingReadBeforeIt() {
        PageCache cache = listeningAt(7);
        cache.put("tool:a", reading(7, "tool:a"));
        cache.announced(8, List.of("tool:b"));
        cache.put("tool:b", reading(8, "tool:b"));

        cache.announced(9); // a generation switch

        assertThat(cache.size()).isZero();
        cache.put("tool:a", reading(cache.versionForNewRead(0), "tool:a"));
        assertThat(cache.get("tool:a", 0)).isPresent();
    }

    @Test
    void theTablesVersionDropsEverythingOnlyIfAnnouncementsWereMissed() {
        PageCache cache = listeningAt(7);
        cache.put("tool:a", reading(7, "tool:a"));
        cache.announced(8, List.of("tool:b"));

        cache.confirmed(8);
        assertThat(cache.get("tool:a", 0)).isPresent();

        cache.confirmed(9);
        assertThat(cache.get("tool:a", 0)).isEmpty();
        assertThat(cache.knownVersion()).isEqualTo(9);
    }

    @Test
    void announcementsAreReadAsAVersionAndAtMostOneSubject() {
        assertThat(ServingVersionListener.Announcement.parse("12"))
                .isEqualTo(new ServingVersionListener.Announcement(12, null));
        assertThat(ServingVersionListener.Announcement.parse("12 tool:a b"))
                .isEqualTo(new ServingVersionListener.Announcement(12, "tool:a b"));
        assertThat(ServingVersionListener.Announcement.parse("12 ")).isNull();
        assertThat(ServingVersionListener.Announcement.parse("twelve tool:a")).isNull();
        assertThat(ServingVersionListener.Announcement.parse(null)).isNull();
    }
}
