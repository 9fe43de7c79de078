package io.shiporskip.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistencyTokenTest {

    @Test
    void bothFormsSurviveTheirEncoding() {
        ConsistencyToken event = ConsistencyToken.ofEvent("0b0c2f1e-9b55-4c0a-bf0f-4a2f7c6f2b51");
        ConsistencyToken command = ConsistencyToken.ofCommand("5d1f-aa", 7);
        assertThat(ConsistencyToken.parse(event.encode())).contains(event);
        assertThat(ConsistencyToken.parse(command.encode())).contains(command);
        assertThat(event.encode()).doesNotContain("=", "+", "/");
    }

    @Test
    void anythingElseIsNotAToken() {
        assertThat(ConsistencyToken.parse("not base64 !")).isEmpty();
        assertThat(ConsistencyToken.parse("")).isEmpty();
        assertThat(ConsistencyToken.parse(java.util.Base64.getUrlEncoder().encodeToString("c1:0:x".getBytes()))).isEmpty();
        assertThat(ConsistencyToken.parse(java.util.Base64.getUrlEncoder().encodeToString("x1:abc".getBytes()))).isEmpty();
    }
}
