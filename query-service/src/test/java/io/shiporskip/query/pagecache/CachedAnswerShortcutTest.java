package io.shiporskip.query.pagecache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class CachedAnswerShortcutTest {

    private static final byte[] CARD = "{\"id\":\"t\"}".getBytes(StandardCharsets.UTF_8);

    private final CachedAnswerShortcut shortcut = shortcutHolding("tool:t", CARD, "W/\"abc\"");

    private static CachedAnswerShortcut shortcutHolding(String key, byte[] body, String etag) {
        PageCache cache = new PageCache(1 << 20);
        cache.listening(1);
        cache.put(key, new PageCache.Entry(1, body, etag));
        CachedReads reads = new CachedReads(cache, new ObjectMapper(), new SimpleMeterRegistry());
        return new CachedAnswerShortcut(reads, List.of(new CachedRoute("/api/v1/tools/", "tool:",
                Map.of("Cache-Control", "no-cache"), UnaryOperator.identity())));
    }

    private MockHttpServletResponse answer(String method) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain fullPath = new MockFilterChain();
        shortcut.doFilter(new MockHttpServletRequest(method, "/api/v1/tools/t"), response, fullPath);
        assertThat(fullPath.getRequest()).as("left to the full path").isNull();
        return response;
    }

    @Test
    void headIsAnsweredFromMemoryWithGetsHeadersAndLengthButNoBody() throws Exception {
        MockHttpServletResponse get = answer("GET");
        MockHttpServletResponse head = answer("HEAD");

        assertThat(get.getContentAsByteArray()).isEqualTo(CARD);
        assertThat(head.getContentAsByteArray()).isEmpty();
        assertThat(head.getStatus()).isEqualTo(get.getStatus()).isEqualTo(200);
        assertThat(head.getContentLength()).isEqualTo(get.getContentLength()).isEqualTo(CARD.length);
        for (String header : List.of("Content-Type", "ETag", "Cache-Control", "X-Content-Type-Options")) {
            assertThat(head.getHeader(header)).as(header).isEqualTo(get.getHeader(header)).isNotNull();
        }
        assertThat(head.getHeader("ETag")).isEqualTo("W/\"abc\"");
    }

    @Test
    void otherMethodsAndConditionalRequestsGoTheFullWay() throws Exception {
        for (String method : List.of("POST", "OPTIONS", "DELETE")) {
            MockFilterChain fullPath = new MockFilterChain();
            shortcut.doFilter(new MockHttpServletRequest(method, "/api/v1/tools/t"), new MockHttpServletResponse(),
                    fullPath);
            assertThat(fullPath.getRequest()).as(method).isNotNull();
        }
        MockHttpServletRequest conditional = new MockHttpServletRequest("HEAD", "/api/v1/tools/t");
        conditional.addHeader("If-None-Match", "W/\"abc\"");
        MockFilterChain fullPath = new MockFilterChain();
        shortcut.doFilter(conditional, new MockHttpServletResponse(), fullPath);
        assertThat(fullPath.getRequest()).isNotNull();
    }
}
