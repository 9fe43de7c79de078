package io.shiporskip.projector.deadletters;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/** Health is DEGRADED (still HTTP 200) while any event is parked: someone has to retry or skip it. */
@Component("deadLettersHealthIndicator")
class DeadLetterHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "events are parked as dead letters");

    private final DeadLetters deadLetters;

    DeadLetterHealth(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        long parked = deadLetters.parked();
        return (parked == 0 ? Health.up() : Health.status(DEGRADED)).withDetail("parked", parked)
                .withDetail("waiting", deadLetters.waiting()).build();
    }
}
