package io.shiporskip.query.moderation;

import io.shiporskip.query.consistency.ReadYourWrites;
import io.shiporskip.query.web.IsoDurations;
import io.shiporskip.support.problems.InvalidRequest;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/moderation/vote-bursts}: the anti-brigading signal (moderators; docs/api.md). */
@RestController
class VoteBurstController {

    private final VoteBursts bursts;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    VoteBurstController(VoteBursts bursts, ReadYourWrites readYourWrites, Clock clock) {
        this.bursts = bursts;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @GetMapping("/api/v1/moderation/vote-bursts")
    VoteBurstReport voteBursts(@RequestParam(defaultValue = "PT15M") String window,
                               @RequestParam(defaultValue = "P7D") String baseline,
                               @RequestParam(required = false) Instant at,
                               @RequestParam(defaultValue = "20") @Min(1) @Max(1_000_000) long minVotes,
                               @RequestParam(defaultValue = "5") @DecimalMin("1") @DecimalMax("1000") double factor,
                               @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
                               @RequestParam(required = false) List<String> waitFor) {
        readYourWrites.await(waitFor);
        Duration windowLength = IsoDurations.parse("window", window, Duration.ofSeconds(10), Duration.ofDays(1));
        Duration baselineLength = IsoDurations.parse("baseline", baseline, Duration.ofHours(1), Duration.ofDays(90));
        Instant end = at != null ? at : clock.instant();
        if (end.isAfter(clock.instant().plusSeconds(60)) || end.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            throw new InvalidRequest("at must be an instant between 2000 and now.");
        }
        return bursts.find(new VoteBursts.Criteria(end, windowLength, baselineLength, minVotes, factor, limit));
    }
}
