/**
 * The one place Kafka clients (producers, consumers, admin clients) get their configuration: Spring Boot's
 * {@code spring.kafka.*} keys ({@link io.shiporskip.support.kafka.KafkaSettings}) with the project's rules on top
 * ({@link io.shiporskip.support.kafka.KafkaClients}).
 */
package io.shiporskip.support.kafka;
