package io.shiporskip.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque token a successful command answers with: it names the last event the command stored (or, for a command
 * that changed nothing, the event that made it a no-op). The query service answers {@code waitFor=<token>} once the
 * read models have applied that event.
 */
public record ConsistencyToken(String eventId) {

    private static final String PREFIX = "e1:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + eventId).getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<ConsistencyToken> parse(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX) && decoded.length() > PREFIX.length() && decoded.length() < 200) {
                return Optional.of(new ConsistencyToken(decoded.substring(PREFIX.length())));
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through: not a token of ours
        }
        return Optional.empty();
    }
}
