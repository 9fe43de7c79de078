package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.generations.Generations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code read_model.rebuild} table: shared by every projector instance, so any of them can answer for a rebuild. */
@Component
class RebuildRepository {

    private static final String TABLE = Generations.SERVING + ".rebuild";
    private static final String COLUMNS = "rebuild_id, state, phase, source, generation, requested_by, events_applied, "
            + "events_total, events_per_second, started_at, finished_at, error, cancel_requested_by";

    private final JdbcClient jdbc;

    RebuildRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a running rebuild into the next free generation; empty when another one is running. */
    Optional<Integer> start(UUID id, RebuildSource source, String requestedBy) {
        try {
            return Optional.of(jdbc.sql("INSERT INTO " + TABLE + " (rebuild_id, generation, source, state, phase, requested_by) "
                            + "SELECT ?, GREATEST((SELECT current FROM " + Generations.SERVING + ".generation), "
                            + "COALESCE((SELECT max(generation) FROM " + TABLE + "), 0)) + 1, ?, 'RUNNING', 'PREPARING', ? "
                            + "RETURNING generation")
                    .params(id, source.name(), requestedBy).query(Integer.class).single());
        } catch (org.springframework.dao.DuplicateKeyException alreadyRunning) {
            return Optional.empty();
        }
    }

    Optional<RebuildStatus> running() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE state = 'RUNNING'").query(this::status).optional();
    }

    Optional<RebuildStatus> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE rebuild_id = ?").params(id)
                .query(this::status).optional();
    }

    List<RebuildStatus> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY started_at DESC LIMIT ?").params(limit)
                .query(this::status).list();
    }

    /** Writes the progress and the heartbeat; returns who asked to cancel, if anyone did. */
    Optional<String> beat(UUID id, RebuildProgress.Snapshot progress) {
        return jdbc.sql("UPDATE " + TABLE + " SET heartbeat_at = now(), phase = ?, source = ?, events_applied = ?, "
                        + "events_total = ?, events_per_second = ? WHERE rebuild_id = ? AND state = 'RUNNING' "
                        + "RETURNING cancel_requested_by")
                .params(progress.phase(), progress.source(), progress.applied(), progress.total(), progress.perSecond(), id)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(o -> o);
    }

    /** Asks the instance running it to stop; false when it is not running. */
    boolean requestCancel(UUID id, String by) {
        return jdbc.sql("UPDATE " + TABLE + " SET cancel_requested_by = ? WHERE rebuild_id = ? AND state = 'RUNNING'")
                .params(by, id).update() == 1;
    }

    void failed(UUID id, RebuildProgress.Snapshot progress, String error) {
        jdbc.sql("UPDATE " + TABLE + " SET state = 'FAILED', phase = ?, source = ?, events_applied = ?, error = ?, "
                        + "finished_at = now() WHERE rebuild_id = ? AND state = 'RUNNING'")
                .params(progress.phase(), progress.source(), progress.applied(), error, id).update();
    }

    /**
     * Marks running rebuilds whose instance stopped beating as failed; returns their generations (to be dropped).
     */
    List<Integer> abandonSilentFor(Duration silence) {
        return jdbc.sql("UPDATE " + TABLE + " SET state = 'FAILED', finished_at = now(), "
                        + "error = 'abandoned: the projector instance running it stopped' "
                        + "WHERE state = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ?) RETURNING generation")
                .params((double) silence.toSeconds()).query(Integer.class).list();
    }

    private RebuildStatus status(ResultSet rs, int row) throws SQLException {
        String state = rs.getString("state");
        long applied = rs.getLong("events_applied");
        Long total = (Long) rs.getObject("events_total");
        Double rate = (Double) rs.getObject("events_per_second");
        Long eta = "RUNNING".equals(state) && total != null && rate != null && rate > 0
                ? (long) Math.ceil(Math.max(0, total - applied) / rate) : null;
        return new RebuildStatus(rs.getObject("rebuild_id", UUID.class), state, rs.getString("phase"),
                rs.getString("source"), rs.getInt("generation"), rs.getString("requested_by"), applied, total, rate, eta,
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getString("error"),
                rs.getString("cancel_requested_by"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
