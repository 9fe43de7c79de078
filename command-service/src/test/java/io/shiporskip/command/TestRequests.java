package io.shiporskip.command;

import io.shiporskip.infra.tokens.DevTokens;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the command service's integration tests send: development tokens and a valid tool listing. */
public final class TestRequests {

    private TestRequests() {
    }

    /** A development token (the local profile's public secret) for {@code sub} with {@code roles}, valid an hour. */
    public static String token(String sub, String... roles) {
        return DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, sub, List.of(roles), null, Duration.ofHours(1));
    }

    /** The body of {@code POST /api/v1/tools} for a free tool with the id {@code id}. */
    public static Map<String, Object> tool(String id) {
        return Map.of("id", id, "name", "Tool " + id, "tagline", "Does things", "description", "A tool.",
                "category", "Developer Tools", "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"),
                "bestFor", "Trying things");
    }
}
