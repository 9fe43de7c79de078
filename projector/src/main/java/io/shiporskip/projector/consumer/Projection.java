package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;

/**
 * One read model. It is handed each event once, inside the transaction of the batch that carries it. Projections run
 * in their {@code @Order}: those that read other read models (the state history) come after the ones they read.
 */
public interface Projection {

    void apply(ShipOrSkipEvent event, CloudEvent envelope);
}
