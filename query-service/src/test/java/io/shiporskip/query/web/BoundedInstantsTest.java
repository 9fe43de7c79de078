package io.shiporskip.query.web;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedInstantsTest {

    private final BoundedInstants instants = new BoundedInstants();

    @Test
    void iso_instants_from_1970_to_9999_pass() {
        assertThat(instants.convert("2026-11-26T10:15:30Z")).isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
        assertThat(instants.convert("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void years_no_database_can_hold_are_refused() {
        for (String text : new String[]{"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> instants.convert(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> instants.convert("2026-13-45T99:99:99Z")).isInstanceOf(DateTimeParseException.class);
    }
}
