package io.shiporskip.command.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shiporskip.command.CommandServiceProperties;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import io.shiporskip.contracts.versions.EventDecoder;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.util.Optional;


import static io.shiporskip.command.eventstore.EventMetadata.ACTOR_ID;
import static io.shiporskip.command.eventstore.EventMetadata.ACTOR_ROLE;
import static io.shiporskip.command.eventstore.EventMetadata.COMMAND_ID;
import static io.shiporskip.command.eventstore.EventMetadata.REASON;

/** Wires Axon's JDBC storage engine to the Flyway-created tables and makes its failures mean the right thing. */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .timestampColumn("time_stamp")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's default event store shares one read-ahead cache between tailing processors. With a large backlog (a bulk
     * import, a republish after a topic was recreated) its producer reads far ahead of the relay and every cached
     * event stays reachable: 175,000 events filled the 256 MB heap (AxonFramework issue 2954). The relay streams on
     * its own instead, in the batches it asks for. (Declaring the store turns off Axon's JDBC auto-configuration of
     * the storage engine, so it is declared here too, as that auto-configuration builds it.)
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          EventSchema eventSchema) {
        return new NoSnapshotsJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                // an aggregate's sequence numbers have no gaps, so a batch shorter than the batch size is its last:
                // without this Axon reads once more to find an empty batch (a second read on every change of vote)
                .finalAggregateBatchPredicate(batch -> batch.size() < AGGREGATE_BATCH_SIZE)
                .batchSize(AGGREGATE_BATCH_SIZE)
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema));
    }

    /** Axon's default: events per read of an aggregate's stream, also the relay's batch reads. */
    private static final int AGGREGATE_BATCH_SIZE = 100;

    /**
     * No snapshot is ever written (no aggregate has a snapshot trigger), so reading one before each aggregate's
     * events is a wasted statement on every command: this engine answers "none" without asking the database.
     * Adding a snapshot trigger to an aggregate means removing this override.
     */
    static final class NoSnapshotsJdbcEventStorageEngine extends JdbcEventStorageEngine {

        NoSnapshotsJdbcEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
            super(builder);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return Optional.empty();
        }
    }

    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  CommandServiceProperties properties) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .optimizeEventConsumption(false);
        return new CommitSignallingEventStore(builder, properties.relayPollInterval(), properties.relayLinger());
    }

    /** Registered in Axon's upcaster chain (which the storage engine above reads through) by Axon's auto-configuration. */
    @Bean
    EventUpcaster catalogUpcaster() {
        return new CatalogUpcaster(EventDecoder.standard());
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new UniqueViolationResolver();
    }

    /**
     * One Jackson serializer for events, messages and tokens: readable JSON in bytea, revisions from the catalog, and
     * only the catalog's records and Axon's own types ever loaded by name ({@link CatalogOnlySerializer}).
     */
    @Bean
    @Primary
    Serializer serializer() {
        return jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jackson();
    }

    static Serializer jackson() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new CatalogOnlySerializer(JacksonSerializer.builder()
                .objectMapper(mapper)
                .revisionResolver(new CatalogRevisionResolver()));
    }

    /** Who acted, and why, travels from the command's metadata onto every event it causes. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(ACTOR_ID, ACTOR_ROLE, REASON, COMMAND_ID);
    }

    /** Without Axon's retry scheduler: {@code web.Commands} retries lost races on the request's own thread. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).build();
    }
}
