package io.shiporskip.command.community;

import io.shiporskip.command.eventstore.CreateIfMissingRepository;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link Ballot}'s repository ({@code @Aggregate(repository = "ballotRepository")}): Axon's event-sourcing
 * repository as Axon's Spring configuration builds it, except that a first vote's empty stream creates the ballot
 * without an exception ({@link CreateIfMissingRepository}). Spring's parameter resolvers stay, so the ballot's
 * handlers still receive the registries.
 */
@Configuration(proxyBeanMethods = false)
class BallotRepositoryConfiguration {

    @Bean
    Repository<Ballot> ballotRepository(EventStore eventStore, org.axonframework.config.Configuration axon) {
        EventSourcingRepository.Builder<Ballot> builder = EventSourcingRepository.builder(Ballot.class)
                .eventStore(eventStore)
                .repositoryProvider(axon::repository)
                .spanFactory(axon.getComponent(RepositorySpanFactory.class));
        builder.parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(Ballot.class));
        return new CreateIfMissingRepository<>(builder);
    }
}
