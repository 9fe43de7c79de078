package io.shiporskip.query.web;

import io.shiporskip.support.problems.InvalidRequest;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/** Query parameters that are ISO-8601 durations in weeks, days, hours or minutes: P7D, P1W, PT12H, PT10M. */
public final class IsoDurations {

    private IsoDurations() {
    }

    /** The duration, or a 400 naming the parameter when it is not one, not positive, or outside [min, max]. */
    public static Duration parse(String parameter, String value, Duration min, Duration max) {
        Duration duration = parseOrNull(value);
        if (duration == null || duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new InvalidRequest(parameter + " must be an ISO-8601 duration from " + min + " to " + max
                    + ", e.g. P7D, PT12H or PT10M.");
        }
        return duration;
    }

    private static Duration parseOrNull(String value) {
        if (value == null || value.length() > 40) {
            return null;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException notADuration) {
            try {
                Period period = Period.parse(value);
                return period.getYears() == 0 && period.getMonths() == 0 ? Duration.ofDays(period.getDays()) : null;
            } catch (DateTimeParseException notAPeriod) {
                return null;
            }
        }
    }
}
