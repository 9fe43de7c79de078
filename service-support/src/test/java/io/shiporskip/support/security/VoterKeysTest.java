package io.shiporskip.support.security;

import io.shiporskip.support.problems.InvalidRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoterKeysTest {

    @Test
    void a_key_is_base64url_of_the_utf8_without_padding_and_names_its_subject_again() {
        for (String subject : TokenRulesTest.ACCEPTED) {
            String expected = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(subject.getBytes(StandardCharsets.UTF_8));
            assertThat(VoterKeys.of(subject)).isEqualTo(expected).matches("[A-Za-z0-9_-]+");
            assertThat(VoterKeys.voterId(expected)).isEqualTo(subject);
        }
        assertThat(VoterKeys.of("zoë")).isEqualTo("em_Dqw");
        assertThat(VoterKeys.voterId("em_Dqw==")).as("padding tolerated").isEqualTo("zoë");
    }

    @Test
    void keys_of_no_possible_voter_are_refused_as_400() {
        List<String> refused = List.of("", "A", "not*base64", "a/b", "a+b", "%25",
                VoterKeys.of("   "), VoterKeys.of("a\nb"), VoterKeys.of("z".repeat(256)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[]{(byte) 0xff, (byte) 0xfe}));
        for (String key : refused) {
            assertThatThrownBy(() -> VoterKeys.voterId(key)).as(key).isInstanceOf(InvalidRequest.class);
        }
    }
}
