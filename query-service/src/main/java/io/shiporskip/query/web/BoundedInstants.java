package io.shiporskip.query.web;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Instants in query parameters ({@code asOf}, {@code from}, {@code to}, {@code at}) are ISO-8601 and between 1970 and
 * 9999: java.time parses years ±999,999,999, which neither PostgreSQL nor java.sql.Timestamp can hold. Outside the
 * range the parameter is invalid (400), never a failure deeper down.
 */
@Component
class BoundedInstants implements Converter<String, Instant> {

    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Override
    public Instant convert(String text) {
        Instant instant = Instant.parse(text.trim());
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("instant out of range: " + text);
        }
        return instant;
    }
}
