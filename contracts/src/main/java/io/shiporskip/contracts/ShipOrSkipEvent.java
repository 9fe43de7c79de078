package io.shiporskip.contracts;

/**
 * An event of the Ship or Skip stream. The subject is the tool or comparison the event is about: it is the Kafka
 * key, so one subject's events stay in order in one partition.
 */
public interface ShipOrSkipEvent {

    String subject();
}
