package io.shiporskip.command.relay;

import io.shiporskip.contracts.ShipOrSkipEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Events about one subject go through one relay segment in store order, whichever aggregate stored them (a tool's
 * listing and its ballots' votes), so Kafka receives them in that order under one key.
 */
final class BySubject implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        return event.getPayload() instanceof ShipOrSkipEvent e ? e.subject() : event.getIdentifier();
    }
}
