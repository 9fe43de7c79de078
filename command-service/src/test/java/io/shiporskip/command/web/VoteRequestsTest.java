package io.shiporskip.command.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests count as votes (not observed, counted): exactly PUT/DELETE of /api/v1/tools/{one segment}/vote. */
class VoteRequestsTest {

    private static boolean vote(String method, String uri) {
        return VoteRequests.isVote(new MockHttpServletRequest(method, uri));
    }

    @Test
    void votes_are_put_and_delete_of_one_tools_vote() {
        assertThat(vote("PUT", "/api/v1/tools/notion/vote")).isTrue();
        assertThat(vote("DELETE", "/api/v1/tools/notion/vote")).isTrue();
        assertThat(vote("PUT", "/api/v1/tools/a/vote")).isTrue();
    }

    @Test
    void nothing_else_is() {
        assertThat(vote("GET", "/api/v1/tools/notion/vote")).isFalse();
        assertThat(vote("POST", "/api/v1/tools/notion/vote")).isFalse();
        assertThat(vote("PUT", "/api/v1/tools//vote")).isFalse();
        assertThat(vote("PUT", "/api/v1/tools/vote")).isFalse();
        assertThat(vote("PUT", "/api/v1/tools/a/b/vote")).isFalse();
        assertThat(vote("PUT", "/api/v1/tools/notion/votes")).isFalse();
        assertThat(vote("PUT", "/api/v1/tools/notion/vote/")).isFalse();
        assertThat(vote("PUT", "/api/v1/tools/notion/reviews/x")).isFalse();
        assertThat(vote("PUT", "/api/v1/me/bookmarks/notion")).isFalse();
        assertThat(vote("PATCH", "/api/v1/tools/notion")).isFalse();
    }
}
