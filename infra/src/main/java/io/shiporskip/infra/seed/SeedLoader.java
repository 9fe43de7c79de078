package io.shiporskip.infra.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.tokens.DevTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a comparison page (its tools, the comparison and every panel take) through the public HTTP API, as editors
 * and panelists would. Idempotent and converging: a tool that exists is edited back to the seed's fields, a take is
 * submitted again (identical ones store nothing), an existing comparison is left as it is.
 */
public final class SeedLoader {

    public static final String SEED_PAGE = "/seed/smolvlm-2-5-vs-vercel-ai-gateway-v0.json";

    private final Http commands;
    private final Http queries;
    private final String secret;

    public SeedLoader(String commandServiceUrl, String queryServiceUrl, String jwtSecret) {
        this.commands = new Http(commandServiceUrl);
        this.queries = new Http(queryServiceUrl);
        this.secret = jwtSecret;
    }

    /** Loads the seed page that ships with infra; returns its comparison id once the query service serves it. */
    public String loadSeedPage() {
        try (InputStream in = SeedLoader.class.getResourceAsStream(SEED_PAGE)) {
            if (in == null) {
                throw new IllegalStateException("seed data missing from the classpath: " + SEED_PAGE);
            }
            return load(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + SEED_PAGE, e);
        }
    }

    public String load(JsonNode page) {
        String editor = DevTokens.mint(secret, "seed-editor", List.of("editor"), null, Duration.ofMinutes(10));
        List<String> tokens = new ArrayList<>();
        for (JsonNode tool : page.get("tools")) {
            String toolId = tool.get("id").asText();
            Http.Reply listed = commands.post("/api/v1/tools", editor, tool);
            if (listed.status() == 409) {
                // listed by an earlier run: bring its fields back to the seed's (an edit that changes nothing stores nothing)
                var fields = ((com.fasterxml.jackson.databind.node.ObjectNode) tool.deepCopy()).without("id");
                listed = commands.patch("/api/v1/tools/" + toolId, editor, fields);
            }
            accept(listed, "tool " + toolId, tokens);
        }
        JsonNode comparison = page.get("comparison");
        String comparisonId = comparison.get("id").asText();
        accept(commands.post("/api/v1/comparisons", editor, comparison), "comparison " + comparisonId, tokens);
        for (JsonNode review : page.get("reviews")) {
            String persona = review.get("persona").asText();
            String panelist = DevTokens.mint(secret, "seed-panel-" + persona.toLowerCase(), List.of("panelist"),
                    persona, Duration.ofMinutes(10));
            String path = "/api/v1/tools/" + review.get("toolId").asText() + "/reviews/" + persona;
            var body = new ObjectMapper().createObjectNode()
                    .put("score", review.get("score").asInt())
                    .put("verdict", review.get("verdict").asText())
                    .put("text", review.get("text").asText());
            accept(commands.put(path, panelist, body), "review " + path, tokens);
        }
        awaitVisible(comparisonId, tokens);
        return comparisonId;
    }

    /** 2xx carries a token to wait for; 409 means it exists already (a previous run). */
    private static void accept(Http.Reply reply, String what, List<String> tokens) {
        if (reply.status() == 409) {
            return;
        }
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException("seeding " + what + " failed: " + reply.status() + " " + reply.body());
        }
        reply.header("Consistency-Token").filter(t -> !tokens.contains(t)).ifPresent(tokens::add);
    }

    /** The page spans several partitions (tools, comparison): it is complete once every write's token is reflected. */
    private void awaitVisible(String comparisonId, List<String> tokens) {
        String path = "/api/v1/comparisons/" + comparisonId + (tokens.isEmpty() ? "" : "?waitFor=" + String.join(",", tokens));
        for (int attempt = 0; attempt < 12; attempt++) {
            Http.Reply reply = queries.get(path, null);
            if (reply.status() == 200) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the seeded comparison " + comparisonId + " is not served by the query service");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
