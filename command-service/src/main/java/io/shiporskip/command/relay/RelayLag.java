package io.shiporskip.command.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the relay is behind the event store: events stored after the slowest relay segment's position (an upper
 * bound: a segment skips other segments' events), and the age of the oldest of them. Measured every few seconds.
 */
@Component
class RelayLag {

    private static final Logger log = LoggerFactory.getLogger(RelayLag.class);

    private final JdbcClient jdbc;
    private final AtomicLong events = new AtomicLong(-1);
    private final AtomicLong seconds = new AtomicLong(-1);

    RelayLag(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("shiporskip.relay.lag.events", events, AtomicLong::get)
                .description("events stored but not yet published to Kafka, at most (-1: unknown)").register(meters);
        Gauge.builder("shiporskip.relay.lag.seconds", seconds, AtomicLong::get)
                .description("age of the oldest event not yet published (-1: unknown)").register(meters);
    }

    @Scheduled(fixedDelayString = "${shiporskip.lag-interval:5s}", initialDelayString = "2s")
    void measure() {
        try {
            // one statement every interval: the relay's position and what lies beyond it
            var behind = jdbc.sql("SELECT count(*) AS n, min(time_stamp) AS oldest FROM domain_event_entry "
                    + "WHERE global_index > coalesce((" + RelayPosition.SQL + "), -1)")
                    .param(KafkaRelay.PROCESSING_GROUP).query().singleRow();
            long count = ((Number) behind.get("n")).longValue();
            events.set(count);
            seconds.set(count == 0 || behind.get("oldest") == null ? 0
                    : Math.max(0, Duration.between(Instant.parse((String) behind.get("oldest")), Instant.now()).toSeconds()));
        } catch (RuntimeException e) {
            log.debug("could not measure relay lag", e);
            events.set(-1);
            seconds.set(-1);
        }
    }
}
