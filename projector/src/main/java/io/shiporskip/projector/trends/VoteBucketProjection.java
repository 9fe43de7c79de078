package io.shiporskip.projector.trends;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.TallyEffect;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;
import io.shiporskip.projector.consumer.Applied;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps {@code vote_bucket}: per tool and UTC hour, what happened to votes and the net change of the tally. */
@Component
@Order(50)
class VoteBucketProjection implements Projection {

    private final JdbcClient jdbc;

    VoteBucketProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (delta(event) != null) {
            applyVotes(List.of(new Applied(event, envelope)));
        }
    }

    /** A run of votes: summed per tool and hour, one statement for all of them. */
    @Override
    public void applyVotes(List<Applied> votes) {
        Map<List<String>, Delta> buckets = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Applied vote : votes) {
            Delta d = delta(vote.event());
            if (d != null) {
                List<String> key = List.of(toolOf(vote.event()), vote.envelope().time().truncatedTo(ChronoUnit.HOURS).toString());
                buckets.merge(key, d, Delta::plus);
            }
        }
        int n = buckets.size();
        String[] tools = new String[n];
        String[] hours = new String[n];
        Integer[][] columns = new Integer[6][n];
        int i = 0;
        for (var bucket : buckets.entrySet()) {
            tools[i] = bucket.getKey().get(0);
            hours[i] = bucket.getKey().get(1);
            Delta d = bucket.getValue();
            int[] values = {d.cast, d.changed, d.retracted, d.voided, d.ship, d.skip};
            for (int c = 0; c < 6; c++) {
                columns[c][i] = values[c];
            }
            i++;
        }
        jdbc.sql("""
                INSERT INTO vote_bucket (tool_id, bucket_start, cast_count, changed, retracted, voided, ship, skip)
                SELECT * FROM unnest(?::varchar[], ?::timestamptz[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
                ON CONFLICT (tool_id, bucket_start) DO UPDATE SET
                    cast_count = vote_bucket.cast_count + EXCLUDED.cast_count,
                    changed = vote_bucket.changed + EXCLUDED.changed,
                    retracted = vote_bucket.retracted + EXCLUDED.retracted,
                    voided = vote_bucket.voided + EXCLUDED.voided,
                    ship = vote_bucket.ship + EXCLUDED.ship,
                    skip = vote_bucket.skip + EXCLUDED.skip
                """).params(tools, hours, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]).update();
    }

    /** The event's contribution to its hour: which kind of vote it is, and its effect on the tally. */
    private static Delta delta(ShipOrSkipEvent event) {
        return TallyEffect.of(event).map(effect -> new Delta(
                event instanceof VoteCast ? 1 : 0, event instanceof VoteChanged ? 1 : 0,
                event instanceof VoteRetracted ? 1 : 0, event instanceof VoteVoided ? 1 : 0, effect)).orElse(null);
    }

    private static String toolOf(ShipOrSkipEvent event) {
        return event.subject();
    }

    /** One event's contribution to its hour. */
    private static final class Delta {
        int cast;
        int changed;
        int retracted;
        int voided;
        int ship;
        int skip;

        Delta(int cast, int changed, int retracted, int voided, TallyEffect effect) {
            this.cast = cast;
            this.changed = changed;
            this.retracted = retracted;
            this.voided = voided;
            this.ship = effect.ship();
            this.skip = effect.skip();
        }

        Delta plus(Delta other) {
            cast += other.cast;
            changed += other.changed;
            retracted += other.retracted;
            voided += other.voided;
            ship += other.ship;
            skip += other.skip;
            return this;
        }
    }
}
