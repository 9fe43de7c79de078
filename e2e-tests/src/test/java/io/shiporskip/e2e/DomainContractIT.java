package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.seed.SeedLoader;
import io.shiporskip.infra.testing.EventTopicReader;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.tokens.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.shiporskip.e2e.RunningStack.panelist;
import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;

/** Every domain rule of design.md §3, driven through the real HTTP API of the three running services. */
class DomainContractIT {

    private static RunningStack stack;
    private static Http commands;
    private static Http queries;
    private static final String EDITOR = token("ed", "editor");
    private static final String MODERATOR = token("mod", "moderator");

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("domain-contract");
        commands = stack.commands();
        queries = stack.queries();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            // after every rule above: the read models equal a full recomputation from the event store
            RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(io.shiporskip.infra.stack.Service.PROJECTOR));
        } finally {
            stack.close();
        }
    }

    /** Lists a tool; returns its consistency token. */
    private static String list(String id) {
        Http.Reply reply = commands.post("/api/v1/tools", EDITOR, tool(id, "Tool " + id));
        assertThat(reply.status()).isEqualTo(201);
        return tokenOf(reply);
    }

    private static JsonNode card(String toolId, String token) {
        Http.Reply reply = queries.get("/api/v1/tools/" + toolId + (token == null ? "" : "?waitFor=" + token), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String tokenOf(Http.Reply reply) {
        return reply.header("Consistency-Token").orElseThrow(() -> new AssertionError("no token: " + reply.status() + " " + reply.body()));
    }

    private static Map<String, Object> reason(String why) {
        return Map.of("reason", why);
    }

    // --- seed page -------------------------------------------------------------------------------------------

    @Test
    void the_seed_page_is_served_word_for_word_and_seeding_again_stores_nothing() throws Exception {
        SeedLoader loader = new SeedLoader(stack.fleet.baseUrl(io.shiporskip.infra.stack.Service.COMMAND),
                stack.fleet.baseUrl(io.shiporskip.infra.stack.Service.QUERY), DevTokens.LOCAL_DEV_SECRET);
        String id = loader.loadSeedPage();
        JsonNode seed;
        try (InputStream in = SeedLoader.class.getResourceAsStream(SeedLoader.SEED_PAGE)) {
            seed = new ObjectMapper().readTree(in);
        }
        JsonNode page = queries.get("/api/v1/comparisons/" + id, null).json();

        assertThat(page.get("title").asText()).isEqualTo("SmolVLM 2.5 vs Vercel AI Gateway (v0)");
        assertThat(page.get("tools")).hasSize(2);
        JsonNode smol = page.get("tools").get(0);
        JsonNode vercel = page.get("tools").get(1);
        assertThat(smol.get("id").asText()).isEqualTo("smolvlm-2-5");
        assertThat(vercel.get("id").asText()).isEqualTo("vercel-ai-gateway-v0");
        for (int i = 0; i < 2; i++) {
            JsonNode expected = seed.get("tools").get(i);
            JsonNode actual = page.get("tools").get(i);
            for (String field : List.of("name", "tagline", "description", "category", "bestFor")) {
                assertThat(actual.get(field).asText()).as(field).isEqualTo(expected.get(field).asText());
            }
            assertThat(actual.get("pricing")).isEqualTo(expected.get("pricing"));
            assertThat(actual.get("panel").get("verdict").asText()).isEqualTo("SHIP");
            assertThat(actual.get("panel").get("ship").asInt()).isEqualTo(4);
            assertThat(actual.get("panel").get("skip").asInt()).isZero();
            assertThat(actual.get("panel").get("shipPercent").asInt()).isEqualTo(100);
            assertThat(actual.get("community").toString()).isEqualTo("{\"ship\":0,\"skip\":0,\"total\":0,\"shipPercent\":null}");
        }
        assertThat(smol.get("panel").get("averageScore").decimalValue()).isEqualByComparingTo("83.3");
        assertThat(vercel.get("panel").get("averageScore").decimalValue()).isEqualByComparingTo("77.5");
        assertThat(smol.get("reviews").get("PM").isNull()).isTrue();
        assertThat(vercel.get("reviews").get("FUTURIST").isNull()).isTrue();
        for (JsonNode review : seed.get("reviews")) {
            JsonNode tool = review.get("toolId").asText().equals("smolvlm-2-5") ? smol : vercel;
            JsonNode shown = tool.get("reviews").get(review.get("persona").asText());
            assertThat(shown.get("score").asInt()).isEqualTo(review.get("score").asInt());
            assertThat(shown.get("verdict").asText()).isEqualTo(review.get("verdict").asText());
            assertThat(shown.get("text").asText()).isEqualTo(review.get("text").asText());
        }
        assertThat(smol.get("reviews").get("BUILDER").get("score").asInt()).isEqualTo(88);
        assertThat(vercel.get("reviews").get("PM").get("score").asInt()).isEqualTo(76);

        // the shipped seed is the real page, word for word: the original (shared/ beside the repository, or where
        // shiporskip.seed.original points) must be there, a missing one fails rather than skipping the check
        Path original = Path.of(System.getProperty("shiporskip.seed.original", Path.of(System.getProperty(
                "shiporskip.repository", "..")).resolve("../shared/seed/comparison-page.txt").toString()));
        assertThat(original).as("the original seed page the shipped one must equal").isRegularFile();
        String text = Files.readString(original);
        page.get("tools").forEach(t -> {
            assertThat(text).contains(t.get("name").asText(), t.get("tagline").asText(), t.get("description").asText(),
                    t.get("pricing").get("details").asText(), t.get("pricing").get("entry").asText());
            t.get("reviews").forEach(r -> {
                if (!r.isNull()) {
                    assertThat(text).contains(r.get("text").asText(),
                            r.get("score").asInt() + "/100 · " + r.get("verdict").asText().toLowerCase());
                }
            });
        });

        long before = stack.storedEvents();
        loader.loadSeedPage();
        assertThat(stack.storedEvents()).isEqualTo(before);
    }

    // --- catalog ---------------------------------------------------------------------------------------------

    @Test
    void an_edit_bumps_the_version_records_old_and_new_values_and_a_stale_if_match_is_412() {
        list("edit-tool");
        Http.Reply edited = commands.send("PATCH", "/api/v1/tools/edit-tool", EDITOR,
                Map.of("pricing", Map.of("entry", "Paid", "details", "From $10/mo"), "reason", "New pricing page"),
                "application/json");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);

        Http.Reply stale = withIfMatch("edit-tool", "\"1\"", Map.of("tagline", "Too late"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("type").asText()).endsWith("/stale-version");
        Http.Reply current = withIfMatch("edit-tool", "\"2\"", Map.of("tagline", "Right on time"));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("version").asInt()).isEqualTo(3);

        long before = stack.storedEvents();
        Http.Reply noop = withIfMatch("edit-tool", "\"3\"", Map.of("tagline", "Right on time"));
        assertThat(noop.status()).isEqualTo(200);
        assertThat(noop.json().get("version").asInt()).isEqualTo(3);
        assertThat(stack.storedEvents()).isEqualTo(before);

        JsonNode card = card("edit-tool", tokenOf(noop));
        assertThat(card.get("version").asInt()).isEqualTo(3);
        assertThat(card.get("tagline").asText()).isEqualTo("Right on time");
        assertThat(card.get("pricing").get("entry").asText()).isEqualTo("Paid");
        assertThat(card.get("pricing").get("model").asText()).isEqualTo("FREEMIUM");

        var edits = EventTopicReader.readUntil(TestKafka.bootstrapServers(), stack.topic,
                r -> r.stream().filter(x -> x.event().type().contains("ToolEdited") && "edit-tool".equals(x.key())).count() >= 2,
                Duration.ofSeconds(30)).stream().filter(x -> x.event().type().contains("ToolEdited")
                && "edit-tool".equals(x.key())).toList();
        JsonNode first = edits.get(0).event().data();
        assertThat(first.get("version").asInt()).isEqualTo(2);
        assertThat(first.get("changes").toString())
                .isEqualTo("[{\"field\":\"pricing.entry\",\"from\":\"Free\",\"to\":\"Paid\"},"
                        + "{\"field\":\"pricing.details\",\"from\":\"Free tier, paid teams\",\"to\":\"From $10/mo\"}]");
        assertThat(edits.get(0).event().reason()).isEqualTo("New pricing page");
        assertThat(edits.get(0).event().actorid()).isEqualTo("ed");
    }

    private static Http.Reply withIfMatch(String toolId, String ifMatch, Map<String, Object> body) {
        return new Http(stack.fleet.baseUrl(io.shiporskip.infra.stack.Service.COMMAND))
                .sendWithHeader("PATCH", "/api/v1/tools/" + toolId, EDITOR, body, "If-Match", ifMatch);
    }

    @Test
    void twenty_concurrent_edits_with_the_same_if_match_give_one_success_and_nineteen_412s() throws Exception {
        list("contended-tool");
        List<Callable<Integer>> edits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            edits.add(() -> withIfMatch("contended-tool", "\"1\"", Map.of("tagline", "Edit " + n)).status());
        }
        List<Integer> statuses = runAtOnce(edits);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412).hasSize(19);

        List<Callable<Integer>> blind = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            blind.add(() -> commands.patch("/api/v1/tools/contended-tool", EDITOR, Map.of("description", "Blind " + n)).status());
        }
        assertThat(runAtOnce(blind)).containsOnly(200);
        String last = tokenOf(commands.patch("/api/v1/tools/contended-tool", EDITOR, Map.of("category", "Done")));
        // every accepted edit is one version: none was lost to a concurrent one
        assertThat(card("contended-tool", last).get("version").asInt()).isEqualTo(1 + 1 + 20 + 1);
    }

    @Test
    void a_comparison_has_two_to_four_distinct_listed_tools_and_a_unique_id() {
        String a = list("cmp-a");
        list("cmp-b");
        String c = list("cmp-c");
        Http.Reply created = commands.post("/api/v1/comparisons", EDITOR,
                Map.of("title", "Cmp A vs Cmp C", "toolIds", List.of("cmp-a", "cmp-c")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("cmp-a-vs-cmp-c");
        assertThat(commands.post("/api/v1/comparisons", EDITOR, Map.of("title", "One", "toolIds", List.of("cmp-a"))).status()).isEqualTo(400);
        assertThat(commands.post("/api/v1/comparisons", EDITOR, Map.of("title", "Five", "toolIds",
                List.of("cmp-a", "cmp-b", "cmp-c", "edit-tool", "x"))).status()).isEqualTo(400);
        Http.Reply twice = commands.post("/api/v1/comparisons", EDITOR, Map.of("title", "Twice", "toolIds", List.of("cmp-a", "cmp-a")));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("type").asText()).endsWith("/invalid-comparison");
        assertThat(commands.post("/api/v1/comparisons", EDITOR, Map.of("title", "Ghost", "toolIds", List.of("cmp-a", "ghost"))).status()).isEqualTo(404);
        assertThat(commands.post("/api/v1/comparisons", EDITOR, Map.of("id", "cmp-a-vs-cmp-c", "title", "Again",
                "toolIds", List.of("cmp-a", "cmp-b"))).status()).isEqualTo(409);

        // a page spans partitions: wait for each write it shows
        JsonNode page = queries.get("/api/v1/comparisons/cmp-a-vs-cmp-c?waitFor=" + String.join(",", tokenOf(created), a, c), null).json();
        assertThat(page.get("tools").findValuesAsText("id")).containsExactly("cmp-a", "cmp-c");
        JsonNode all = queries.get("/api/v1/comparisons", null).json();
        assertThat(all.findValuesAsText("id")).contains("cmp-a-vs-cmp-c");
        assertThat(queries.get("/api/v1/comparisons/nope", null).status()).isEqualTo(404);
    }

    // --- panel -----------------------------------------------------------------------------------------------

    @Test
    void panelists_write_only_as_their_persona_and_verdicts_follow_the_visible_reviews() {
        list("panel-tool");
        String builder = panelist("pat", "BUILDER");
        Http.Reply first = commands.put("/api/v1/tools/panel-tool/reviews/BUILDER", builder,
                Map.of("score", 90, "verdict", "SHIP", "text", "Great primitive."));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("revision").asInt()).isEqualTo(1);
        Http.Reply asOther = commands.put("/api/v1/tools/panel-tool/reviews/SKEPTIC", builder,
                Map.of("score", 10, "verdict", "SKIP", "text", "Impostor."));
        assertThat(asOther.status()).isEqualTo(403);
        assertThat(asOther.json().get("type").asText()).endsWith("/wrong-persona");
        assertThat(commands.put("/api/v1/tools/panel-tool/reviews/BUILDER", token("v", "voter"),
                Map.of("score", 1, "verdict", "SKIP", "text", "x")).status()).isEqualTo(403);

        Http.Reply revised = commands.put("/api/v1/tools/panel-tool/reviews/BUILDER", builder,
                Map.of("score", 71, "verdict", "SHIP", "text", "Still good."));
        assertThat(revised.json().get("revision").asInt()).isEqualTo(2);
        String skeptic = tokenOf(commands.put("/api/v1/tools/panel-tool/reviews/SKEPTIC", panelist("sam", "SKEPTIC"),
                Map.of("score", 40, "verdict", "SKIP", "text", "Not convinced.")));
        JsonNode split = card("panel-tool", skeptic).get("panel");
        assertThat(split.toString()).isEqualTo("{\"verdict\":\"SPLIT\",\"ship\":1,\"skip\":1,\"shipPercent\":50,\"averageScore\":55.5}");

        String hidden = tokenOf(commands.post("/api/v1/moderation/tools/panel-tool/reviews/SKEPTIC/hide", MODERATOR, reason("Off-topic")));
        JsonNode afterHide = card("panel-tool", hidden);
        assertThat(afterHide.get("reviews").get("SKEPTIC").isNull()).isTrue();
        assertThat(afterHide.get("panel").get("verdict").asText()).isEqualTo("SHIP");
        assertThat(afterHide.get("panel").get("averageScore").decimalValue()).isEqualByComparingTo("71.0");
        String unhidden = tokenOf(commands.post("/api/v1/moderation/tools/panel-tool/reviews/SKEPTIC/unhide", MODERATOR, reason("Appeal upheld")));
        assertThat(card("panel-tool", unhidden).get("reviews").get("SKEPTIC").get("text").asText()).isEqualTo("Not convinced.");

        Http.Reply withdrawn = commands.delete("/api/v1/tools/panel-tool/reviews/BUILDER", builder);
        assertThat(withdrawn.status()).isEqualTo(204);
        JsonNode afterWithdraw = card("panel-tool", tokenOf(withdrawn));
        assertThat(afterWithdraw.get("reviews").get("BUILDER").isNull()).isTrue();
        assertThat(afterWithdraw.get("panel").get("verdict").asText()).isEqualTo("SKIP");
        assertThat(commands.delete("/api/v1/tools/panel-tool/reviews/BUILDER", builder).status()).isEqualTo(404);
    }

    // --- community -------------------------------------------------------------------------------------------

    @Test
    void fifty_voters_voting_on_one_tool_at_once_are_all_counted() throws Exception {
        list("crowd-tool");
        List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Callable<Integer>> votes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String voter = token("crowd-" + i, "voter");
            String choice = i < 30 ? "SHIP" : "SKIP";
            votes.add(() -> {
                Http.Reply reply = commands.put("/api/v1/tools/crowd-tool/vote", voter, Map.of("choice", choice));
                tokens.add(tokenOf(reply));
                return reply.status();
            });
        }
        assertThat(runAtOnce(votes)).containsOnly(200);
        // read-your-writes is per write: each voter's token shows at least their own vote
        tokens.forEach(t -> assertThat(card("crowd-tool", t).get("community").get("total").asInt()).isPositive());
        assertThat(card("crowd-tool", tokens.get(0)).get("community").toString())
                .isEqualTo("{\"ship\":30,\"skip\":20,\"total\":50,\"shipPercent\":60}");
    }

    @Test
    void a_locked_tool_refuses_votes_until_unlocked() {
        list("lock-tool");
        String alice = token("lock-alice", "voter");
        assertThat(commands.put("/api/v1/tools/lock-tool/vote", alice, Map.of("choice", "SHIP")).status()).isEqualTo(200);
        Http.Reply locked = commands.post("/api/v1/moderation/tools/lock-tool/lock", MODERATOR, reason("Brigading"));
        assertThat(locked.status()).isEqualTo(200);
        Http.Reply refused = commands.put("/api/v1/tools/lock-tool/vote", token("lock-bob", "voter"), Map.of("choice", "SHIP"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/tool-locked");
        assertThat(commands.delete("/api/v1/tools/lock-tool/vote", alice).status()).isEqualTo(409);
        assertThat(card("lock-tool", tokenOf(locked)).get("locked").asBoolean()).isTrue();
        assertThat(commands.post("/api/v1/moderation/tools/lock-tool/unlock", MODERATOR, reason("Calm again")).status()).isEqualTo(200);
        String bob = tokenOf(commands.put("/api/v1/tools/lock-tool/vote", token("lock-bob", "voter"), Map.of("choice", "SKIP")));
        JsonNode card = card("lock-tool", bob);
        assertThat(card.get("locked").asBoolean()).isFalse();
        assertThat(card.get("community").get("total").asInt()).isEqualTo(2);
        assertThat(commands.post("/api/v1/moderation/tools/ghost-tool/lock", MODERATOR, reason("x")).status()).isEqualTo(404);
    }

    @Test
    void suspending_a_voter_voids_all_their_votes_refuses_new_ones_and_reinstating_restores_nothing() {
        list("sus-a");
        list("sus-b");
        String mallory = token("mallory", "voter");
        commands.put("/api/v1/tools/sus-a/vote", mallory, Map.of("choice", "SHIP"));
        commands.put("/api/v1/tools/sus-b/vote", mallory, Map.of("choice", "SKIP"));
        commands.put("/api/v1/tools/sus-a/vote", token("honest", "voter"), Map.of("choice", "SHIP"));

        Http.Reply suspended = commands.post("/api/v1/moderation/voters/mallory/suspend", MODERATOR, reason("Vote ring"));
        assertThat(suspended.status()).isEqualTo(202);
        String after = tokenOf(suspended);
        assertThat(card("sus-a", after).get("community").toString()).isEqualTo("{\"ship\":1,\"skip\":0,\"total\":1,\"shipPercent\":100}");
        assertThat(card("sus-b", after).get("community").get("total").asInt()).isZero();
        Http.Reply refused = commands.put("/api/v1/tools/sus-a/vote", mallory, Map.of("choice", "SHIP"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("/voter-suspended");
        assertThat(stack.count("SELECT count(*) FROM event_store.domain_event_entry WHERE payload_type LIKE '%VoteVoided'"
                + " AND aggregate_identifier LIKE 'ballot:sus-%:mallory'")).isEqualTo(2);

        String reinstated = tokenOf(commands.post("/api/v1/moderation/voters/mallory/reinstate", MODERATOR, reason("Cleared")));
        assertThat(card("sus-b", reinstated).get("community").get("total").asInt()).isZero();
        assertThat(queries.get("/api/v1/me/votes?waitFor=" + reinstated + "," + after, mallory).json()).isEmpty();
        assertThat(commands.put("/api/v1/tools/sus-b/vote", mallory, Map.of("choice", "SHIP")).status()).isEqualTo(200);
    }

    @Test
    void a_moderator_voids_one_vote() {
        list("void-tool");
        String v = token("voidee", "voter");
        commands.put("/api/v1/tools/void-tool/vote", v, Map.of("choice", "SKIP"));
        Http.Reply voided = commands.post("/api/v1/moderation/tools/void-tool/votes/voidee/void", MODERATOR, reason("Spam"));
        assertThat(voided.status()).isEqualTo(200);
        assertThat(card("void-tool", tokenOf(voided)).get("community").get("total").asInt()).isZero();
        assertThat(commands.post("/api/v1/moderation/tools/void-tool/votes/voidee/void", MODERATOR, reason("Again")).status()).isEqualTo(404);
        assertThat(commands.post("/api/v1/moderation/tools/void-tool/votes/voidee/void", MODERATOR, Map.of()).status()).isEqualTo(400);
        assertThat(commands.post("/api/v1/moderation/tools/void-tool/votes/voidee/void", v, reason("self")).status()).isEqualTo(403);
    }

    @Test
    void bookmarks_and_votes_are_the_voters_own() {
        list("mark-a");
        list("mark-b");
        String reader = token("reader", "voter");
        assertThat(commands.put("/api/v1/me/bookmarks/mark-a", reader, null).status()).isEqualTo(204);
        String markedB = tokenOf(commands.put("/api/v1/me/bookmarks/mark-b", reader, null));
        assertThat(commands.put("/api/v1/me/bookmarks/mark-b", reader, null).status()).isEqualTo(204);
        Http.Reply removed = commands.delete("/api/v1/me/bookmarks/mark-a", reader);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(commands.put("/api/v1/me/bookmarks/ghost", reader, null).status()).isEqualTo(404);
        String voted = tokenOf(commands.put("/api/v1/tools/mark-a/vote", reader, Map.of("choice", "SHIP")));

        // bookmarks of different tools travel in different partitions: one token per write
        assertThat(queries.get("/api/v1/me/bookmarks?waitFor=" + tokenOf(removed) + "&waitFor=" + markedB, reader).json().toString())
                .isEqualTo("[\"mark-b\"]");
        assertThat(queries.get("/api/v1/me/votes?waitFor=" + voted, reader).json().toString())
                .isEqualTo("[{\"toolId\":\"mark-a\",\"choice\":\"SHIP\"}]");
        assertThat(queries.get("/api/v1/me/bookmarks", token("someone-else", "voter")).json()).isEmpty();
        assertThat(queries.get("/api/v1/me/bookmarks", null).status()).isEqualTo(401);
    }

    // --- validation ------------------------------------------------------------------------------------------

    @Test
    void invalid_reviews_and_edits_are_4xx_problems_and_store_nothing() {
        list("strict-tool");
        String builder = panelist("strict", "BUILDER");
        long before = stack.storedEvents();
        List<Object> badReviews = List.of(
                Map.of("score", 101, "verdict", "SHIP", "text", "x"),
                Map.of("score", -1, "verdict", "SHIP", "text", "x"),
                Map.of("score", "ninety", "verdict", "SHIP", "text", "x"),
                Map.of("score", 99999999999L, "verdict", "SHIP", "text", "x"),
                Map.of("score", 50.5, "verdict", "SHIP", "text", "x"),
                Map.of("score", 50, "verdict", "MAYBE", "text", "x"),
                Map.of("score", 50, "verdict", "SHIP", "text", ""),
                Map.of("score", 50, "verdict", "SHIP", "text", "x".repeat(4001)),
                Map.of("score", 50, "verdict", "SHIP"),
                "[1,2,3]", "{\"score\":", "null");
        for (Object body : badReviews) {
            Http.Reply reply = commands.put("/api/v1/tools/strict-tool/reviews/BUILDER", builder, body);
            assertThat(reply.status()).as(String.valueOf(body).substring(0, Math.min(60, String.valueOf(body).length()))).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(commands.put("/api/v1/tools/strict-tool/reviews/NOBODY", builder,
                Map.of("score", 50, "verdict", "SHIP", "text", "x")).status()).isEqualTo(400);
        assertThat(commands.patch("/api/v1/tools/strict-tool", EDITOR, Map.of("name", " ")).status()).isEqualTo(400);
        assertThat(commands.patch("/api/v1/tools/strict-tool", EDITOR, Map.of("pricing", Map.of("model", "CHEAP"))).status()).isEqualTo(400);
        assertThat(withIfMatch("strict-tool", "not-a-version", Map.of("name", "X")).status()).isEqualTo(400);
        assertThat(commands.patch("/api/v1/tools/ghost-tool", EDITOR, Map.of("name", "X")).status()).isEqualTo(404);
        assertThat(commands.put("/api/v1/tools/strict-tool/reviews/BUILDER", builder,
                Map.of("score", 50, "verdict", "SHIP", "text", "y".repeat(70_000))).status()).isEqualTo(413);
        assertThat(stack.storedEvents()).isEqualTo(before);
    }

    private static List<Integer> runAtOnce(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
