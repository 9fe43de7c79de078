package io.shiporskip.command.relay;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.axonframework.eventhandling.EventUtils.upcastAndDeserializeTrackedEvents;

/**
 * The relay's reads of the event store: one statement per read, up to {@link #BATCH_SIZE} events after a token.
 * <p>
 * It is Axon's JDBC engine (its gap-aware tokens, gap cleaning, deserialization and upcasting, all unchanged) with
 * three differences, all for the relay's wake-ups (docs/architecture.md, "Relay"):
 * <ul>
 *   <li>{@link #read(TrackingToken)} reads once and says whether more may wait: Axon's stream reads again whenever
 *   its batch runs out, so every wake-up ended with an empty read (or two) before it could say "nothing more";</li>
 *   <li>a read is {@code global_index > index ORDER BY global_index LIMIT n} (plus the token's gaps) instead of Axon's
 *   range {@code (index, index + n]}: the range can come back empty or short while events wait beyond it (sequence
 *   values lost to rolled-back inserts), which is why Axon follows an empty read with a second query ("extended gap
 *   check", off here). With the limit a short batch means "nothing more committed", and an empty one is one
 *   statement. Which events become gaps is unchanged: those the read passes over, as with the range;</li>
 *   <li>no transaction: the read is one statement, PostgreSQL runs it in its own snapshot either way, and in
 *   autocommit it costs no {@code BEGIN}/{@code COMMIT} exchange (the token's update is the work package's, in its
 *   own transaction, as before).</li>
 * </ul>
 * Not a Spring bean of type {@code EventStorageEngine} (the service has one engine, {@code eventstore}'s): built by
 * {@link RelayConfiguration} for {@link RelayEventSource} only.
 */
final class RelayEventReader extends JdbcEventStorageEngine {

    /** Events per read: the relay processor's batch size (application.yml), so a full read is one relay batch. */
    static final int BATCH_SIZE = 500;

    private RelayEventReader(Builder builder) {
        super(builder);
    }

    static RelayEventReader create(ConnectionProvider connections, EventSchema schema, Serializer eventSerializer,
                                   Serializer snapshotSerializer, EventUpcaster upcasterChain) {
        return new RelayEventReader(JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(schema)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .upcasterChain(upcasterChain)
                .batchSize(BATCH_SIZE)
                .extendedGapCheckEnabled(false)
                .readEventDataWithoutGaps(RelayEventReader::afterIndex)
                .readEventDataWithGaps(RelayEventReader::gapsAndAfterIndex));
    }

    /**
     * One read of up to {@link #BATCH_SIZE} events after {@code token} (its gaps first), in global order, upcast and
     * deserialized as Axon's own streams do.
     */
    Read read(TrackingToken token) {
        List<? extends TrackedEventData<?>> rows = fetchTrackedEvents(token, BATCH_SIZE);
        try (Stream<? extends TrackedEventMessage<?>> events =
                     upcastAndDeserializeTrackedEvents(rows.stream(), getEventSerializer(), upcasterChain)) {
            return new Read(events.toList(), rows.size() >= BATCH_SIZE);
        }
    }

    /**
     * @param events      the events read, in order
     * @param mayHaveMore whether events may wait beyond them: only after a full read, since a read stops at the limit
     *                    and nowhere else (counted in rows, before upcasting may drop or split one)
     */
    record Read(List<? extends TrackedEventMessage<?>> events, boolean mayHaveMore) {
    }

    private static PreparedStatement afterIndex(Connection connection, EventSchema schema, long index, int limit)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable()
                        + " WHERE " + schema.globalIndexColumn() + " > ?"
                        + " ORDER BY " + schema.globalIndexColumn() + " ASC LIMIT ?");
        statement.setLong(1, index);
        statement.setInt(2, limit);
        return statement;
    }

    /**
     * The token's gaps (all below its index) and the next {@code limit} events above it. Two branches of a
     * {@code UNION ALL} rather than Axon's {@code OR} so each is an index lookup: with a {@code LIMIT}, an {@code OR}
     * invites a walk of the primary key from its start.
     */
    private static PreparedStatement gapsAndAfterIndex(Connection connection, EventSchema schema, long index,
                                                       int limit, List<Long> gaps) throws SQLException {
        String fields = schema.trackedEventFields();
        String table = schema.domainEventTable();
        String globalIndex = schema.globalIndexColumn();
        PreparedStatement statement = connection.prepareStatement(
                "SELECT " + fields + " FROM " + table + " WHERE " + globalIndex
                        + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")"
                        + " UNION ALL (SELECT " + fields + " FROM " + table + " WHERE " + globalIndex + " > ?"
                        + " ORDER BY " + globalIndex + " ASC LIMIT ?)"
                        + " ORDER BY " + globalIndex + " ASC");
        int parameter = 1;
        for (long gap : gaps) {
            statement.setLong(parameter++, gap);
        }
        statement.setLong(parameter++, index);
        statement.setInt(parameter, limit);
        return statement;
    }
}
