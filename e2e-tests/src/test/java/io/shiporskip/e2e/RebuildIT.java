package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Moderators replay history: every read model is rebuilt into a new generation while the serving one answers page
 * reads and votes keep arriving, then the stack switches over. Each rebuild ends with the tallies equal to the votes
 * acknowledged and the equality proof at zero differences.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildIT {

    private static final List<String> TOOLS = IntStream.range(0, 8).mapToObj(i -> "rebuild-tool-" + i).toList();
    private static final String COMPARISON = "rebuild-page";
    private static final String ADMIN = token("replayer", "moderator");

    /** Every vote this class had acknowledged, by its loads and its single votes (each with voters of its own). */
    private static final VoteTruth TRUTH = new VoteTruth();
    private static final List<String> VOTERS = new ArrayList<>();
    private static RunningStack stack;
    private static Http projector;

    @BeforeAll
    static void start() throws Exception {
        // the relay's topic watch would refill a truncated topic within seconds; this class proves the rebuild's
        // choice while the topic stays truncated (TopicRecreationIT proves the refill)
        Map<String, String> settings = new java.util.HashMap<>(StackEndpoints.GENEROUS_RATE_LIMITS);
        settings.put("SHIPORSKIP_RELAY_TOPIC_CHECK_INTERVAL", "1h");
        stack = new RunningStack("rebuild", TestPostgres.freshDatabase(), TestKafka.bootstrapServers(),
                TestKafka.freshTopic(), settings);
        projector = new Http(stack.fleet.baseUrl(Service.PROJECTOR));
        Http commands = stack.commands();
        for (String id : TOOLS) {
            assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool(id, id)).status()).isEqualTo(201);
        }
        assertThat(commands.post("/api/v1/comparisons", token("ed", "editor"), Map.of("id", COMPARISON,
                "title", "Rebuild page", "toolIds", TOOLS.subList(0, 2))).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    @Order(1)
    void a_rebuild_from_the_topic_switches_over_while_pages_are_read_and_votes_keep_coming() throws Exception {
        try (VoteLoad votes = load(new VoteLoad(stack.commands(), TOOLS, "kafka-voter", 6, 60, TRUTH))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> votes.acknowledged() >= 2_000);
            try (PageReaders readers = new PageReaders(stack.queries(), token("analyst", "analyst"), pages(), 4)) {
                await().atMost(Duration.ofMinutes(2)).until(() -> readers.answered() >= 20); // a machine-speed bound
                JsonNode done = rebuildUntilFinished(Map.of("source", "KAFKA"));
                long answeredAtSwitch = readers.answered();

                assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SWITCHED");
                assertThat(done.get("source").asText()).isEqualTo("KAFKA");
                assertThat(done.get("generation").asInt()).isEqualTo(2);
                assertThat(done.get("eventsApplied").asLong()).isGreaterThanOrEqualTo(2_000);
                await().atMost(Duration.ofSeconds(30)).until(() -> readers.answered() >= answeredAtSwitch + 20);
                readers.stop();
                assertThat(readers.failures()).isEmpty();
            }
            votes.stop();
            assertTalliesAndEquality();
        }
        assertThat(servingGeneration()).isEqualTo(2);
        assertThat(stack.count("SELECT count(*) FROM pg_namespace WHERE nspname = 'read_model_g1'")).isZero();
    }

    @Test
    @Order(2)
    void a_truncated_topic_fails_a_topic_rebuild_untouched_and_the_event_store_rebuilds_it() throws Exception {
        truncateTheTopic();

        JsonNode refused = rebuildUntilFinished(Map.of("source", "KAFKA"));
        assertThat(refused.get("state").asText()).isEqualTo("FAILED");
        assertThat(refused.get("error").asText()).contains("EVENT_STORE");
        assertThat(servingGeneration()).isEqualTo(2);
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));

        try (VoteLoad votes = load(new VoteLoad(stack.commands(), TOOLS, "store-voter", 4, 40, TRUTH));
             PageReaders readers = new PageReaders(stack.queries(), token("analyst", "analyst"), pages(), 3)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> votes.acknowledged() >= 300 && readers.answered() >= 20);
            JsonNode done = rebuildUntilFinished(Map.of());
            long answeredAtSwitch = readers.answered();
            await().atMost(Duration.ofSeconds(30)).until(() -> readers.answered() >= answeredAtSwitch + 20);

            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SWITCHED");
            assertThat(done.get("source").asText()).isEqualTo("EVENT_STORE");
            assertThat(done.get("generation").asInt()).isEqualTo(4);
            readers.stop();
            assertThat(readers.failures()).isEmpty();
            votes.stop();
            assertTalliesAndEquality();
        }
        assertThat(servingGeneration()).isEqualTo(4);
    }

    @Test
    @Order(3)
    void one_rebuild_at_a_time_and_a_cancelled_one_leaves_the_serving_generation_alone() throws Exception {
        JsonNode finished;
        String id;
        // the test holds the serving-generation row, which the switch must take: the rebuild cannot finish before
        // the cancel arrives, whatever the machine's speed
        try (Connection hold = stack.connect()) {
            hold.setAutoCommit(false);
            try (Statement s = hold.createStatement()) {
                s.executeQuery("SELECT current FROM read_model.generation WHERE id = 1 FOR UPDATE").close();
            }
            Http.Reply started = projector.post("/api/v1/admin/rebuilds", ADMIN, Map.of("source", "EVENT_STORE"));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            id = started.json().get("rebuildId").asText();
            assertThat(started.header("Location").orElseThrow()).endsWith("/api/v1/admin/rebuilds/" + id);

            Http.Reply second = projector.post("/api/v1/admin/rebuilds", ADMIN, Map.of());
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("type").asText()).endsWith("/rebuild-in-progress");

            Http.Reply cancel = projector.delete("/api/v1/admin/rebuilds/" + id, ADMIN);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
            hold.rollback();
        }
        finished = awaitFinished(id);
        assertThat(finished.get("state").asText()).isEqualTo("FAILED");
        assertThat(finished.get("error").asText()).isEqualTo("cancelled by replayer");
        assertThat(servingGeneration()).isEqualTo(4);

        // a cancel that comes after the switch is refused and says so
        String switched = null;
        for (JsonNode rebuild : projector.get("/api/v1/admin/rebuilds", ADMIN).json()) {
            if ("SWITCHED".equals(rebuild.get("state").asText())) {
                switched = rebuild.get("rebuildId").asText();
            }
        }
        assertThat(switched).isNotNull();
        Http.Reply tooLate = projector.delete("/api/v1/admin/rebuilds/" + switched, ADMIN);
        assertThat(tooLate.status()).as(tooLate.body()).isEqualTo(409);
        assertThat(tooLate.json().get("type").asText()).endsWith("/rebuild-not-running");
        assertThat(projector.get("/api/v1/admin/rebuilds/" + java.util.UUID.randomUUID(), ADMIN).status()).isEqualTo(404);
        assertThat(projector.post("/api/v1/admin/rebuilds", token("v", "voter"), Map.of()).status()).isEqualTo(403);
        assertThat(projector.post("/api/v1/admin/rebuilds", ADMIN, Map.of("source", "TAPE")).status()).isEqualTo(400);
        assertThat(projector.get("/api/v1/admin/rebuilds", ADMIN).json().size()).isEqualTo(4);
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    /**
     * Current pages come from the query service's memory (docs/architecture.md, "Pages from memory"), yet no answer is
     * older than what was committed and announced: a vote shows at once with waitFor, a change committed while the
     * cache's LISTEN connection is down shows at once, and a switch to a rebuilt generation replaces what was cached.
     */
    @Test
    @Order(4)
    void cached_pages_are_never_stale_after_a_vote_a_lost_listener_or_a_generation_switch() throws Exception {
        Http queries = stack.queries();
        String page = "/api/v1/comparisons/" + COMPARISON;
        String tool = TOOLS.get(0);

        // from memory, with an entity tag that answers 304
        Http.Reply first = queries.get(page, null);
        long hits = pageCacheHits();
        Http.Reply second = queries.get(page, null);
        assertThat(pageCacheHits()).isGreaterThan(hits);
        String etag = first.header("ETag").orElseThrow();
        assertThat(second.header("ETag")).hasValue(etag);
        assertThat(second.header("Cache-Control")).hasValue("no-cache");
        assertThat(queries.sendWithHeader("GET", page, null, null, "If-None-Match", etag).status()).isEqualTo(304);

        // a vote: its voter sees it at once (waitFor), and so does everyone after that
        long ship = firstCard(queries.get(page, null)).get("community").get("ship").asLong();
        String written = vote(tool, "cache-voter", "SHIP");
        assertThat(firstCard(queries.get(page + "?waitFor=" + written, null)).get("community").get("ship").asLong())
                .isEqualTo(ship + 1);
        Http.Reply afterVote = queries.get(page, null);
        assertThat(firstCard(afterVote).get("community").get("ship").asLong()).isEqualTo(ship + 1);
        assertThat(afterVote.header("ETag")).isNotEqualTo(Optional.of(etag));
        assertThat(queries.get("/api/v1/tools/" + tool + "?waitFor=" + written, null).json().get("community")
                .get("ship").asLong()).isEqualTo(ship + 1);

        // the LISTEN connection is killed and a change committed before it is back: never hidden by the cache
        queries.get(page, null);
        try (Connection c = stack.connect(); Statement s = c.createStatement()) {
            int listener;
            // the pid first, then the kill: a kill inside the same WHERE may run before the other conditions
            try (ResultSet found = s.executeQuery("SELECT pid FROM pg_stat_activity "
                    + "WHERE application_name = 'shiporskip-query-listener' AND datname = current_database()")) {
                assertThat(found.next()).isTrue();
                listener = found.getInt(1);
                assertThat(found.next()).as("one listener").isFalse();
            }
            try (ResultSet killed = s.executeQuery("SELECT pg_terminate_backend(" + listener + ")")) {
                assertThat(killed.next() && killed.getBoolean(1)).isTrue();
            }
            // the change is committed once the listener's backend is gone, not at some guessed moment
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    stack.count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + listener) == 0);
            s.executeUpdate("UPDATE read_model.tool_card SET name = 'Renamed unheard' WHERE tool_id = '" + tool + "'");
            assertThat(firstCard(queries.get(page, null)).get("name").asText()).isEqualTo("Renamed unheard");
            assertThat(queries.get("/api/v1/tools/" + tool, null).json().get("name").asText())
                    .isEqualTo("Renamed unheard");
            s.executeUpdate("UPDATE read_model.tool_card SET name = '" + tool + "' WHERE tool_id = '" + tool + "'");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("shiporskip_query_page_cache_listening", "") == 1);
        assertThat(firstCard(queries.get(page, null)).get("name").asText()).isEqualTo(tool);

        // the serving generation drifts (by hand), is cached, and a rebuild switches to a generation without the drift
        try (Connection c = stack.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE read_model.tool_card SET tagline = 'Drifted' WHERE tool_id = '" + tool + "'");
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(firstCard(queries.get(page, null)).get("tagline").asText()).isEqualTo("Drifted"));
        long beforeSwitch = pageCacheHits();
        queries.get(page, null);
        assertThat(pageCacheHits()).isGreaterThan(beforeSwitch);
        JsonNode done = rebuildUntilFinished(Map.of());
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SWITCHED");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(firstCard(queries.get(page, null)).get("tagline").asText()).isEqualTo("Does things"));
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    /**
     * Anonymous reads of cached pages and cards are answered ahead of Spring Security and Spring MVC (the page cache's
     * shortcut): the same status, headers and body as the full path, which still answers everything else.
     */
    @Test
    @Order(5)
    void the_cached_answer_shortcut_answers_exactly_as_the_full_path() {
        Http queries = stack.queries();
        for (String path : List.of("/api/v1/comparisons/" + COMPARISON, "/api/v1/tools/" + TOOLS.get(0))) {
            String template = path.startsWith("/api/v1/tools/") ? "/api/v1/tools/{toolId}"
                    : "/api/v1/comparisons/{comparisonId}";
            String fullPathServed = "status=\"200\",uri=\"" + template + "\"";
            queries.get(path, null);
            double fullPathBefore = metric("http_server_requests_seconds_count", fullPathServed);
            long hitsBefore = pageCacheHits();
            Http.Reply shortcut = queries.get(path, null);
            assertThat(pageCacheHits()).as("served from memory").isEqualTo(hitsBefore + 1);
            assertThat(metric("http_server_requests_seconds_count", fullPathServed)).as("not by Spring MVC")
                    .isEqualTo(fullPathBefore);

            // a query parameter the endpoint ignores sends the same read the full way
            Http.Reply full = queries.get(path + "?via=full", null);
            assertThat(metric("http_server_requests_seconds_count", fullPathServed)).isEqualTo(fullPathBefore + 1);
            assertThat(shortcut.status()).isEqualTo(full.status()).isEqualTo(200);
            assertThat(withoutVaryingHeaders(shortcut)).isEqualTo(withoutVaryingHeaders(full));
            assertThat(withoutAsOf(shortcut)).isEqualTo(withoutAsOf(full));

            // credentials are always checked; a valid token reads the same answer
            assertThat(queries.get(path, "not-a-token").status()).isEqualTo(401);
            Http.Reply voter = queries.get(path, token("shortcut-reader", "voter"));
            assertThat(withoutAsOf(voter)).isEqualTo(withoutAsOf(shortcut));
            // the full path answers JSON whatever the client accepts (the controllers set the type): so does the shortcut
            Http.Reply html = queries.send("GET", path, null, null, "text/html");
            Http.Reply htmlFull = queries.send("GET", path + "?via=full", null, null, "text/html");
            assertThat(html.status()).isEqualTo(htmlFull.status()).isEqualTo(200);
            assertThat(withoutVaryingHeaders(html)).isEqualTo(withoutVaryingHeaders(htmlFull));
        }
    }

    /**
     * Announcements name the tools and comparisons a transaction changed: a vote on a tool the page does not list
     * leaves the page in memory, a vote on one it lists replaces it, and either vote's waitFor read sees the vote.
     */
    @Test
    @Order(6)
    void a_vote_drops_only_the_cached_answers_that_read_its_tool() {
        Http queries = stack.queries();
        String page = "/api/v1/comparisons/" + COMPARISON;
        String listed = TOOLS.get(0);
        String unlisted = TOOLS.get(5);
        String listedCard = "/api/v1/tools/" + listed;
        String unlistedCard = "/api/v1/tools/" + unlisted;
        // all three in memory: each second read is a hit
        for (String path : List.of(page, listedCard, unlistedCard)) {
            queries.get(path, null);
            long[] before = cacheCounts();
            queries.get(path, null);
            assertThat(delta(before)).as(path + " {hits, misses}").containsExactly(1, 0);
        }
        long skip = queries.get(unlistedCard, null).json().get("community").get("skip").asLong();

        String unlistedVote = vote(unlisted, "subject-voter", "SKIP");
        // the unlisted tool's card leaves memory only when this instance hears the vote's announcement: once a plain
        // read shows the vote, the announcement has been applied to the cache
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                queries.get(unlistedCard, null).json().get("community").get("skip").asLong() == skip + 1);
        long[] before = cacheCounts();
        queries.get(page, null);
        queries.get(listedCard, null);
        assertThat(delta(before)).as("the page and the listed tool's card stay in memory {hits, misses}")
                .containsExactly(2, 0);
        assertThat(queries.get(unlistedCard + "?waitFor=" + unlistedVote, null).json().get("community").get("skip")
                .asLong()).isEqualTo(skip + 1);

        long ship = firstCard(queries.get(page, null)).get("community").get("ship").asLong();
        String listedVote = vote(listed, "subject-voter", "SHIP");
        long[] beforeListed = cacheCounts();
        assertThat(firstCard(queries.get(page + "?waitFor=" + listedVote, null)).get("community").get("ship")
                .asLong()).isEqualTo(ship + 1);
        assertThat(delta(beforeListed)).as("the page read for the listed vote is not served from memory")
                .containsExactly(0, 1);
        assertThat(firstCard(queries.get(page, null)).get("community").get("ship").asLong()).isEqualTo(ship + 1);
        assertThat(queries.get(listedCard + "?waitFor=" + listedVote, null).json().get("community").get("ship")
                .asLong()).isEqualTo(ship + 1);
        assertTalliesAndEquality();
    }

    /** {hits, misses} of the query service's page cache. */
    private static long[] cacheCounts() {
        return new long[] {pageCacheHits(), (long) metric("shiporskip_query_page_cache_total", "result=\"miss\"")};
    }

    private static long[] delta(long[] before) {
        long[] now = cacheCounts();
        return new long[] {now[0] - before[0], now[1] - before[1]};
    }

    private static Map<String, List<String>> withoutVaryingHeaders(Http.Reply reply) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(reply.raw().headers().map());
        headers.remove("date");
        headers.remove("content-length"); // asOf has as many digits as its fraction of a second needs
        return headers;
    }

    private static JsonNode withoutAsOf(Http.Reply reply) {
        JsonNode json = reply.json().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("asOf");
        return json;
    }

    private static JsonNode firstCard(Http.Reply page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("tools").get(0);
    }

    private static long pageCacheHits() {
        return (long) metric("shiporskip_query_page_cache_total", "result=\"hit\"");
    }

    /** A value from the query service's Prometheus page: the first series of that name with that label. */
    private static double metric(String name, String label) {
        String text = stack.queries().send("GET", "/actuator/prometheus", null, null, "text/plain").body();
        return text.lines().filter(line -> (line.startsWith(name + " ") || line.startsWith(name + "{"))
                        && line.contains(label)).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + name + " " + label + " in\n" + text));
    }

    private static List<String> pages() {
        List<String> paths = new ArrayList<>(List.of("/api/v1/comparisons/" + COMPARISON, "/api/v1/comparisons",
                "/api/v1/tools/" + TOOLS.get(0) + "/history?limit=20",
                "/api/v1/analytics/tools/" + TOOLS.get(1) + "/votes?bucket=hour"));
        TOOLS.forEach(t -> paths.add("/api/v1/tools/" + t));
        return paths;
    }

    /** Starts a rebuild, follows its progress, returns its final status. */
    private static JsonNode rebuildUntilFinished(Map<String, Object> body) {
        Http.Reply started = projector.post("/api/v1/admin/rebuilds", ADMIN, body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().get("state").asText()).isEqualTo("RUNNING");
        return awaitFinished(started.json().get("rebuildId").asText());
    }

    private static JsonNode awaitFinished(String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.Reply reply = projector.get("/api/v1/admin/rebuilds/" + id, ADMIN);
            assertThat(reply.status()).isEqualTo(200);
            last[0] = reply.json();
            return !"RUNNING".equals(last[0].get("state").asText());
        });
        assertThat(last[0].get("finishedAt").isNull()).isFalse();
        return last[0];
    }

    private static int servingGeneration() {
        return projector.get("/api/v1/admin/projections", ADMIN).json().get("generation").asInt();
    }

    private static VoteLoad load(VoteLoad load) {
        VOTERS.addAll(load.voters());
        return load;
    }

    /** A single vote answered 200, recorded in the class's truth. */
    private static String vote(String tool, String voter, String choice) {
        Http.Reply reply = stack.commands().put("/api/v1/tools/" + tool + "/vote", token(voter, "voter"),
                Map.of("choice", choice));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        TRUTH.voted(tool, voter, choice);
        if (!VOTERS.contains(voter)) {
            VOTERS.add(voter);
        }
        return reply.json().get("token").asText();
    }

    /**
     * Cards, /me/votes, trends and history equal the fold of every acknowledged vote of this class, and the plain SQL
     * fold of the event store; then the projector's own equality proof.
     */
    private static void assertTalliesAndEquality() {
        ReadSide readSide = new ReadSide(stack.queries());
        readSide.awaitAgreesWith(TRUTH, TOOLS, VOTERS);
        StoreFold store = new StoreFold(stack.database);
        for (String tool : TOOLS) {
            assertThat(store.tally(tool)).as(tool).containsExactly(TRUTH.tally(tool));
            assertThat(store.voteEventCounts(tool)).as(tool).isEqualTo(TRUTH.eventCounts(tool));
        }
        readSide.awaitAgreesWith(store, TOOLS, VOTERS);
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    /** Removes every record the topic holds (retention would, in time): its first offsets are no longer 0. */
    private static void truncateTheTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(stack.topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(stack.topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(stack.topic, p), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((p, info) -> before.put(p, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(before).all().get(10, TimeUnit.SECONDS);
        }
    }
}
