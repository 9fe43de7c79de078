package io.shiporskip.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque token a successful command answers with. The query service answers {@code waitFor=<token>} once the
 * read models reflect it. Two forms:
 * <ul>
 *   <li>one event: the event the command stored, or for a command that changed nothing, the event that made it a
 *   no-op ({@code eventId} set);</li>
 *   <li>several events (a suspension voids votes on many tools, which land in different partitions): the command's
 *   id and how many events it stored ({@code commandId}, {@code eventCount} set).</li>
 * </ul>
 */
public record ConsistencyToken(String eventId, String commandId, int eventCount) {

    private static final String EVENT = "e1:";
    private static final String COMMAND = "c1:";

    public static ConsistencyToken ofEvent(String eventId) {
        return new ConsistencyToken(eventId, null, 1);
    }

    public static ConsistencyToken ofCommand(String commandId, int eventCount) {
        return new ConsistencyToken(null, commandId, eventCount);
    }

    public boolean isSingleEvent() {
        return eventId != null;
    }

    public String encode() {
        String plain = isSingleEvent() ? EVENT + eventId : COMMAND + eventCount + ":" + commandId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<ConsistencyToken> parse(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (plain.length() > 200) {
                return Optional.empty();
            }
            if (plain.startsWith(EVENT) && plain.length() > EVENT.length()) {
                return Optional.of(ofEvent(plain.substring(EVENT.length())));
            }
            if (plain.startsWith(COMMAND)) {
                String[] parts = plain.substring(COMMAND.length()).split(":", 2);
                if (parts.length == 2 && parts[0].matches("[1-9][0-9]{0,6}") && !parts[1].isEmpty()) {
                    return Optional.of(ofCommand(parts[1], Integer.parseInt(parts[0])));
                }
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through: not a token of ours
        }
        return Optional.empty();
    }
}
