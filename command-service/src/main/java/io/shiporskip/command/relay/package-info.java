/** The relay: an Axon streaming processor that publishes stored events to Kafka as CloudEvents, at least once, in order per subject. */
package io.shiporskip.command.relay;
