package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.e2e.AuthorizationMatrix.Endpoint;
import io.shiporskip.e2e.AuthorizationMatrix.Role;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.shiporskip.e2e.RunningStack.panelist;
import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP semantics (shared/api.md, "Conditional requests"): an entity tag changes whenever the representation does, so a
 * conditional GET never answers 304 for a body that differs; HEAD answers as GET without a body wherever GET is
 * allowed; an edit's If-Match compares the tool's catalog version, which clients read from the card's {@code version}.
 */
class HttpSemanticsIT {

    private static final String EDITOR = token("ed", "editor");
    private static final String TOOL = "etag-tool";
    private static final String OTHER = "etag-other";
    private static final String COMPARISON = "etag-comparison";

    private static RunningStack stack;
    private static Http commands;
    private static Http queries;
    private static String setUp;

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("http-semantics");
        commands = stack.commands();
        queries = stack.queries();
        List<String> tokens = new ArrayList<>();
        // the authorization matrix's fixtures, so every readable endpoint has something to read
        for (String id : List.of(TOOL, OTHER, "matrix-tool", "matrix-other")) {
            tokens.add(tokenOf(expect(201, commands.post("/api/v1/tools", EDITOR, tool(id, "Tool " + id)))));
        }
        tokens.add(tokenOf(expect(201, commands.post("/api/v1/comparisons", EDITOR,
                Map.of("id", COMPARISON, "title", "ETag comparison", "toolIds", List.of(TOOL, OTHER))))));
        tokens.add(tokenOf(expect(201, commands.post("/api/v1/comparisons", EDITOR,
                Map.of("id", "matrix-comparison", "title", "Matrix", "toolIds", List.of("matrix-tool", "matrix-other"))))));
        tokens.add(tokenOf(expect(200, commands.put("/api/v1/tools/matrix-tool/vote", token("matrix-voter", "voter"),
                Map.of("choice", "SHIP")))));
        setUp = String.join(",", tokens);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void a_tool_cards_entity_tag_changes_with_its_tally_and_panel_and_only_then() {
        String card = "/api/v1/tools/" + TOOL;
        Http.Reply first = expect(200, queries.get(card + "?waitFor=" + setUp, null));
        String e1 = first.header("ETag").orElseThrow();
        assertThat(first.json().get("community").get("ship").asInt()).isZero();

        // a vote: the card the client holds is out of date, so no 304
        String voted = tokenOf(expect(200, commands.put(card + "/vote", token("etag-alice", "voter"),
                Map.of("choice", "SHIP"))));
        Http.Reply afterVote = conditionalGet(card + "?waitFor=" + voted, e1);
        assertThat(afterVote.status()).isEqualTo(200);
        assertThat(afterVote.json().get("community").get("ship").asInt()).isEqualTo(1);
        assertThat(afterVote.json().get("version").asInt()).isEqualTo(1);
        String e2 = afterVote.header("ETag").orElseThrow();
        assertThat(e2).isNotEqualTo(e1);
        // the same content from memory (no query string: the page cache's shortcut when it holds the card)
        assertThat(queries.get(card, null).header("ETag")).hasValue(e2);
        assertThat(queries.get(card, null).header("ETag")).hasValue(e2);

        // a new panel take: likewise
        String reviewed = tokenOf(expect(200, commands.put(card + "/reviews/BUILDER", panelist("pat", "BUILDER"),
                Map.of("score", 88, "verdict", "SHIP", "text", "Clean primitive."))));
        Http.Reply afterReview = conditionalGet(card + "?waitFor=" + reviewed, e2);
        assertThat(afterReview.status()).isEqualTo(200);
        assertThat(afterReview.json().get("reviews").get("BUILDER").get("score").asInt()).isEqualTo(88);
        assertThat(afterReview.json().get("panel").get("verdict").asText()).isEqualTo("SHIP");
        assertThat(afterReview.json().get("version").asInt()).isEqualTo(1);
        String e3 = afterReview.header("ETag").orElseThrow();
        assertThat(e3).isNotIn(e1, e2);

        // nothing changed: 304 with the same tag and no body, on both paths
        Http.Reply unchanged = conditionalGet(card, e3);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).hasValue(e3);
        assertThat(unchanged.body()).isEmpty();
        assertThat(conditionalGet(card + "?waitFor=" + reviewed, e3).status()).isEqualTo(304);
        assertThat(conditionalGet(card, e1).status()).isEqualTo(200);
    }

    @Test
    void a_comparison_pages_entity_tag_changes_with_its_tools_tallies_and_panels_and_only_then() {
        String page = "/api/v1/comparisons/" + COMPARISON;
        Http.Reply first = expect(200, queries.get(page + "?waitFor=" + setUp, null));
        String e1 = first.header("ETag").orElseThrow();

        String voted = tokenOf(expect(200, commands.put("/api/v1/tools/" + OTHER + "/vote",
                token("etag-bob", "voter"), Map.of("choice", "SKIP"))));
        Http.Reply afterVote = conditionalGet(page + "?waitFor=" + voted, e1);
        assertThat(afterVote.status()).isEqualTo(200);
        assertThat(cardOn(afterVote, OTHER).get("community").get("skip").asInt()).isEqualTo(1);
        String e2 = afterVote.header("ETag").orElseThrow();
        assertThat(e2).isNotEqualTo(e1);
        assertThat(queries.get(page, null).header("ETag")).hasValue(e2);
        assertThat(queries.get(page, null).header("ETag")).hasValue(e2);

        String reviewed = tokenOf(expect(200, commands.put("/api/v1/tools/" + OTHER + "/reviews/SKEPTIC",
                panelist("sam", "SKEPTIC"), Map.of("score", 30, "verdict", "SKIP", "text", "Not yet."))));
        Http.Reply afterReview = conditionalGet(page + "?waitFor=" + reviewed, e2);
        assertThat(afterReview.status()).isEqualTo(200);
        assertThat(cardOn(afterReview, OTHER).get("reviews").get("SKEPTIC").get("score").asInt()).isEqualTo(30);
        String e3 = afterReview.header("ETag").orElseThrow();
        assertThat(e3).isNotIn(e1, e2);

        Http.Reply unchanged = conditionalGet(page, e3);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).hasValue(e3);
        assertThat(unchanged.body()).isEmpty();
        assertThat(conditionalGet(page, e1).status()).isEqualTo(200);
    }

    /**
     * Every readable endpoint of the authorization matrix, by each caller who may read it (and anonymously): HEAD
     * answers GET's status, content type, entity tag and length, without a body. A current page's length can differ
     * between two answers with its {@code asOf} (the instant it is sent), and reports' with their time window, so
     * the comparison is retried for a few seconds; any lasting difference fails.
     */
    @Test
    void head_answers_like_get_without_a_body_on_every_readable_endpoint() {
        // GET first: current pages and cards are then in memory, so HEAD meets the page cache's shortcut too
        queries.get("/api/v1/comparisons/matrix-comparison?waitFor=" + setUp, null);
        queries.get("/api/v1/tools/matrix-tool?waitFor=" + setUp, null);
        int compared = 0;
        for (Endpoint endpoint : AuthorizationMatrix.ENDPOINTS) {
            if (!endpoint.method().equals("GET")) {
                continue;
            }
            Http http = new Http(stack.fleet.baseUrl(endpoint.service()));
            for (Map.Entry<String, String> caller : readersOf(endpoint).entrySet()) {
                String path = endpoint.concretePath();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    Http.Reply get = http.get(path, caller.getValue());
                    Http.Reply head = http.send("HEAD", path, caller.getValue(), null, "application/json");
                    String what = "HEAD " + path + " as " + caller.getKey();
                    assertThat(head.status()).as(what).isEqualTo(get.status());
                    assertThat(head.body()).as(what).isEmpty();
                    for (String header : List.of("Content-Type", "ETag", "Cache-Control", "Content-Length")) {
                        assertThat(head.header(header)).as(what + ": " + header).isEqualTo(get.header(header));
                    }
                });
                compared++;
            }
        }
        // anonymously: 3 public reads; and by each allowed role and an admin: 4 for moderators and analysts,
        // 3 for moderators (vote bursts, a voter's history by id and by key), 2 for voters, 4 projector reads for
        // moderators
        assertThat(compared).isEqualTo(3 + 4 * 4 + 3 * 3 + 2 * 3 + 4 * 3);
    }

    @Test
    void head_is_conditional_like_get() {
        String card = "/api/v1/tools/" + TOOL;
        String etag = expect(200, queries.get(card, null)).header("ETag").orElseThrow();
        Http.Reply head = queries.sendWithHeader("HEAD", card, null, null, "If-None-Match", etag);
        assertThat(head.status()).isEqualTo(304);
        assertThat(head.header("ETag")).hasValue(etag);
    }

    @Test
    void an_edit_matches_the_catalog_version_read_from_the_card() {
        String edited = "etag-edited";
        String listed = tokenOf(expect(201, commands.post("/api/v1/tools", EDITOR, tool(edited, "Edited"))));
        String card = "/api/v1/tools/" + edited;
        // a vote does not change the catalog version: the If-Match below still matches
        String voted = tokenOf(expect(200, commands.put(card + "/vote", token("etag-carol", "voter"),
                Map.of("choice", "SHIP"))));
        Http.Reply read = expect(200, queries.get(card + "?waitFor=" + listed + "," + voted, null));
        long version = read.json().get("version").asLong();
        assertThat(version).isEqualTo(1);
        // the card's entity tag is not a version, and is refused as one
        Http.Reply withEtag = commands.sendWithHeader("PATCH", card, EDITOR, Map.of("tagline", "Wrong tag"),
                "If-Match", read.header("ETag").orElseThrow());
        assertThat(withEtag.status()).isEqualTo(400);
        assertThat(withEtag.json().get("type").asText()).isEqualTo("https://shiporskip.io/problems/validation");

        Http.Reply edit = commands.sendWithHeader("PATCH", card, EDITOR, Map.of("tagline", "Sharper"),
                "If-Match", "\"" + version + "\"");
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        assertThat(edit.json().get("version").asLong()).isEqualTo(2);
        assertThat(edit.header("Tool-Version")).hasValue("2");

        Http.Reply stale = commands.sendWithHeader("PATCH", card, EDITOR, Map.of("tagline", "Sharpest"),
                "If-Match", "\"" + version + "\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("type").asText()).isEqualTo("https://shiporskip.io/problems/stale-version");

        JsonNode after = expect(200, queries.get(card + "?waitFor=" + tokenOf(edit), null)).json();
        assertThat(after.get("version").asLong()).isEqualTo(2);
        assertThat(after.get("tagline").asText()).isEqualTo("Sharper");
    }

    /** Anonymous, then a token for each role the matrix allows, then an admin; public endpoints: anonymous only. */
    private static Map<String, String> readersOf(Endpoint endpoint) {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        if (endpoint.isPublic()) {
            return callers;
        }
        for (Role role : endpoint.roles()) {
            String name = role.name().toLowerCase();
            callers.put(name, token("head-" + name, name));
        }
        callers.put("admin", token("head-admin", "admin"));
        return callers;
    }

    private static Http.Reply conditionalGet(String path, String etag) {
        return queries.sendWithHeader("GET", path, null, null, "If-None-Match", etag);
    }

    private static JsonNode cardOn(Http.Reply page, String toolId) {
        for (JsonNode card : page.json().get("tools")) {
            if (card.get("id").asText().equals(toolId)) {
                return card;
            }
        }
        throw new AssertionError(toolId + " not on " + page.body());
    }

    private static Http.Reply expect(int status, Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return reply;
    }

    private static String tokenOf(Http.Reply reply) {
        return reply.header("Consistency-Token")
                .orElseThrow(() -> new AssertionError("no token: " + reply.status() + " " + reply.body()));
    }
}
