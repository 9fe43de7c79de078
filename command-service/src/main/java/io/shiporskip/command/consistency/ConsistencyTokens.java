package io.shiporskip.command.consistency;

import io.shiporskip.command.eventstore.EventMetadata;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * One acknowledgement per command, found again by the command id its events carry: a unit of work may hold several
     * commands (group commit), and their events are all dispatched together when it prepares to commit.
     */
    private static MessageHandlerInterceptor<CommandMessage<?>> acknowledger() {
        return (unitOfWork, chain) -> {
            Acknowledged acknowledged = new Acknowledged();
            acknowledgements(unitOfWork.root()).put(commandKey(unitOfWork.getMessage().getMetaData()), acknowledged);
            acknowledged.handlerReturned(chain.proceed());
            return acknowledged;
        };
    }

    private static Map<String, Acknowledged> acknowledgements(UnitOfWork<?> root) {
        return root.getOrComputeResource(ACKNOWLEDGEMENT, key -> new HashMap<>());
    }

    /** The command id that {@code web.Commands} gives every command and that correlation copies onto its events. */
    private static String commandKey(MetaData metaData) {
        Object commandId = metaData.get(EventMetadata.COMMAND_ID);
        return commandId == null ? "" : commandId.toString();
    }

    /** Runs as the command's events are dispatched, in the same unit of work, before they are stored. */
    private static final class LastEventRecorder implements MessageDispatchInterceptor<EventMessage<?>> {
        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, message) -> {
                CurrentUnitOfWork.ifStarted(uow -> {
                    Map<String, Acknowledged> acknowledgements = uow.root().getResource(ACKNOWLEDGEMENT);
                    Acknowledged acknowledged = acknowledgements == null ? null
                            : acknowledgements.get(commandKey(message.getMetaData()));
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
