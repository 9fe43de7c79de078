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
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
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

    /**
     * Waits until the write is visible, then notes the present instant, and returns once the clock has moved past it
     * by a millisecond (event times have millisecond precision): the write is at or before the instant, the next one
     * strictly after.
     */
    private static Instant after(String token) {
        assertThat(queries.get("/api/v1/comparisons?waitFor=" + token, null).status()).isEqualTo(200);
        return aMillisecondAgo();
    }

    /** The present, returned once the clock has passed it by more than a millisecond (an observable wait). */
    private static Instant aMillisecondAgo() {
        Instant now = Instant.now();
        await().atMost(java.time.Duration.ofSeconds(1)).pollInterval(java.time.Duration.ofMillis(1))
                .until(() -> Instant.now().toEpochMilli() > now.toEpochMilli() + 1);
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
        Instant beforeCreation = aMillisecondAgo();
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
        // finish paging to the end, until the last vote has been read (the read side applies it asynchronously)
        String[] resume = {cursor};
        await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
            JsonNode page;
            do {
                page = history("/api/v1/tools/hist-tool/history?limit=50"
                        + (resume[0] == null ? "" : "&cursor=" + resume[0]), ANALYST);
                page.get("events").forEach(paged::add);
                resume[0] = page.get("resumeCursor").isNull() ? resume[0] : page.get("resumeCursor").asText();
            } while (!page.get("nextCursor").isNull());
            return paged.stream().anyMatch(e -> "hv-last".equals(e.get("actor").get("id").asText()));
        });
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
        // the voter key is base64url of the subject's UTF-8, without padding (docs/api.md, "Voter keys")
        String key = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("ed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(edit.get("actor").toString())
                .isEqualTo("{\"id\":\"ed\",\"role\":\"editor\",\"key\":\"" + key + "\"}");
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

    /**
     * History rows become visible in the order their transactions committed, not the order they were written: a row
     * whose transaction is still open when a later one commits must not be skipped by a cursor taken in between.
     */
    @Test
    void a_cursor_taken_while_an_older_transaction_is_open_does_not_skip_its_event() throws Exception {
        String listed = tokenOf(commands.post("/api/v1/tools", EDITOR, tool("cursor-tool", "Cursor Tool")));
        JsonNode first = history("/api/v1/tools/cursor-tool/history?waitFor=" + listed, ANALYST);
        assertThat(first.findValuesAsText("type")).containsExactly("ToolListed");
        String cursor = first.get("resumeCursor").asText();
        String insert = "INSERT INTO read_model.event_log (event_id, type, version, subject, actor_id, actor_role, "
                + "occurred_at, data) VALUES (?, 'ToolEdited', 1, 'cursor-tool', 'ed', 'editor', now(), '{}'::jsonb)";
        try (var held = stack.connect(); var later = stack.connect()) {
            try {
                held.setAutoCommit(false);
                try (var s = held.prepareStatement(insert)) {
                    s.setString(1, "held-row");
                    s.executeUpdate();
                }
                try (var s = later.prepareStatement(insert)) { // autocommit: commits at once, after held's began
                    s.setString(1, "later-row");
                    s.executeUpdate();
                }
                JsonNode whileHeld = history("/api/v1/tools/cursor-tool/history?cursor=" + cursor, ANALYST);
                assertThat(whileHeld.findValuesAsText("eventId")).as("nothing past an open transaction").isEmpty();
                cursor = whileHeld.get("resumeCursor").asText();
                held.commit();
                // visible once no older transaction of the whole server is open (others' tests share it)
                String resume = cursor;
                await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        history("/api/v1/tools/cursor-tool/history?cursor=" + resume, ANALYST)
                                .findValuesAsText("eventId")).containsExactly("held-row", "later-row"));
            } finally {
                held.rollback();
                held.setAutoCommit(true);
                try (var s = held.createStatement()) { // the rows are the test's, not events: leave no trace
                    s.executeUpdate("DELETE FROM read_model.event_log WHERE event_id IN ('held-row', 'later-row')");
                }
            }
        }
    }

    /**
     * {@code asOf} across whole hours: the tally then comes from hourly buckets plus the events of the instant's own
     * hour. Events with times hours in the past are written to the event store (the relay publishes them with those
     * times), and every answer is compared with a fold of those events done here: at each event's instant, a
     * millisecond before it, exactly on each hour and between events.
     */
    @Test
    void as_of_across_hours_is_exact_at_each_event_on_each_hour_and_between() {
        Instant h0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS);
        Instant h1 = h0.plus(1, ChronoUnit.HOURS);
        Instant h2 = h0.plus(2, ChronoUnit.HOURS);
        Instant h3 = h0.plus(3, ChronoUnit.HOURS);
        Instant h4 = h0.plus(4, ChronoUnit.HOURS);
        String id = "hours-tool";
        PastEvents store = new PastEvents(stack.database);
        List<String> ids = new ArrayList<>();
        Instant listedAt = h0.plus(10, ChronoUnit.MINUTES);
        ids.add(store.store("Tool", id, 0, "io.shiporskip.contracts.catalog.ToolListed", Map.of("toolId", id,
                "name", "Hours Tool", "tagline", "Does things", "description", "A tool for testing.",
                "category", "Developer Tools", "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"),
                "bestFor", "Testing hours"), "ed", "editor", listedAt));
        // (time, voter, type, choice before, choice after): a plain fold below, sharing nothing with the product
        record Past(Instant at, String voter, String type, String before, String after) {
        }
        List<Past> votes = List.of(
                new Past(h1.plus(5, ChronoUnit.MINUTES), "hv1", "VoteCast", null, "SHIP"),
                new Past(h1.plus(20, ChronoUnit.MINUTES), "hv2", "VoteCast", null, "SKIP"),
                new Past(h2, "hv3", "VoteCast", null, "SHIP"),                             // exactly hh:00:00.000
                new Past(h2.plus(15, ChronoUnit.MINUTES), "hv1", "VoteChanged", "SHIP", "SKIP"),
                new Past(h3.minusMillis(1), "hv2", "VoteRetracted", "SKIP", null),         // hh:59:59.999
                new Past(h3.plus(30, ChronoUnit.MINUTES), "hv4", "VoteCast", null, "SHIP"),
                new Past(h3.plus(30, ChronoUnit.MINUTES).plusMillis(1), "hv3", "VoteVoided", "SHIP", null),
                new Past(h4.plus(10, ChronoUnit.MINUTES), "hv5", "VoteCast", null, "SKIP"),
                new Past(h4.plus(50, ChronoUnit.MINUTES), "hv6", "VoteCast", null, "SHIP"));
        Map<String, Integer> sequences = new java.util.HashMap<>();
        for (Past v : votes) {
            Map<String, Object> payload = new java.util.HashMap<>(Map.of("toolId", id, "voterId", v.voter()));
            switch (v.type()) {
                case "VoteCast" -> payload.put("choice", v.after());
                case "VoteChanged" -> {
                    payload.put("from", v.before());
                    payload.put("to", v.after());
                }
                default -> payload.put("previous", v.before());
            }
            boolean moderator = v.type().equals("VoteVoided");
            ids.add(store.store("Ballot", "ballot:" + id + ":" + v.voter(), sequences.merge(v.voter(), 1, Integer::sum) - 1,
                    "io.shiporskip.contracts.community." + v.type(), payload, moderator ? "mia" : v.voter(),
                    moderator ? "moderator" : "voter", v.at()));
        }
        await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200)).until(() ->
                stack.count("SELECT count(*) FROM read_model.applied_event WHERE event_id IN ('"
                        + String.join("','", ids) + "')") == ids.size());

        java.util.function.Function<Instant, long[]> fold = at -> {
            Map<String, String> current = new java.util.HashMap<>();
            votes.stream().filter(v -> !v.at().isAfter(at)).forEach(v -> {
                if (v.after() == null) {
                    current.remove(v.voter());
                } else {
                    current.put(v.voter(), v.after());
                }
            });
            long ship = current.values().stream().filter("SHIP"::equals).count();
            return new long[] {ship, current.size() - ship};
        };
        java.util.TreeSet<Instant> instants = new java.util.TreeSet<>();
        for (int hour = 1; hour <= 5; hour++) {
            instants.add(h0.plus(hour, ChronoUnit.HOURS));
        }
        Instant previous = listedAt;
        for (Past v : votes) {
            instants.add(v.at());
            instants.add(v.at().minusMillis(1));
            instants.add(previous.plus(java.time.Duration.between(previous, v.at()).dividedBy(2)));
            previous = v.at();
        }
        instants.add(listedAt);
        for (Instant at : instants) {
            Http.Reply reply = queries.get("/api/v1/tools/" + id + "?asOf=" + at, null);
            assertThat(reply.status()).as(at + " " + reply.body()).isEqualTo(200);
            JsonNode community = reply.json().get("community");
            assertThat(new long[] {community.get("ship").asLong(), community.get("skip").asLong()}).as("asOf " + at)
                    .containsExactly(fold.apply(at));
        }
        assertThat(queries.get("/api/v1/tools/" + id + "?asOf=" + listedAt.minusMillis(1), null).status()).isEqualTo(404);
        JsonNode now = queries.get("/api/v1/tools/" + id, null).json().get("community");
        assertThat(new long[] {now.get("ship").asLong(), now.get("skip").asLong()})
                .containsExactly(fold.apply(Instant.now()));

        // the hourly trend, bucket by bucket, from the same events
        JsonNode points = queries.get("/api/v1/analytics/tools/" + id + "/votes?bucket=hour&from=" + h0 + "&to="
                + h0.plus(5, ChronoUnit.HOURS), ANALYST).json().get("points");
        assertThat(points).hasSize(5);
        for (int hour = 0; hour < 5; hour++) {
            Instant start = h0.plus(hour, ChronoUnit.HOURS);
            Instant end = start.plus(1, ChronoUnit.HOURS);
            long[] expected = new long[6];
            for (Past v : votes) {
                if (!v.at().isBefore(start) && v.at().isBefore(end)) {
                    expected[List.of("VoteCast", "VoteChanged", "VoteRetracted", "VoteVoided").indexOf(v.type())]++;
                    if (v.before() != null) {
                        expected[v.before().equals("SHIP") ? 4 : 5]--;
                    }
                    if (v.after() != null) {
                        expected[v.after().equals("SHIP") ? 4 : 5]++;
                    }
                }
            }
            JsonNode p = points.get(hour);
            assertThat(p.get("start").asText()).isEqualTo(start.toString());
            assertThat(new long[] {p.get("cast").asLong(), p.get("changed").asLong(), p.get("retracted").asLong(),
                    p.get("voided").asLong(), p.get("ship").asLong(), p.get("skip").asLong()})
                    .as("hour " + start).containsExactly(expected);
        }
    }

    /**
     * After the other scenarios: for every tool, card, trends and history equal the plain SQL fold of the event store,
     * and so does /me/votes of every voter.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void the_read_side_equals_a_plain_fold_of_the_event_store() {
        List<String> tools = new ArrayList<>();
        List<String> voters = new ArrayList<>();
        try (var c = stack.connect(); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT DISTINCT convert_from(payload, 'UTF8')::jsonb->>'toolId' "
                    + "FROM event_store.domain_event_entry WHERE payload_type LIKE '%.ToolListed'")) {
                while (rs.next()) {
                    tools.add(rs.getString(1));
                }
            }
            try (var rs = st.executeQuery("SELECT DISTINCT convert_from(payload, 'UTF8')::jsonb->>'voterId' "
                    + "FROM event_store.domain_event_entry WHERE payload_type LIKE '%.Vote%'")) {
                while (rs.next()) {
                    voters.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(tools).contains("trend-tool", "hours-tool", "sum-tool");
        new ReadSide(queries).awaitAgreesWith(new StoreFold(stack.database), tools, voters);
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
        Instant firstDay = Instant.now().truncatedTo(ChronoUnit.DAYS);
        tokenOf(commands.post("/api/v1/tools", EDITOR, tool("trend-tool", "Trend Tool")));
        VoteTruth truth = new VoteTruth();
        for (int i = 0; i < 12; i++) {
            vote(truth, "trend-tool", "tv-" + i, i % 3 == 0 ? "SKIP" : "SHIP");
        }
        vote(truth, "trend-tool", "tv-1", "SKIP");
        tokenOf(commands.delete("/api/v1/tools/trend-tool/vote", token("tv-2", "voter")));
        truth.retracted("trend-tool", "tv-2");
        vote(truth, "trend-tool", "tv-4", "SHIP"); // already SHIP: stores nothing
        vote(truth, "trend-tool", "tv-7", "SKIP");
        String last = tokenOf(commands.post("/api/v1/moderation/tools/trend-tool/votes/tv-5/void", MODERATOR, Map.of("reason", "bot")));
        truth.voided("trend-tool", "tv-5");
        JsonNode card = queries.get("/api/v1/tools/trend-tool?waitFor=" + last, null).json().get("community");
        long[] tally = truth.tally("trend-tool");
        Map<String, Long> counts = truth.eventCounts("trend-tool");
        // the scenario moves the tally (a net of 0 would not tell a mover from an endpoint that answers 0)
        assertThat(tally).containsExactly(4, 6);
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("VoteCast", 12L, "VoteChanged", 2L,
                "VoteRetracted", 1L, "VoteVoided", 1L));
        assertThat(new long[] {card.get("ship").asLong(), card.get("skip").asLong()}).containsExactly(tally);

        // whole UTC days around the votes: every bucket count is known
        Instant from = firstDay.minus(3, ChronoUnit.DAYS);
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        long days = ChronoUnit.DAYS.between(from, to);
        for (String bucket : List.of("hour", "day", "week")) {
            JsonNode trend = queries.get("/api/v1/analytics/tools/trend-tool/votes?bucket=" + bucket + "&from=" + from + "&to=" + to, ANALYST).json();
            assertThat(trend.get("bucket").asText()).isEqualTo(bucket);
            long[] sums = new long[6];
            for (JsonNode p : trend.get("points")) {
                sums[0] += p.get("cast").asLong();
                sums[1] += p.get("changed").asLong();
                sums[2] += p.get("retracted").asLong();
                sums[3] += p.get("voided").asLong();
                sums[4] += p.get("ship").asLong();
                sums[5] += p.get("skip").asLong();
            }
            assertThat(sums).as(bucket).containsExactly(counts.get("VoteCast"), counts.get("VoteChanged"),
                    counts.get("VoteRetracted"), counts.get("VoteVoided"), tally[0], tally[1]);
            long expectedPoints = switch (bucket) {
                case "hour" -> days * 24;
                case "day" -> days;
                default -> weeksStartingIn(from, to);
            };
            assertThat(trend.get("points")).as(bucket + " points").hasSize((int) expectedPoints);
        }
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
        int csvSkip = 0;
        int csvRows = 0;
        for (Map<String, String> row : rows.readAll()) {
            csvShip += Integer.parseInt(row.get("ship"));
            csvSkip += Integer.parseInt(row.get("skip"));
            assertThat(Instant.parse(row.get("start"))).isEqualTo(from.plus(csvRows, ChronoUnit.DAYS));
            csvRows++;
        }
        assertThat(new long[] {csvShip, csvSkip}).containsExactly(tally);
        assertThat(csvRows).isEqualTo(days);

        JsonNode movers = queries.get("/api/v1/analytics/movers?window=P1D&limit=50", ANALYST).json();
        JsonNode mine = null;
        for (JsonNode m : movers) {
            if (m.get("toolId").asText().equals("trend-tool")) {
                mine = m;
            }
        }
        assertThat(mine).as(movers.toString()).isNotNull();
        // every vote of the tool happened within the window, so its moves are its whole tally
        assertThat(mine.get("ship").asLong()).isEqualTo(tally[0]);
        assertThat(mine.get("skip").asLong()).isEqualTo(tally[1]);
        assertThat(mine.get("net").asLong()).isEqualTo(tally[0] - tally[1]).isNotZero();
        assertThat(queries.get("/api/v1/analytics/tools/trend-tool/votes?bucket=minute", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/analytics/tools/trend-tool/votes?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/analytics/movers?window=banana", ANALYST).status()).isEqualTo(400);
        assertThat(queries.get("/api/v1/analytics/movers", token("v", "voter")).status()).isEqualTo(403);
    }

    /** How many UTC weeks (starting Mondays) start in [the Monday of from's week, to). */
    private static long weeksStartingIn(Instant from, Instant to) {
        java.time.LocalDate monday = from.atZone(java.time.ZoneOffset.UTC).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        long weeks = 0;
        for (Instant start = monday.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(); start.isBefore(to);
             start = start.plus(7, ChronoUnit.DAYS)) {
            weeks++;
        }
        return weeks;
    }

    /** A vote answered 200, recorded in the truth. */
    private static String vote(VoteTruth truth, String tool, String voter, String choice) {
        String written = tokenOf(commands.put("/api/v1/tools/" + tool + "/vote", token(voter, "voter"),
                Map.of("choice", choice)));
        truth.voted(tool, voter, choice);
        return written;
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
        try (var c = stack.connect(); var st = c.createStatement();
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
