package io.shiporskip.query.comparisons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CurrentPageTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aCachedPageWithItsAsOfAddedIsExactlyThePageAsJacksonWritesIt() throws Exception {
        Instant now = Instant.parse("2026-11-26T06:45:01.123456Z");
        byte[] cached = json.writeValueAsBytes(new CurrentPage("a-vs-b", "A vs \"B\"", List.of(), List.of("a", "b")));

        byte[] served = CurrentPage.withAsOf(cached, json.writeValueAsBytes(now));

        assertThat(new String(served)).isEqualTo(json.writeValueAsString(new ComparisonPage("a-vs-b", "A vs \"B\"",
                List.of(), now)));
    }
}
