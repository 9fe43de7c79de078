package io.shiporskip.command.consistency;

import io.shiporskip.contracts.ConsistencyToken;
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
 * Records the id of each event a command publishes, and wraps the command's result in {@link Acknowledged} with the
 * token of the last one. Doing it on the buses keeps aggregates free of token plumbing.
 */
@Configuration(proxyBeanMethods = false)
class ConsistencyTokens {

    private static final String LAST_EVENT_ID = ConsistencyTokens.class.getName() + ".lastEventId";

    @Autowired
    void register(EventBus eventBus, CommandBus commandBus) {
        eventBus.registerDispatchInterceptor(new LastEventRecorder());
        commandBus.registerHandlerInterceptor(acknowledger());
    }

    private static MessageHandlerInterceptor<CommandMessage<?>> acknowledger() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            String eventId = unitOfWork.root().getResource(LAST_EVENT_ID);
            if (eventId == null && result instanceof ReflectsEvent noOp) {
                eventId = noOp.lastEventId();
            }
            return new Acknowledged(result, eventId == null ? null : new ConsistencyToken(eventId).encode());
        };
    }

    private static final class LastEventRecorder implements MessageDispatchInterceptor<EventMessage<?>> {
        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, message) -> {
                CurrentUnitOfWork.ifStarted(uow -> uow.root().resources().put(LAST_EVENT_ID, message.getIdentifier()));
                return message;
            };
        }
    }
}
