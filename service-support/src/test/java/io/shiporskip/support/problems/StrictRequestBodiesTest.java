package io.shiporskip.support.problems;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictRequestBodiesTest {

    private final ObjectMapper strict = StrictRequestBodies.strict(new ObjectMapper());

    record Body(String text) {
    }

    @Test
    void plain_text_with_line_breaks_tabs_quotes_and_emoji_passes_verbatim() throws Exception {
        String text = "a\tb\r\nc \"'<script>'; DROP TABLE x; -- \uD83D\uDE80 \u202Eevil";
        assertThat(strict.readValue(strict.writeValueAsString(Map.of("text", text)), Body.class).text())
                .isEqualTo(text);
    }

    @Test
    void nul_other_control_characters_and_unpaired_surrogates_are_refused() {
        for (String escaped : new String[]{"\\u0000", "a\\u0001b", "\\u001b[31m", "\\u007f", "\\ud800", "x\\udc00",
                "\\ud800x"}) {
            assertThatThrownBy(() -> strict.readValue("{\"text\":\"" + escaped + "\"}", Body.class))
                    .as(escaped).isInstanceOf(InvalidFormatException.class);
        }
    }

    @Test
    void numbers_and_booleans_are_not_text() {
        for (String value : new String[]{"7", "1.5", "true", "{\"$gt\":\"\"}", "[\"a\"]"}) {
            assertThatThrownBy(() -> strict.readValue("{\"text\":" + value + "}", Body.class))
                    .as(value).isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class);
        }
    }

    enum Choice { SHIP, SKIP }

    record Vote(Choice choice, int score) {
    }

    private static final String VALID_VOTE = "{\"choice\":\"SKIP\",\"score\":5}";

    @Test
    void enums_take_only_their_exact_names_and_numbers_only_numbers() throws Exception {
        assertThat(strict.readValue(VALID_VOTE, Vote.class)).isEqualTo(new Vote(Choice.SKIP, 5));
        // each body is the valid one with exactly one thing changed, and is refused for that thing (the field named)
        Map<String, String> refusedAt = new java.util.LinkedHashMap<>();
        refusedAt.put("{\"choice\":\"\\u0000SHIP\",\"score\":5}", "choice");
        refusedAt.put("{\"choice\":\"SHIP \",\"score\":5}", "choice");
        refusedAt.put("{\"choice\":\"ship\",\"score\":5}", "choice");
        refusedAt.put("{\"choice\":1,\"score\":5}", "choice");
        refusedAt.put("{\"choice\":\"SKIP\",\"score\":\"5\"}", "score");
        refusedAt.put("{\"choice\":\"SKIP\",\"score\":5.5}", "score");
        refusedAt.put("{\"choice\":\"SKIP\",\"score\":null}", "score");
        refusedAt.put("{\"choice\":\"SKIP\",\"score\":5,\"unknown\":1}", "unknown");
        refusedAt.forEach((body, field) -> assertThatThrownBy(() -> strict.readValue(body, Vote.class)).as(body)
                .isInstanceOfSatisfying(com.fasterxml.jackson.databind.JsonMappingException.class, e -> assertThat(
                        e.getPath().get(e.getPath().size() - 1).getFieldName()).as(e.getMessage()).isEqualTo(field)));
        assertThatThrownBy(() -> strict.readValue("{\"choice\":\"SKIP\",\"score\":5,\"unknown\":1}", Vote.class))
                .isInstanceOf(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class);
    }

    @Test
    void a_missing_number_is_refused_not_read_as_zero() {
        assertThatThrownBy(() -> strict.readValue("{\"choice\":\"SKIP\"}", Vote.class))
                .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class)
                .hasMessageContaining("score");
    }

    @Test
    void a_repeated_key_is_refused_instead_of_the_last_one_winning() {
        assertThatThrownBy(() -> strict.readValue("{\"text\":\"a\",\"text\":\"b\"}", Body.class))
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void anything_after_the_value_is_refused() {
        assertThatThrownBy(() -> strict.readValue("{\"text\":\"a\"}}", Body.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThatThrownBy(() -> strict.readValue("{\"text\":\"a\"} {\"text\":\"b\"}", Body.class))
                .hasMessageContaining("Trailing token");
    }

    @Test
    void the_original_mapper_is_left_as_it_was() throws Exception {
        ObjectMapper original = new ObjectMapper();
        StrictRequestBodies.strict(original);
        assertThat(original.readValue("{\"text\":\"\\u0001\"}", Body.class).text()).isEqualTo("\u0001");
    }
}
