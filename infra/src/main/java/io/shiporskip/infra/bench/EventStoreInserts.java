package io.shiporskip.infra.bench;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write phase's two baselines: JDBC inserts of vote-shaped rows into a table shaped like Axon's event store
 * (global index, unique event id, unique aggregate and sequence, byte payloads), from C threads on open connections.
 * With one row per commit it is the floor a vote cannot beat without sharing commits (one WAL flush per row); with
 * {@code rowsPerCommit} rows per commit, the ceiling batching could reach (issue 15: "the batching ceiling beside
 * the one-commit-per-row floor").
 */
final class EventStoreInserts {

    private static final String TABLE = "bench_baseline.domain_event_entry";

    private final PostgresEndpoint database;
    private final int threads;
    private final int tools;

    EventStoreInserts(PostgresEndpoint database, int threads, int tools) {
        this.database = database;
        this.threads = threads;
        this.tools = tools;
    }

    /** An empty table, so that every run inserts into the same shape from the start. */
    void reset() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench_baseline");
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + """
                     (
                        global_index BIGSERIAL PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE,
                        aggregate_identifier TEXT NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),
                        payload_type VARCHAR(255) NOT NULL, payload_revision VARCHAR(255), payload BYTEA NOT NULL,
                        meta_data BYTEA, time_stamp VARCHAR(255) NOT NULL,
                        UNIQUE (aggregate_identifier, sequence_number))""");
        }
    }

    /** A measured run: rows per second with the commits' latency percentiles, and what a row cost. */
    record Measured(Throughput rows, PhaseCost cost) {
    }

    /** Inserts rows for the duration unmeasured: the warm-up. */
    void warmUp(Duration length, int rowsPerCommit, String voterPrefix) throws Exception {
        try (OpenConnections connections = new OpenConnections(database, threads)) {
            insert(connections, length, rowsPerCommit, voterPrefix);
        }
    }

    /**
     * Inserts rows for the duration, {@code rowsPerCommit} per transaction (1: autocommit, one statement per row;
     * more: one JDBC batch per commit), and measures them. The latencies are per commit.
     */
    Measured measure(Duration length, int rowsPerCommit, String voterPrefix, BenchStack stack) throws Exception {
        try (OpenConnections connections = new OpenConnections(database, threads)) {
            PhaseCost.Meter meter = stack.costMeter();
            Throughput rows = insert(connections, length, rowsPerCommit, voterPrefix);
            return new Measured(rows, meter.stop(rows.count()));
        }
    }

    private Throughput insert(OpenConnections connections, Duration length, int rowsPerCommit, String voterPrefix)
            throws Exception {
        AtomicLong rows = new AtomicLong();
        List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + length.toNanos();
        Workers.run(threads, t -> {
            Latencies own = new Latencies();
            latencies.add(own);
            Connection c = connections.get(t);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + """
                     (event_identifier, aggregate_identifier,
                        sequence_number, type, payload_type, payload_revision, payload, meta_data, time_stamp)
                    VALUES (?, ?, 0, 'Ballot', 'io.shiporskip.contracts.community.VoteCast', '1', ?, ?, ?)""")) {
                c.setAutoCommit(rowsPerCommit == 1);
                for (int i = 0; System.nanoTime() < end; ) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < rowsPerCommit; r++, i++) {
                        bind(insert, voterPrefix + t + "-" + i, i % tools);
                        if (rowsPerCommit == 1) {
                            insert.executeUpdate();
                        } else {
                            insert.addBatch();
                        }
                    }
                    if (rowsPerCommit > 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                    own.add(System.nanoTime() - t0);
                    rows.addAndGet(rowsPerCommit);
                }
            }
        });
        return Throughput.of(rows.get(), start, latencies);
    }

    private static void bind(PreparedStatement insert, String voter, int tool) throws Exception {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, "ballot:bench-tool-" + tool + ":" + voter);
        insert.setBytes(3, ("{\"toolId\":\"bench-tool-" + tool + "\",\"voterId\":\"" + voter
                + "\",\"choice\":\"SHIP\"}").getBytes());
        insert.setBytes(4, ("{\"actorId\":\"" + voter + "\",\"commandId\":\"" + UUID.randomUUID()
                + "\",\"actorRole\":\"voter\"}").getBytes());
        insert.setString(5, Instant.now().toString());
    }
}
