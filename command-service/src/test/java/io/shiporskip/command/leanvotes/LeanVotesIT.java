package io.shiporskip.command.leanvotes;

import io.shiporskip.command.CommandServiceApplication;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.tokens.DevTokens;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.shiporskip.command.TestRequests.token;
import static io.shiporskip.command.TestRequests.tool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean vote path answers exactly what the full chain answers. Two command services, each on its own fresh
 * PostgreSQL database and topic of the JVM's broker, one with {@code shiporskip.lean-votes.enabled=true} and one with
 * false, are brought to the same state and sent the same list of requests; every answer's status, headers (all but
 * {@code Date}; {@code Consistency-Token} by shape, as event ids differ) and body (byte for byte, the token replaced)
 * must be equal. A probe filter behind Spring Security counts the vote requests that reached the full chain, so the
 * test also shows which path answered.
 */
class LeanVotesIT {

    private static final String TOOL = "lean-tool";
    private static final String LOCKED = "locked-tool";
    private static final String VOTE = "/api/v1/tools/" + TOOL + "/vote";
    /** Per-voter limit of this test: 8 writes an hour, so the ninth is refused (429). */
    private static final int PER_VOTER = 8;

    private static Instance lean;
    private static Instance full;

    /** One running command service. */
    private record Instance(ConfigurableApplicationContext context, int port) {

        AtomicInteger reachedFullChain() {
            return context.getBean("fullChainProbeCount", AtomicInteger.class);
        }
    }

    @BeforeAll
    static void start() {
        lean = start(true);
        full = start(false);
        for (Instance instance : List.of(lean, full)) {
            prepare(instance);
        }
    }

    @AfterAll
    static void stop() {
        for (Instance instance : new Instance[]{lean, full}) {
            if (instance != null) {
                instance.context().close();
            }
        }
    }

    private static Instance start(boolean leanVotes) {
        PostgresEndpoint db = TestPostgres.freshDatabase();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandServiceApplication.class,
                FullChainProbe.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--shiporskip.events-topic=" + TestKafka.freshTopic(),
                "--shiporskip.rate-limits.per-voter.requests=" + PER_VOTER,
                "--shiporskip.rate-limits.per-voter.period=1h",
                "--shiporskip.rate-limits.per-address.requests=1000000",
                "--shiporskip.lean-votes.enabled=" + leanVotes);
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return new Instance(context, port);
    }

    /** The same state on both: two tools, one of them locked, one suspended voter. */
    private static void prepare(Instance instance) {
        String editor = token("ed", "editor");
        String moderator = token("mod", "moderator");
        assertThat(send(instance, json("POST", "/api/v1/tools", editor, toJson(tool(TOOL)))).status).isEqualTo(201);
        assertThat(send(instance, json("POST", "/api/v1/tools", editor, toJson(tool(LOCKED)))).status).isEqualTo(201);
        assertThat(send(instance, json("POST", "/api/v1/moderation/tools/" + LOCKED + "/lock", moderator,
                "{\"reason\":\"test\"}")).status).isIn(200, 202, 204);
        assertThat(send(instance, json("PUT", VOTE, token("suspended", "voter"), "{\"choice\":\"SHIP\"}")).status)
                .isEqualTo(200);
        assertThat(send(instance, json("POST", "/api/v1/moderation/voters/suspended/suspend", moderator,
                "{\"reason\":\"test\"}")).status).isIn(200, 202, 204);
    }

    /** A request as sent: method, path, headers in order, body (null: none). */
    private record Request(String name, String method, String path, Map<String, String> headers, String body) {
    }

    private static Request json(String method, String path, String token, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return new Request(method + " " + path, method, path, headers, body);
    }

    private static Request with(Request request, String name, String header, String value) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put(header, value);
        return new Request(name, request.method(), request.path(), headers, request.body());
    }

    private static Request named(Request request, String name) {
        return new Request(name, request.method(), request.path(), request.headers(), request.body());
    }

    private static String toJson(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer as received. */
    private record Answer(int status, Map<String, List<String>> headers, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Answer send(Instance instance, Request request) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port()
                    + request.path())).timeout(Duration.ofSeconds(30));
            request.headers().forEach(builder::header);
            builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), new TreeMap<>(response.headers().map()), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(request.name() + " failed", e);
        }
    }

    /** The requests, in order; the state each leaves is the next one's. */
    private static List<Request> requests() {
        String voter = token("lean-voter", "voter");
        String admin = token("lean-admin", "admin");
        String expired = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "lean-voter", List.of("voter"), null,
                Duration.ofHours(-1));
        String badSignature = voter.substring(0, voter.length() - 2) + (voter.endsWith("A") ? "BB" : "AA");
        String ship = "{\"choice\":\"SHIP\"}";
        String skip = "{\"choice\":\"SKIP\"}";
        List<Request> requests = new ArrayList<>(List.of(
                named(json("PUT", VOTE, voter, ship), "first vote"),
                named(json("PUT", VOTE, voter, ship), "same vote again (no-op)"),
                named(json("PUT", VOTE, voter, skip), "change"),
                named(json("DELETE", VOTE, voter, null), "retract"),
                named(json("DELETE", VOTE, voter, null), "retract again (404)"),
                named(json("PUT", VOTE, admin, skip), "an admin votes"),
                named(json("PUT", "/api/v1/tools/no-such-tool/vote", fresh(), ship), "unknown tool"),
                named(json("DELETE", "/api/v1/tools/no-such-tool/vote", fresh(), null), "retract on an unknown tool"),
                named(json("PUT", "/api/v1/tools/" + LOCKED + "/vote", fresh(), ship), "locked tool (409)"),
                named(json("PUT", VOTE, token("suspended", "voter"), skip), "suspended voter (403)"),
                named(json("PUT", VOTE, fresh(), "{\"choice\":"), "bad JSON"),
                named(json("PUT", VOTE, fresh(), "{\"choice\":\"SHIP\",\"weight\":2}"), "unknown field"),
                named(json("PUT", VOTE, fresh(), "{\"choice\":\"MAYBE\"}"), "wrong choice value"),
                named(json("PUT", VOTE, fresh(), "{\"choice\":null}"), "null choice"),
                named(json("PUT", VOTE, fresh(), "{\"choice\":\"SHIP\",\"choice\":\"SKIP\"}"), "repeated key"),
                named(json("PUT", VOTE, fresh(), "{}"), "empty object"),
                named(json("PUT", VOTE, fresh(), " "), "blank body"),
                named(with(json("PUT", VOTE, fresh(), null), "missing body", "Content-Type", "application/json"),
                        "missing body"),
                named(with(json("PUT", VOTE, fresh(), ship), "", "Content-Type", "text/plain"), "wrong content type"),
                named(with(json("PUT", VOTE, fresh(), ship), "", "Content-Type", "application/json;charset=UTF-8"),
                        "content type with charset"),
                named(json("PUT", VOTE, null, ship), "no token"),
                named(json("PUT", VOTE, "not.a.token", ship), "bad token"),
                named(json("PUT", VOTE, badSignature, ship), "bad signature"),
                named(json("PUT", VOTE, expired, ship), "expired token"),
                named(json("PUT", VOTE, token("ed", "editor"), ship), "token without voter role (403)"),
                named(json("DELETE", VOTE, token("ed", "editor"), null), "retract without voter role (403)"),
                named(json("PUT", "/api/v1/tools/Bad_Slug/vote", fresh(), ship), "invalid slug"),
                named(json("DELETE", "/api/v1/tools/Bad_Slug/vote", fresh(), null), "invalid slug, retract"),
                named(json("PUT", VOTE + "?x=1", fresh(), ship), "query string"),
                named(with(json("PUT", VOTE, fresh(), ship), "", "Origin", "http://localhost:8082"),
                        "Origin header (allowed origin)"),
                named(with(json("PUT", VOTE, fresh(), skip), "", "Origin", "http://evil.example"),
                        "Origin header (other origin)"),
                named(with(json("PUT", VOTE, fresh(), ship), "", "Accept", "text/html"), "Accept text/html"),
                named(with(json("PUT", VOTE, fresh(), skip), "", "Accept", "*/*"), "Accept */*"),
                named(with(json("PUT", VOTE, fresh(), ship), "", "Accept", "application/json"), "Accept json"),
                named(with(json("DELETE", VOTE, fresh(), null), "", "Accept", "application/xml"), "DELETE Accept xml"),
                named(with(json("PUT", VOTE, fresh(), skip), "", "X-Note", "a note"), "another header")));
        // the rate limit: a fresh voter's ninth write in the hour is refused
        String hasty = token("hasty", "voter");
        for (int i = 1; i <= PER_VOTER + 1; i++) {
            requests.add(named(json("PUT", VOTE, hasty, i % 2 == 0 ? ship : skip), "hasty voter, write " + i));
        }
        requests.add(named(json("DELETE", VOTE, hasty, null), "hasty voter retracts (429)"));
        return requests;
    }

    private static final AtomicInteger VOTERS = new AtomicInteger();

    /** A voter of its own for each request that is not part of a sequence, so the per-voter limit stays out of reach. */
    private static String fresh() {
        return token("lean-voter-" + VOTERS.incrementAndGet(), "voter");
    }

    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{20,200}");
    private static final Pattern RETRY_SECONDS = Pattern.compile("Retry after (\\d+) s\\.");

    @Test
    void the_lean_path_answers_what_the_full_chain_answers() {
        int leanBefore = lean.reachedFullChain().get();
        int fullBefore = full.reachedFullChain().get();
        List<Request> requests = requests();
        List<String> answeredLean = new ArrayList<>();
        for (Request request : requests) {
            int probe = lean.reachedFullChain().get();
            Answer viaLean = send(lean, request);
            if (lean.reachedFullChain().get() == probe) {
                answeredLean.add(request.name());
            }
            Answer viaFull = send(full, request);
            assertEquivalent(request, viaLean, viaFull);
        }
        // every request reached the full chain of the instance without the lean path
        assertThat(full.reachedFullChain().get() - fullBefore).isEqualTo(requests.size());
        // the usual ones were answered by the lean path; everything unusual went on to the full chain
        assertThat(answeredLean).containsExactly("first vote", "same vote again (no-op)", "change", "retract",
                "retract again (404)", "an admin votes", "unknown tool", "retract on an unknown tool",
                "locked tool (409)", "suspended voter (403)", "Accept */*", "Accept json", "another header",
                "hasty voter, write 1", "hasty voter, write 2", "hasty voter, write 3", "hasty voter, write 4",
                "hasty voter, write 5", "hasty voter, write 6", "hasty voter, write 7", "hasty voter, write 8",
                "hasty voter, write 9", "hasty voter retracts (429)");
        assertThat(lean.reachedFullChain().get() - leanBefore).isEqualTo(requests.size() - answeredLean.size());
    }

    @Test
    void an_unusual_vote_reaches_the_full_chain_with_its_body() {
        String voter = token("probe-voter", "voter");
        int before = lean.reachedFullChain().get();
        // usual: the lean path answers, nothing reaches the filters behind Spring Security
        Answer usual = send(lean, json("PUT", VOTE, voter, "{\"choice\":\"SHIP\"}"));
        assertThat(usual.status()).as(usual.body()).isEqualTo(200);
        assertThat(lean.reachedFullChain().get()).isEqualTo(before);
        // unusual only by its Accept header (q-values): the full chain answers, and it read the replayed body
        Answer unusual = send(lean, with(json("PUT", VOTE, voter, "{\"choice\":\"SKIP\"}"), "",
                "Accept", "application/json;q=0.9"));
        assertThat(unusual.status()).as(unusual.body()).isEqualTo(200);
        assertThat(unusual.body()).contains("\"choice\":\"SKIP\"", "\"changed\":true");
        assertThat(lean.reachedFullChain().get()).isEqualTo(before + 1);
    }

    /**
     * Review: traits the lean path must hand to the full chain untouched (chunked and oversized bodies, a body on a
     * DELETE, a lower-case scheme, a second Authorization header, HEAD and OPTIONS): same answers on both instances,
     * and every one reached the lean instance's full chain.
     */
    @Test
    void unusual_framings_reach_the_full_chain_and_answer_alike() throws Exception {
        String padded = "{\"choice\":\"SHIP\"" + " ".repeat(300) + "}";
        List<Request> requests = List.of(
                named(json("PUT", VOTE, fresh(), padded), "oversized body (300 bytes of valid JSON)"),
                named(json("DELETE", VOTE, fresh(), "{}"), "DELETE with a body"),
                named(with(json("PUT", VOTE, null, "{\"choice\":\"SKIP\"}"), "", "Authorization",
                        "bearer " + fresh()), "lower-case bearer scheme"),
                named(json("HEAD", VOTE, fresh(), null), "HEAD"),
                named(json("OPTIONS", VOTE, fresh(), null), "OPTIONS"),
                named(json("GET", VOTE, fresh(), null), "GET"));
        for (Request request : requests) {
            int probe = lean.reachedFullChain().get();
            Answer viaLean = send(lean, request);
            assertThat(lean.reachedFullChain().get()).as(request.name() + " reached the full chain").isEqualTo(probe + 1);
            assertEquivalent(request, viaLean, send(full, request));
        }
        for (boolean twoAuthorizations : List.of(false, true)) {
            String name = twoAuthorizations ? "two Authorization headers" : "chunked PUT";
            int probe = lean.reachedFullChain().get();
            Answer viaLean = sendRaw(lean, twoAuthorizations);
            assertThat(lean.reachedFullChain().get()).as(name + " reached the full chain").isEqualTo(probe + 1);
            assertEquivalent(new Request(name, "PUT", VOTE, Map.of(), null), viaLean, sendRaw(full, twoAuthorizations));
        }
    }

    /** A chunked PUT (no Content-Length), or a PUT with two Authorization headers; a fresh voter each. */
    private static Answer sendRaw(Instance instance, boolean twoAuthorizations) throws Exception {
        String token = fresh();
        byte[] body = "{\"choice\":\"SHIP\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + VOTE))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token);
        if (twoAuthorizations) {
            builder.header("Authorization", "Bearer " + token);
            builder.PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        }
        HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), new TreeMap<>(response.headers().map()), response.body());
    }

    private static void assertEquivalent(Request request, Answer viaLean, Answer viaFull) {
        String what = request.name() + "\nlean: " + viaLean + "\nfull: " + viaFull;
        assertThat(viaLean.status()).as(what).isEqualTo(viaFull.status());
        assertThat(normalizedHeaders(viaLean, what)).as(what).isEqualTo(normalizedHeaders(viaFull, what));
        assertThat(normalizedBody(viaLean, what)).as(what).isEqualTo(normalizedBody(viaFull, what));
        if (viaFull.status() == 429) {
            int leanWait = Integer.parseInt(viaLean.headers().get("retry-after").get(0));
            int fullWait = Integer.parseInt(viaFull.headers().get("retry-after").get(0));
            // the database's clock decides the wait: the two instances asked it a few ms apart
            assertThat(Math.abs(leanWait - fullWait)).as(what).isLessThanOrEqualTo(1);
            assertThat(leanWait).as(what).isBetween(1, 3600 / PER_VOTER);
        }
    }

    private static Map<String, List<String>> normalizedHeaders(Answer answer, String what) {
        Map<String, List<String>> headers = new TreeMap<>(answer.headers());
        headers.remove("date");
        List<String> token = headers.get("consistency-token");
        if (token != null) {
            assertThat(token).as(what).hasSize(1);
            assertThat(token.get(0)).as(what).matches(TOKEN_SHAPE);
            headers.put("consistency-token", List.of("<token of length " + token.get(0).length() + ">"));
        }
        if (answer.status() == 429) {
            headers.put("retry-after", List.of("<seconds>"));
        }
        return headers;
    }

    private static String normalizedBody(Answer answer, String what) {
        String body = answer.body();
        List<String> token = answer.headers().get("consistency-token");
        if (token != null && !body.isEmpty()) {
            assertThat(body).as(what).contains("\"token\":\"" + token.get(0) + "\"");
            body = body.replace(token.get(0), "<token>");
        }
        if (answer.status() == 429) {
            Matcher seconds = RETRY_SECONDS.matcher(body);
            assertThat(seconds.find()).as(what).isTrue();
            body = seconds.replaceAll("Retry after <n> s.");
        }
        return body;
    }

    /** Counts vote requests handed on to the full chain: a filter right after the lean path, ahead of Spring Security. */
    @Configuration(proxyBeanMethods = false)
    static class FullChainProbe {

        @Bean
        AtomicInteger fullChainProbeCount() {
            return new AtomicInteger();
        }

        @Bean
        FilterRegistrationBean<Filter> fullChainProbe(AtomicInteger fullChainProbeCount) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                if (request instanceof HttpServletRequest http && http.getRequestURI().endsWith("/vote")) {
                    fullChainProbeCount.incrementAndGet();
                }
                chain.doFilter(request, response);
            });
            registration.setOrder(LeanVotesConfiguration.ORDER + 1);
            return registration;
        }
    }
}
