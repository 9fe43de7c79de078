package io.shiporskip.query.analytics;

import io.shiporskip.support.problems.NotFound;
import io.shiporskip.query.consistency.ReadYourWrites;
import io.shiporskip.support.problems.InvalidRequest;
import io.shiporskip.query.web.IsoDurations;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

@RestController
class AnalyticsController {

    static final int MAX_POINTS = 10_000;
    private static final Duration MAX_WINDOW = Duration.ofDays(3660);

    private final VoteTrends trends;
    private final JdbcClient jdbc;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    AnalyticsController(VoteTrends trends, JdbcClient jdbc, ReadYourWrites readYourWrites, Clock clock) {
        this.trends = trends;
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @GetMapping(value = "/api/v1/analytics/tools/{toolId}/votes", produces = "application/json")
    Trend votes(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String toolId,
                @RequestParam(defaultValue = "day") String bucket,
                @RequestParam(required = false) Instant from,
                @RequestParam(required = false) Instant to,
                @RequestParam(required = false) List<String> waitFor) {
        readYourWrites.await(waitFor);
        if (jdbc.sql("SELECT count(*) FROM tool_card WHERE tool_id = ? AND name IS NOT NULL").param(toolId)
                .query(Integer.class).single() == 0) {
            throw NotFound.tool(toolId);
        }
        Bucket size = bucket(bucket);
        Instant end = to != null ? to : clock.instant();
        Instant start = size.startOf(from != null ? from : end.minus(Duration.ofDays(30)));
        if (!start.isBefore(end)) {
            throw new InvalidRequest("from must be before to.");
        }
        if (Duration.between(start, end).dividedBy(size.length()) >= MAX_POINTS) {
            throw new InvalidRequest("at most " + MAX_POINTS + " buckets per request; choose a larger bucket.");
        }
        return new Trend(toolId, size.name().toLowerCase(Locale.ROOT), trends.points(toolId, size, start, end));
    }

    @GetMapping(value = "/api/v1/analytics/tools/{toolId}/votes", produces = "text/csv")
    String votesCsv(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String toolId,
                    @RequestParam(defaultValue = "day") String bucket,
                    @RequestParam(required = false) Instant from,
                    @RequestParam(required = false) Instant to,
                    @RequestParam(required = false) List<String> waitFor) {
        return votes(toolId, bucket, from, to, waitFor).toCsv();
    }

    @GetMapping("/api/v1/analytics/movers")
    List<Mover> movers(@RequestParam(defaultValue = "P7D") String window,
                       @RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
        Instant since = clock.instant().minus(IsoDurations.parse("window", window, Duration.ofMinutes(1), MAX_WINDOW))
                .truncatedTo(ChronoUnit.HOURS);
        return trends.movers(since, limit);
    }

    private static Bucket bucket(String name) {
        try {
            return Bucket.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("bucket must be hour, day or week.");
        }
    }
}
