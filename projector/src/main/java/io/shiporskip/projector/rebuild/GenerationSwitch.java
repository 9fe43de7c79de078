package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.generations.Generations;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The switch, in one transaction: take the serving-generation row (live batches wait), consume until the new
 * generation has every offset the serving one has, point the views at it, mark the rebuild SWITCHED. Anything that
 * fails before the commit leaves the serving generation exactly as it was.
 */
@Component
class GenerationSwitch {

    private static final Logger log = LoggerFactory.getLogger(GenerationSwitch.class);
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final Generations generations;
    private final TopicCatchUp catchUp;

    GenerationSwitch(DataSource dataSource, Generations generations, TopicCatchUp catchUp) {
        this.dataSource = dataSource;
        this.generations = generations;
        this.catchUp = catchUp;
    }

    /** Serves {@code generation}; returns the generation it replaced. */
    int switchOver(UUID rebuildId, int generation, Consumer<String, byte[]> consumer, String topicId,
                   WriteTarget target, RebuildProgress progress) throws SQLException {
        progress.phase("SWITCHING");
        int replaced;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '30s'");
                replaced = generations.lockServingGeneration(c);
                if (replaced >= generation) {
                    throw new IllegalStateException("generation " + replaced + " is served already");
                }
                stillWanted(c, rebuildId);
                Map<TopicPartition, Long> level = offsetsOf(c, replaced, consumer, topicId);
                long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
                while (!reached(consumer, level)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the new generation did not reach the serving one's offsets "
                                + level + " within " + SWITCH_TIMEOUT.toSeconds() + " s");
                    }
                    catchUp.apply(consumer.poll(TopicCatchUp.POLL), topicId, target, progress);
                }
                generations.expose(c, generation);
                try (PreparedStatement done = c.prepareStatement("UPDATE " + Generations.SERVING + ".rebuild "
                        + "SET state = 'SWITCHED', phase = 'DONE', source = ?, events_applied = ?, finished_at = now() "
                        + "WHERE rebuild_id = ?")) {
                    // the resolved source: a rebuild quicker than one heartbeat would otherwise still say AUTO
                    done.setString(1, progress.snapshot().source());
                    done.setLong(2, progress.applied());
                    done.setObject(3, rebuildId);
                    done.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        progress.phase("DONE");
        log.info("Rebuild {} switched read models to generation {} ({} events)", rebuildId, generation, progress.applied());
        return replaced;
    }

    /** Holds the rebuild's row for the switch: a cancel request that came first wins. */
    private static void stillWanted(Connection c, UUID rebuildId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT state, cancel_requested_by FROM " + Generations.SERVING
                + ".rebuild WHERE rebuild_id = ? FOR UPDATE")) {
            p.setObject(1, rebuildId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next() || !"RUNNING".equals(rs.getString(1))) {
                    throw new IllegalStateException("the rebuild is no longer running");
                }
                if (rs.getString(2) != null) {
                    throw new RebuildCancelled(rs.getString(2));
                }
            }
        }
    }

    /** The serving generation's offsets in the topic instance being read (offsets of an older instance do not count). */
    private static Map<TopicPartition, Long> offsetsOf(Connection c, int generation, Consumer<String, byte[]> consumer,
                                                       String topicId) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT topic, partition, next_offset FROM "
                + Generations.schemaOf(generation) + ".projection_offset WHERE topic_id = ?")) {
            p.setString(1, topicId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    TopicPartition partition = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (consumer.assignment().contains(partition)) {
                        offsets.put(partition, rs.getLong(3));
                    }
                }
            }
        }
        return offsets;
    }

    private static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> level) {
        return level.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
