/** The CloudEvents 1.0 form of every event on Kafka (structured mode, JSON event format, via the CloudEvents SDK). */
package io.shiporskip.contracts.cloudevents;
