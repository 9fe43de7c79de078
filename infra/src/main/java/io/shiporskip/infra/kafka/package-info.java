/** A real Kafka broker in KRaft mode, started from the Kafka server artifacts. */
package io.shiporskip.infra.kafka;
