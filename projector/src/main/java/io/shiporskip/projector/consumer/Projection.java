package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;

/** One read model. It is handed each event once, inside the transaction of the batch that carries it. */
public interface Projection {

    void apply(ShipOrSkipEvent event, CloudEvent envelope);
}
