package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.tokens.DevTokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: every subject the API accepts as a voter can be moderated, found in the audit history and in vote
 * bursts; every subject it cannot handle safely is refused at the door (401) on every service, storing nothing.
 */
class IdentitiesIT {

    /** Real-world {@code sub} shapes: plain, e-mail, UUID, Auth0, LDAP DN, URL, percent, semicolon, long, unicode. */
    private static final List<String> SUBJECTS = List.of(
            "alice",
            "ada.lovelace@example.org",
            "3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c",
            "auth0|5f7c8ec",
            "cn=Ada Lovelace,ou=people,dc=example,dc=org",
            "https://idp.example.org/users/42",
            "legacy%2Fuser%41 100%",
            "tenant;user=7",
            "long-200-" + "x".repeat(191),
            "long-255-" + "y".repeat(246),
            "zoë");

    private static final String MODERATOR = token("mod-ident", "moderator");
    private static final String BYSTANDER = token("bystander", "voter");

    private static RunningStack stack;
    private static Http commands;
    private static Http queries;
    private static Http projector;

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("identities");
        commands = stack.commands();
        queries = stack.queries();
        projector = new Http(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
        } finally {
            stack.close();
        }
    }

    /** The voter key as the API documents it, computed here independently: base64url of the UTF-8, no padding. */
    private static String keyOf(String subject) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(subject.getBytes(StandardCharsets.UTF_8));
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String voterToken(String subject) {
        return DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, subject, List.of("voter"), null, Duration.ofHours(1));
    }

    private static String tokenOf(Http.Reply reply) {
        return reply.header("Consistency-Token")
                .orElseThrow(() -> new AssertionError("no token: " + reply.status() + " " + reply.body()));
    }

    private static JsonNode community(String toolId, String waitFor) {
        Http.Reply reply = queries.get("/api/v1/tools/" + toolId + "?waitFor=" + encoded(waitFor), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("community");
    }

    private static String vote(String toolId, String voter, String choice) {
        Http.Reply reply = commands.put("/api/v1/tools/" + toolId + "/vote", voter, Map.of("choice", choice));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return tokenOf(reply);
    }

    private static String moderate(String path, int expectedStatus) {
        Http.Reply reply = commands.post(path, MODERATOR, Map.of("reason", "identities test"));
        assertThat(reply.status()).as(path + " -> " + reply.body()).isEqualTo(expectedStatus);
        return tokenOf(reply);
    }

    private static List<JsonNode> history(String toolId, String filter, String waitFor) {
        Http.Reply reply = queries.get("/api/v1/tools/" + toolId + "/history?" + filter + "&waitFor=" + encoded(waitFor),
                MODERATOR);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        reply.json().get("events").forEach(events::add);
        return events;
    }

    // --- accepted subjects --------------------------------------------------------------------------------------

    @Test
    void every_accepted_subject_can_be_voided_suspended_reinstated_and_found_in_history_and_bursts() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < SUBJECTS.size(); i++) {
            String subject = SUBJECTS.get(i);
            try {
                moderatedEndToEnd("ident-" + i, subject);
            } catch (AssertionError | RuntimeException e) {
                failures.add(subject + ": " + e.getMessage().lines().limit(6).toList());
            }
        }
        assertThat(failures).as("subjects that could not be moderated end to end").isEmpty();
    }

    private static void moderatedEndToEnd(String toolId, String subject) {
        String voter = voterToken(subject);
        String key = keyOf(subject);
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool(toolId, toolId)).status()).isEqualTo(201);
        vote(toolId, BYSTANDER, "SKIP");

        String cast = vote(toolId, voter, "SHIP");
        assertThat(community(toolId, cast).get("ship").asInt()).isEqualTo(1);

        // bursts name the voter and the key to moderate them by
        Http.Reply bursts = queries.get("/api/v1/moderation/vote-bursts?window=PT1H&minVotes=1&factor=1&limit=100&waitFor="
                + encoded(cast), MODERATOR);
        assertThat(bursts.status()).as(bursts.body()).isEqualTo(200);
        List<JsonNode> ours = new ArrayList<>();
        for (JsonNode burst : bursts.json().get("bursts")) {
            if (burst.get("toolId").asText().equals(toolId)) {
                burst.get("voters").forEach(v -> {
                    if (v.get("voterId").asText().equals(subject)) {
                        ours.add(v);
                    }
                });
            }
        }
        assertThat(ours).as(bursts.body()).hasSize(1);
        assertThat(ours.get(0).path("voterKey").asText()).isEqualTo(key);

        // void: the tally goes back by one
        String voided = moderate("/api/v1/moderation/tools/" + toolId + "/votes/by-key/" + key + "/void", 200);
        JsonNode afterVoid = community(toolId, voided);
        assertThat(afterVoid.get("ship").asInt()).isZero();
        assertThat(afterVoid.get("skip").asInt()).isEqualTo(1);

        // suspend: the new vote is voided and further votes are refused; reinstate: voting works again
        String again = vote(toolId, voter, "SHIP");
        assertThat(community(toolId, again).get("ship").asInt()).isEqualTo(1);
        String suspended = moderate("/api/v1/moderation/voters/by-key/" + key + "/suspend", 202);
        assertThat(community(toolId, suspended).get("ship").asInt()).isZero();
        Http.Reply refused = commands.put("/api/v1/tools/" + toolId + "/vote", voter, Map.of("choice", "SHIP"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("/voter-suspended");
        moderate("/api/v1/moderation/voters/by-key/" + key + "/reinstate", 200);
        String last = vote(toolId, voter, "SHIP");
        JsonNode finalTally = community(toolId, last);
        assertThat(finalTally.get("ship").asInt()).isEqualTo(1);
        assertThat(finalTally.get("skip").asInt()).isEqualTo(1);

        // history by actor: exactly this voter's three votes, not the bystander's nor the moderator's events. History
        // serves only transactions older than every running one (docs/api.md), so it may trail the waitFor a moment.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> byActor = history(toolId, "actor=" + encoded(subject), last);
            assertThat(byActor).extracting(e -> e.get("type").asText())
                    .containsExactly("VoteCast", "VoteCast", "VoteCast");
            for (JsonNode event : byActor) {
                assertThat(event.get("actor").get("id").asText()).isEqualTo(subject);
                assertThat(event.get("actor").path("key").asText()).isEqualTo(key);
                assertThat(event.get("data").get("voterId").asText()).isEqualTo(subject);
            }
            List<JsonNode> byKey = history(toolId, "actorKey=" + key, last);
            assertThat(byKey).extracting(e -> e.get("eventId").asText())
                    .containsExactlyElementsOf(byActor.stream().map(e -> e.get("eventId").asText()).toList());
        });
    }

    @Test
    void plain_subjects_are_still_moderated_by_the_old_path_form() {
        String toolId = "ident-old-form";
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool(toolId, toolId)).status()).isEqualTo(201);
        String cast = vote(toolId, voterToken("auth0|old-form"), "SHIP");
        assertThat(community(toolId, cast).get("ship").asInt()).isEqualTo(1);

        String voided = moderate("/api/v1/moderation/tools/" + toolId + "/votes/auth0%7Cold-form/void", 200);

        assertThat(community(toolId, voided).get("ship").asInt()).isZero();
        moderate("/api/v1/moderation/voters/auth0%7Cold-form/suspend", 202);
        moderate("/api/v1/moderation/voters/auth0%7Cold-form/reinstate", 200);
    }

    @Test
    void paths_the_old_form_cannot_carry_are_refused_as_problems_never_as_server_pages() {
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("ident-paths", "ident-paths")).status())
                .isEqualTo(201);
        vote("ident-paths", BYSTANDER, "SHIP");
        long before = stack.storedEvents();
        List<String> paths = List.of("a%2Fb", "a%2fb", "%25", "a%25b", "a;b", "a%3Bb", "a%20b", "x".repeat(256),
                "a%5Cb", "%2e%2e");
        for (String voterId : paths) {
            for (String path : List.of("/api/v1/moderation/voters/" + voterId + "/suspend",
                    "/api/v1/moderation/tools/ident-paths/votes/" + voterId + "/void")) {
                Http.Reply reply = commands.post(path, MODERATOR, Map.of("reason", "identities test"));
                assertThat(reply.status()).as(path + " -> " + reply.body()).isEqualTo(400);
                assertThat(reply.contentType()).as(path + " -> " + reply.body()).startsWith("application/problem+json");
            }
        }
        for (String voterKey : List.of("a%2Fb", "%25", "not*base64", "A", "AA%3D%3D", "AAEC")) {
            String path = "/api/v1/moderation/voters/by-key/" + voterKey + "/suspend";
            Http.Reply reply = commands.post(path, MODERATOR, Map.of("reason", "identities test"));
            assertThat(reply.status()).as(path + " -> " + reply.body()).isEqualTo(400);
            assertThat(reply.contentType()).as(path + " -> " + reply.body()).startsWith("application/problem+json");
        }
        Http.Reply history = queries.get("/api/v1/tools/a%2Fb/history", MODERATOR);
        assertThat(history.status()).as(history.body()).isEqualTo(400);
        assertThat(history.contentType()).as(history.body()).startsWith("application/problem+json");
        Http.Reply badKey = queries.get("/api/v1/tools/ident-paths/history?actorKey=not*base64", MODERATOR);
        assertThat(badKey.status()).as(badKey.body()).isEqualTo(400);
        assertThat(badKey.contentType()).startsWith("application/problem+json");
        assertThat(stack.storedEvents()).as("nothing stored").isEqualTo(before);
    }

    // --- refused subjects and tokens ----------------------------------------------------------------------------

    @Test
    void tokens_without_a_usable_subject_or_without_an_expiry_are_refused_by_every_service_and_store_nothing() {
        Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
        refused.put("no sub", claims(null, true));
        refused.put("empty sub", claims("", true));
        refused.put("blank sub", claims("   ", true));
        refused.put("no exp", claims("no-expiry", false));
        refused.put("control character in sub", claims("bob\nmallory", true));
        refused.put("NUL in sub", claims("nul\u0000", true));
        refused.put("sub over 255 characters", claims("z".repeat(256), true));
        // a tool that exists, so a token wrongly accepted would store a vote
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("ident-refused", "ident-refused")).status())
                .isEqualTo(201);
        long before = stack.storedEvents();
        long votersBefore = stack.count("SELECT count(*) FROM event_store.voter_registry");

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : refused.entrySet()) {
            String jwt = DevTokens.sign(DevTokens.LOCAL_DEV_SECRET, Map.of("alg", "HS256", "typ", "JWT"), entry.getValue());
            List<Http.Reply> replies = List.of(
                    commands.put("/api/v1/tools/ident-refused/vote", jwt, Map.of("choice", "SHIP")),
                    commands.post("/api/v1/moderation/voters/someone/suspend", jwt, Map.of("reason", "r")),
                    queries.get("/api/v1/me/votes", jwt),
                    queries.get("/api/v1/tools/ident-refused", jwt),
                    projector.get("/api/v1/admin/projections", jwt));
            for (Http.Reply reply : replies) {
                if (reply.status() != 401 || !reply.contentType().startsWith("application/problem+json")
                        || !reply.json().path("type").asText().endsWith("/unauthenticated")
                        || !reply.json().path("detail").asText().contains(entry.getKey().contains("exp") ? "(exp)" : "(sub)")) {
                    wrong.add(entry.getKey() + " " + reply.raw().request().uri().getPath() + ": " + reply.status() + " "
                            + reply.body());
                }
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(stack.storedEvents()).as("nothing stored").isEqualTo(before);
        assertThat(stack.count("SELECT count(*) FROM event_store.voter_registry")).isEqualTo(votersBefore);
    }

    /** A voter-and-admin token's claims; {@code subject} null leaves {@code sub} out, {@code expires} false {@code exp}. */
    private static Map<String, Object> claims(String subject, boolean expires) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (subject != null) {
            claims.put("sub", subject);
        }
        claims.put("roles", List.of("voter", "moderator", "admin"));
        claims.put("iat", Instant.now().getEpochSecond());
        if (expires) {
            claims.put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        }
        return claims;
    }
}
