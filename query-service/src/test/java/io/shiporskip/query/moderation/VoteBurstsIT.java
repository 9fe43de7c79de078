package io.shiporskip.query.moderation;

import io.shiporskip.query.testing.GenerationTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The burst query against a real PostgreSQL with the projector's read-model schema and a week of history that the
 * HTTP API cannot produce (events in the past): a tool's norm decides what counts as a burst.
 */
class VoteBurstsIT {

    private static final Instant AT = Instant.parse("2026-06-10T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static JdbcClient jdbc;

    @BeforeAll
    static void schemaAndHistory() {
        jdbc = GenerationTables.fresh();

        // a week of hourly votes before the window's hour: 4 an hour for the small tool, 200 for the big one
        Instant baselineTo = AT.minus(WINDOW).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        for (Instant hour = baselineTo.minus(Duration.ofDays(7)); hour.isBefore(baselineTo); hour = hour.plus(Duration.ofHours(1))) {
            bucket("steady-small", hour, 4);
            bucket("steady-big", hour, 200);
        }
        // ten voters who voted long ago, elsewhere
        for (int i = 0; i < 10; i++) {
            vote("elsewhere", "voter-" + i, Instant.parse("2026-05-01T08:00:00Z"), "SKIP");
        }
        // in the window: 30 votes on each steady tool (voters 0-9 are not new), 5 on a third
        for (int i = 0; i < 30; i++) {
            Instant when = AT.minus(Duration.ofMinutes(10)).plusSeconds(i);
            vote("steady-small", "voter-" + i, when, "SHIP");
            vote("steady-big", "big-voter-" + i, when, "SHIP");
        }
        for (int i = 0; i < 5; i++) {
            vote("few", "few-voter-" + i, AT.minus(Duration.ofMinutes(5)), "SKIP");
        }
        for (String tool : new String[]{"steady-small", "steady-big", "few"}) {
            bucket(tool, AT.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(1)), 0);
            bucket(tool, baselineTo, 30);
        }
    }

    private static void bucket(String tool, Instant hour, int casts) {
        jdbc.sql("""
                INSERT INTO vote_bucket (tool_id, bucket_start, cast_count, ship) VALUES (?, ?, ?, ?)
                ON CONFLICT (tool_id, bucket_start) DO UPDATE SET cast_count = excluded.cast_count""")
                .params(tool, Timestamp.from(hour), casts, casts).update();
    }

    private static void vote(String tool, String voter, Instant when, String choice) {
        jdbc.sql("""
                INSERT INTO event_log (event_id, type, version, subject, actor_id, actor_role, occurred_at, data)
                VALUES (?, 'VoteCast', 1, ?, ?, 'voter', ?, ?::jsonb)""")
                .params(UUID.randomUUID().toString(), tool, voter, Timestamp.from(when),
                        "{\"toolId\":\"" + tool + "\",\"voterId\":\"" + voter + "\",\"choice\":\"" + choice + "\"}")
                .update();
    }

    private static VoteBurstReport find(long minVotes, double factor) {
        return new VoteBursts(jdbc).find(new VoteBursts.Criteria(AT, WINDOW, Duration.ofDays(7), minVotes, factor, 20));
    }

    @Test
    void a_tool_far_above_its_own_norm_is_a_burst_and_a_busy_tool_at_its_norm_is_not() {
        VoteBurstReport report = find(20, 5);

        assertThat(report.bursts()).extracting(VoteBurst::toolId).containsExactly("steady-small");
        VoteBurst burst = report.bursts().get(0);
        assertThat(burst.votes()).isEqualTo(30);
        assertThat(burst.expectedVotes()).isEqualTo(1.0); // 4 an hour -> 1 per 15 minutes
        assertThat(burst.ratio()).isEqualTo(30.0);
        assertThat(burst.ship()).isEqualTo(30);
        assertThat(burst.voterCount()).isEqualTo(30);
        assertThat(burst.newVoterCount()).isEqualTo(20);
        assertThat(burst.voters()).hasSize(30);
        assertThat(burst.voters()).filteredOn(v -> !v.newVoter()).extracting(BurstVoter::voterId)
                .containsExactlyInAnyOrder("voter-0", "voter-1", "voter-2", "voter-3", "voter-4", "voter-5",
                        "voter-6", "voter-7", "voter-8", "voter-9");
        assertThat(burst.voters().get(0).firstVoteAt()).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(report.from()).isEqualTo(AT.minus(WINDOW));
        assertThat(report.baselineTo()).isEqualTo(Instant.parse("2026-06-10T11:00:00Z"));
    }

    @Test
    void the_thresholds_decide() {
        // the big tool expects 50 in 15 minutes: 30 is 0.6 of its norm, a burst only for factor <= 0.6 (not allowed)
        assertThat(find(20, 1).bursts()).extracting(VoteBurst::toolId).containsExactly("steady-small");
        // the few-votes tool has no norm at all, and shows once minVotes lets it
        assertThat(find(5, 5).bursts()).extracting(VoteBurst::toolId).containsExactly("steady-small", "few");
        assertThat(find(31, 1).bursts()).isEmpty();
    }
}
