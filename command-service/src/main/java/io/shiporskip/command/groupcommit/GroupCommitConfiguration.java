package io.shiporskip.command.groupcommit;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command bus: Axon auto-configuration's {@code SimpleCommandBus}, built as it builds it (transaction manager,
 * duplicate-handler resolver, span factory, message monitor, correlation data), with group commit for the commands
 * {@link GroupCommitRouting} names unless {@code shiporskip.group-commit.enabled} is false.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GroupCommitProperties.class)
class GroupCommitConfiguration {

    @Bean(destroyMethod = "close")
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(TransactionManager transactionManager,
                                org.axonframework.config.Configuration axonConfiguration,
                                DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
                                GroupCommitProperties properties, GroupCommitRouting routing, MeterRegistry meters) {
        SimpleCommandBus.Builder builder = SimpleCommandBus.builder()
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(axonConfiguration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axonConfiguration.messageMonitor(CommandBus.class, "commandBus"));
        SimpleCommandBus bus = properties.enabled()
                ? new GroupCommitCommandBus(builder, transactionManager, properties, routing, meters)
                : new PlainCommandBus(builder);
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axonConfiguration.correlationDataProviders()));
        return bus;
    }

    /** Axon's bus unchanged, closable like the batching one (group commit off). */
    static final class PlainCommandBus extends SimpleCommandBus implements AutoCloseable {
        PlainCommandBus(SimpleCommandBus.Builder builder) {
            super(builder);
        }

        @Override
        public void close() {
        }
    }
}
