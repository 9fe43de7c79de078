package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.shiporskip.infra.http.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.shiporskip.e2e.RunningStack.panelist;
import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What moderators and analysts read: audit history, pages as of past instants, vote trends, read-your-writes. */
class HistoryTrendsTimeTravelIT {

    private static RunningStack stack;
    private static Http commands;
    private static Http queries;
    private static final String EDITOR = token("ed", "editor");
    private static final String MODERATOR = token("mia", "moderator");
    private static final String ANALYST = token("ana", "analyst");

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("history-trends");
        commands = stack.commands();
        queries = stack.queries();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    private static String tokenOf(Http.Reply reply) {
        assertThat(reply.status() / 100).as(reply.body()).isEqualTo(2);
        return reply.header("Consistency-Token").orElseThrow();
    }

    /** Waits until the write is visible, then notes the instant just after it. */
    private static Instant after(String token) throws InterruptedException {
        assertThat(queries.get("/api/v1/comparisons?waitFor=" + token, null).status()).isEqualTo(200);
        Thread.sleep(30);
        Instant now = Instant.now();
        Thread.sleep(30);
        return now;
    }

    private static JsonNode history(String pathAndQuery, String token) {
        Http.Reply reply = queries.get(pathAndQuery, token);
        assertThat(reply.status()).as(pathAndQuery + " -> " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode cardAsOf(String toolId, Instant asOf) {
        return queries.get("/api/v1/tools/" + toolId + "?asOf=" + asOf, null).json();
    }

    @Test
    void a_page_as_of_past_instants_is_exact_to_the_event() throws Exception {
        Instant beforeCreation = Instant.now();
        Thread.sleep(30);
        String listed = tokenOf(commands.post("/api/v1/tools", EDITOR, tool("tt-a", "TT A")));
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("tt-b", "TT B")));
        Instant afterListing = after(tokenOf(commands.post("/api/v1/comparisons", EDITOR,
                Map.of("id", "tt-a-vs-b", "title", "TT A vs B", "toolIds", List.of("tt-a", "tt-b")))));
        tokenOf(commands.put("/api/v1/tools/tt-a/vote", token("v1", "voter"), Map.of("choice", "SHIP")));
        tokenOf(commands.put("/api/v1/tools/tt-a/vote", token("v2", "voter"), Map.of("choice", "SHIP")));
        String review = tokenOf(commands.put("/api/v1/tools/tt-a/reviews/SKEPTIC", panelist("sam", "SKEPTIC"),
                Map.of("score", 40, "verdict", "SKIP", "text", "First take.")));
        Instant afterFirstTake = after(review);
        Instant betweenEditAndRevision = after(tokenOf(commands.patch("/api/v1/tools/tt-a", EDITOR,
                Map.of("pricing", Map.of("entry", "Paid"), "reason", "Pricing changed"))));
        tokenOf(commands.put("/api/v1/tools/tt-a/reviews/SKEPTIC", panelist("sam", "SKEPTIC"),
                Map.of("score", 70, "verdict", "SHIP", "text", "Second take.")));
        tokenOf(commands.put("/api/v1/tools/tt-a/vote", token("v3", "voter"), Map.of("choice", "SKIP")));
        Instant beforeSuspension = after(tokenOf(commands.put("/api/v1/tools/tt-b/vote", token("v1", "voter"),
                Map.of("choice", "SKIP"))));
        Instant afterSuspension = after(tokenOf(commands.post("/api/v1/moderation/voters/v1/suspend", MODERATOR,
                Map.of("reason", "Sock puppet"))));

        assertThat(queries.get("/api/v1/tools/tt-a?asOf=" + beforeCreation, null).status()).isEqualTo(404);
        assertThat(queries.get("/api/v1/comparisons/tt-a-vs-b?asOf=" + beforeCreation, null).status()).isEqualTo(404);

        JsonNode listedCard = cardAsOf("tt-a", afterListing);
        assertThat(listedCard.get("version").asInt()).isEqualTo(1);
        assertThat(listedCard.get("community").get("total").asInt()).isZero();
        assertThat(listedCard.get("reviews").get("SKEPTIC").isNull()).isTrue();

        JsonNode firstTake = cardAsOf("tt-a", afterFirstTake);
        assertThat(firstTake.get("community").toString()).isEqualTo("{\"ship\":2,\"skip\":0,\"total\":2,\"shipPercent\":100}");
        assertThat(firstTake.get("pricing").get("entry").asText()).isEqualTo("Free");
        assertThat(firstTake.get("panel").get("verdict").asText()).isEqualTo("SKIP");

        JsonNode between = cardAsOf("tt-a", betweenEditAndRevision);
        assertThat(between.get("version").asInt()).isEqualTo(2);
        assertThat(between.get("pricing").get("entry").asText()).isEqualTo("Paid");
        assertThat(between.get("reviews").get("SKEPTIC").get("text").asText()).isEqualTo("First take.");

        JsonNode before = cardAsOf("tt-a", beforeSuspension);
        assertThat(before.get("reviews").get("SKEPTIC").get("text").asText()).isEqualTo("Second take.");
        assertThat(before.get("panel").get("verdict").asText()).isEqualTo("SHIP");
        assertThat(before.get("community").toString()).isEqualTo("{\"ship\":2,\"skip\":1,\"total\":3,\"shipPercent\":67}");

        JsonNode page = queries.get("/api/v1/comparisons/tt-a-vs-b?asOf=" + afterSuspension, null).json();
        assertThat(page.get("asOf").asText()).isEqualTo(afterSuspension.toString());
        assertThat(page.get("tools").get(0).get("community").toString())
                .isEqualTo("{\"ship\":1,\"skip\":1,\"total\":2,\"shipPercent\":50}");
        assertThat(page.get("tools").get(1).get("community").get("total").asInt()).isZero();
        // the present equals asOf now
        JsonNode now = queries.get("/api/v1/tools/tt-a", null).json();
        assertThat(cardAsOf("tt-a", Instant.now().plusSeconds(1))).isEqualTo(now);
    }

    @Test
    void history_is_in_order_filterable_and_pages_without_gaps_or_duplicates_while_writes_continue() throws Exception {
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("hist-tool", "Hist Tool")));
        String edited = tokenOf(commands.patch("/api/v1/tools/hist-tool", EDITOR, Map.of("pricing", Map.of("entry", "Paid",
                "details", "Now $5"), "reason", "Vendor raised prices")));
        history("/api/v1/tools/hist-tool/history?waitFor=" + edited, ANALYST);
        commands.put("/api/v1/me/bookmarks/hist-tool", token("private-person", "voter"), null);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get() && i < 400; i++) {
                if (commands.put("/api/v1/tools/hist-tool/vote", token("hv-" + i, "voter"), Map.of("choice", "SHIP")).status() == 200) {
                    written.incrementAndGet();
                }
            }
        });
        writer.start();
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        for (int round = 0; round < 300 && (writer.isAlive() || cursor != null); round++) {
            JsonNode page = history("/api/v1/tools/hist-tool/history?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), ANALYST);
            page.get("events").forEach(paged::add);
            cursor = page.get("resumeCursor").isNull() ? null : page.get("resumeCursor").asText();
            if (page.get("nextCursor").isNull() && !writer.isAlive()) {
                break;
            }
        }
        assertThat(cursor).isNotNull();
        writing.set(false);
        writer.join();
        String last = tokenOf(commands.put("/api/v1/tools/hist-tool/vote", token("hv-last", "voter"), Map.of("choice", "SKIP")));
        queries.get("/api/v1/tools/hist-tool?waitFor=" + last, null);
        // finish paging to the end
        while (true) {
            JsonNode page = queries.get("/api/v1/tools/hist-tool/history?limit=50" + (cursor == null ? "" : "&cursor=" + cursor), ANALYST).json();
            page.get("events").forEach(paged::add);
            if (page.get("nextCursor").isNull()) {
                if (paged.stream().anyMatch(e -> "hv-last".equals(e.get("actor").get("id").asText()))) {
                    break;
                }
                Thread.sleep(100);
            }
            cursor = page.get("resumeCursor").isNull() ? null : page.get("resumeCursor").asText();
        }
        List<String> ids = paged.stream().map(e -> e.get("eventId").asText()).toList();
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        JsonNode all = queries.get("/api/v1/tools/hist-tool/history?limit=500", ANALYST).json();
        List<String> allIds = new ArrayList<>();
        all.get("events").forEach(e -> allIds.add(e.get("eventId").asText()));
        assertThat(ids).isEqualTo(allIds);
        assertThat(allIds).hasSize(2 + written.get() + 1);
        assertThat(all.get("events").get(0).get("type").asText()).isEqualTo("ToolListed");
        assertThat(all.findValuesAsText("type")).doesNotContain("ToolBookmarked");

        JsonNode edits = queries.get("/api/v1/tools/hist-tool/history?type=ToolEdited", MODERATOR).json().get("events");
        assertThat(edits).hasSize(1);
        JsonNode edit = edits.get(0);
        assertThat(edit.get("actor").toString()).isEqualTo("{\"id\":\"ed\",\"role\":\"editor\"}");
        assertThat(edit.get("reason").asText()).isEqualTo("Vendor raised prices");
        assertThat(edit.get("data").get("changes").get(0).get("to").asText()).isEqualTo("Paid");
        assertThat(edit.get("position").asLong()).isPositive();
        assertThat(edit.get("occurredAt").asText()).isNotBlank();

        assertThat(queries.get("/api/v1/tools/hist-tool/history?type=Nope", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/tools/hist-tool/history?cursor=garbage", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/tools/hist-tool/history?limit=501", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/tools/hist-tool/history", token("v", "voter")).status()).isEqualTo(403);
        assertThat(queries.get("/api/v1/tools/hist-tool/history", null).status()).isEqualTo(401);
        assertThat(queries.get("/api/v1/tools/ghost/history", ANALYST).status()).isEqualTo(404);
    }

    private static List<String> typesOf(JsonNode events, String subject) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("subject").asText().equals(subject)) {
                types.add(e.get("type").asText());
            }
        });
        return types;
    }

    private static List<Long> positionsOf(JsonNode events, String subject) {
        List<Long> positions = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("subject").asText().equals(subject)) {
                positions.add(e.get("position").asLong());
            }
        });
        return positions;
    }

    @Test
    void a_comparisons_history_merges_its_own_events_and_its_tools_and_moderator_actions_carry_reasons() throws Exception {
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("mh-a", "MH A")));
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("mh-b", "MH B")));
        String created = tokenOf(commands.post("/api/v1/comparisons", EDITOR, Map.of("id", "mh", "title", "MH", "toolIds", List.of("mh-a", "mh-b"))));
        tokenOf(commands.put("/api/v1/tools/mh-b/vote", token("troll", "voter"), Map.of("choice", "SKIP")));
        String voided = tokenOf(commands.post("/api/v1/moderation/tools/mh-b/votes/troll/void", MODERATOR, Map.of("reason", "Spam account")));
        String locked = tokenOf(commands.post("/api/v1/moderation/tools/mh-a/lock", MODERATOR, Map.of("reason", "Brigading")));
        String lastToken = tokenOf(commands.put("/api/v1/tools/mh-b/vote", token("fan", "voter"), Map.of("choice", "SHIP")));

        // one token per write: the comparison's own event and the tools' events travel in different partitions
        history("/api/v1/comparisons/mh/history?waitFor=" + created, MODERATOR);
        JsonNode history = history("/api/v1/comparisons/mh/history?waitFor=" + lastToken + "," + locked, MODERATOR).get("events");
        assertThat(history.findValuesAsText("type")).containsExactlyInAnyOrder("ToolListed", "ToolListed",
                "ComparisonCreated", "VoteCast", "VoteVoided", "ToolVotingLocked", "VoteCast");
        // merged in the order the read side applied them: each subject's own events in event-store order
        assertThat(typesOf(history, "mh-a")).containsExactly("ToolListed", "ToolVotingLocked");
        assertThat(typesOf(history, "mh-b")).containsExactly("ToolListed", "VoteCast", "VoteVoided", "VoteCast");
        assertThat(positionsOf(history, "mh-b")).isSorted();
        assertThat(typesOf(history, "mh")).containsExactly("ComparisonCreated");
        JsonNode byModerator = queries.get("/api/v1/comparisons/mh/history?actor=mia", MODERATOR).json().get("events");
        assertThat(byModerator.findValuesAsText("reason")).containsExactlyInAnyOrder("Spam account", "Brigading");
        JsonNode voids = queries.get("/api/v1/comparisons/mh/history?actor=mia&type=VoteVoided", ANALYST).json().get("events");
        assertThat(voids).hasSize(1);
        assertThat(voids.get(0).get("data").get("voterId").asText()).isEqualTo("troll");
        assertThat(voided).isNotBlank();
    }

    @Test
    void trend_points_are_dense_utc_buckets_that_sum_to_the_tally_and_parse_as_csv() throws Exception {
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("trend-tool", "Trend Tool")));
        for (int i = 0; i < 12; i++) {
            commands.put("/api/v1/tools/trend-tool/vote", token("tv-" + i, "voter"), Map.of("choice", i % 3 == 0 ? "SKIP" : "SHIP"));
        }
        commands.put("/api/v1/tools/trend-tool/vote", token("tv-1", "voter"), Map.of("choice", "SKIP"));
        commands.delete("/api/v1/tools/trend-tool/vote", token("tv-2", "voter"));
        commands.put("/api/v1/tools/trend-tool/vote", token("tv-4", "voter"), Map.of("choice", "SHIP"));
        String last = tokenOf(commands.post("/api/v1/moderation/tools/trend-tool/votes/tv-5/void", MODERATOR, Map.of("reason", "bot")));
        JsonNode card = queries.get("/api/v1/tools/trend-tool?waitFor=" + last, null).json().get("community");

        Instant from = Instant.now().minus(3, ChronoUnit.DAYS);
        Instant to = Instant.now().plus(1, ChronoUnit.HOURS);
        for (String bucket : List.of("hour", "day", "week")) {
            JsonNode trend = queries.get("/api/v1/analytics/tools/trend-tool/votes?bucket=" + bucket + "&from=" + from + "&to=" + to, ANALYST).json();
            assertThat(trend.get("bucket").asText()).isEqualTo(bucket);
            int ship = 0;
            int skip = 0;
            int cast = 0;
            for (JsonNode p : trend.get("points")) {
                ship += p.get("ship").asInt();
                skip += p.get("skip").asInt();
                cast += p.get("cast").asInt();
            }
            assertThat(ship).as(bucket).isEqualTo(card.get("ship").asInt());
            assertThat(skip).as(bucket).isEqualTo(card.get("skip").asInt());
            assertThat(cast).isEqualTo(12);
        }
        JsonNode hourly = queries.get("/api/v1/analytics/tools/trend-tool/votes?bucket=hour&from=" + from + "&to=" + to, ANALYST).json();
        assertThat(hourly.get("points").size()).isGreaterThanOrEqualTo(72);
        JsonNode weekly = queries.get("/api/v1/analytics/tools/trend-tool/votes?bucket=week&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", ANALYST).json();
        assertThat(weekly.get("points").get(0).get("start").asText()).isEqualTo("2025-12-29T00:00:00Z"); // a Monday
        assertThat(weekly.get("points")).hasSize(5);

        Http.Reply csv = queries.send("GET", "/api/v1/analytics/tools/trend-tool/votes?bucket=day&from=" + from + "&to=" + to,
                ANALYST, null, "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        CsvMapper mapper = new CsvMapper();
        MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.body());
        int csvShip = 0;
        int csvRows = 0;
        for (Map<String, String> row : rows.readAll()) {
            csvShip += Integer.parseInt(row.get("ship"));
            assertThat(Instant.parse(row.get("start"))).isNotNull();
            csvRows++;
        }
        assertThat(csvShip).isEqualTo(card.get("ship").asInt());
        assertThat(csvRows).isGreaterThanOrEqualTo(3);

        JsonNode movers = queries.get("/api/v1/analytics/movers?window=P1D&limit=50", ANALYST).json();
        JsonNode mine = null;
        for (JsonNode m : movers) {
            if (m.get("toolId").asText().equals("trend-tool")) {
                mine = m;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("net").asInt()).isEqualTo(card.get("ship").asInt() - card.get("skip").asInt());
        assertThat(queries.get("/api/v1/analytics/tools/trend-tool/votes?bucket=minute", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/analytics/tools/trend-tool/votes?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/analytics/movers?window=banana", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/analytics/movers", token("v", "voter")).status()).isEqualTo(403);
    }

    @Test
    void for_every_tool_the_trend_summed_over_all_time_equals_its_tally() throws Exception {
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("sum-tool", "Sum Tool")));
        String last = null;
        for (int i = 0; i < 9; i++) {
            last = tokenOf(commands.put("/api/v1/tools/sum-tool/vote", token("sv-" + i, "voter"), Map.of("choice", i % 4 == 0 ? "SKIP" : "SHIP")));
        }
        queries.get("/api/v1/tools/sum-tool?waitFor=" + last, null);
        Instant from = Instant.now().minus(2, ChronoUnit.DAYS);
        Instant to = Instant.now().plus(1, ChronoUnit.HOURS);
        List<String> toolIds = new ArrayList<>();
        try (var c = stack.database.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT tool_id FROM read_model.tool_card WHERE name IS NOT NULL")) {
            while (rs.next()) {
                toolIds.add(rs.getString(1));
            }
        }
        assertThat(toolIds).contains("sum-tool");
        for (String toolId : toolIds) {
            // other tests' last writes may still be projecting: card and trend must agree once they settle
            await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode card = queries.get("/api/v1/tools/" + toolId, null).json().get("community");
                JsonNode points = queries.get("/api/v1/analytics/tools/" + toolId + "/votes?bucket=hour&from=" + from
                        + "&to=" + to, ANALYST).json().get("points");
                int ship = 0;
                int skip = 0;
                for (JsonNode p : points) {
                    ship += p.get("ship").asInt();
                    skip += p.get("skip").asInt();
                }
                assertThat(ship).as(toolId).isEqualTo(card.get("ship").asInt());
                assertThat(skip).as(toolId).isEqualTo(card.get("skip").asInt());
            });
        }
    }

    @Test
    void wait_for_never_returns_stale_data_under_load() throws Exception {
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("ryw-tool", "RYW Tool")));
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            for (int i = 0; loading.get(); i++) {
                commands.put("/api/v1/tools/ryw-tool/vote", token("load-" + (i % 200), "voter"), Map.of("choice", i % 2 == 0 ? "SHIP" : "SKIP"));
            }
        });
        load.start();
        try {
            for (int i = 0; i < 40; i++) {
                String me = token("ryw-" + i, "voter");
                String choice = i % 2 == 0 ? "SHIP" : "SKIP";
                String t = tokenOf(commands.put("/api/v1/tools/ryw-tool/vote", me, Map.of("choice", choice)));
                JsonNode mine = queries.get("/api/v1/me/votes?waitFor=" + t, me).json();
                assertThat(mine.toString()).isEqualTo("[{\"toolId\":\"ryw-tool\",\"choice\":\"" + choice + "\"}]");
                String bookmarked = tokenOf(commands.put("/api/v1/me/bookmarks/ryw-tool", me, null));
                assertThat(queries.get("/api/v1/me/bookmarks?waitFor=" + bookmarked, me).json().toString()).isEqualTo("[\"ryw-tool\"]");
            }
        } finally {
            loading.set(false);
            load.join();
        }
    }
}
