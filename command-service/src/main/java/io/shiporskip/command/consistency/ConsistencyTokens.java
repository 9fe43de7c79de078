package io.shiporskip.command.consistency;

import io.shiporskip.command.eventstore.EventMetadata;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Every command's result becomes an {@link Acknowledged} that learns the id of the last event the command stored.
 * Doing it on the buses keeps aggregates free of token plumbing.
 */
@Configuration(proxyBeanMethods = false)
class ConsistencyTokens {

    private static final String ACKNOWLEDGEMENT = ConsistencyTokens.class.getName() + ".acknowledgement";

    @Autowired
    void register(EventBus eventBus, CommandBus commandBus) {
        eventBus.registerDispatchInterceptor(new LastEventRecorder());
        commandBus.registerHandlerInterceptor(acknowledger());
    }

    private static MessageHandlerInterceptor<CommandMessage<?>> acknowledger() {
        return (unitOfWork, chain) -> {
            Acknowledged acknowledged = new Acknowledged();
            unitOfWork.root().resources().put(ACKNOWLEDGEMENT, acknowledged);
            acknowledged.handlerReturned(chain.proceed());
            return acknowledged;
        };
    }

    /** Runs as the command's events are dispatched, in the same unit of work, before they are stored. */
    private static final class LastEventRecorder implements MessageDispatchInterceptor<EventMessage<?>> {
        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, message) -> {
                CurrentUnitOfWork.ifStarted(uow -> {
                    Acknowledged acknowledged = uow.root().getResource(ACKNOWLEDGEMENT);
                    if (acknowledged != null) {
                        acknowledged.eventPublished(message.getIdentifier(),
                                (String) message.getMetaData().get(EventMetadata.COMMAND_ID));
                    }
                });
                return message;
            };
        }
    }
}
