/** The CloudEvents 1.0 (structured JSON) form of every event on Kafka. */
package io.shiporskip.contracts.cloudevents;
