package io.shiporskip.contracts;

/** Kafka topic names that are part of the contract. */
public final class Topics {

    /** Every event, as a CloudEvent keyed by subject. */
    public static final String EVENTS = "shiporskip.events.v1";

    private Topics() {
    }
}
