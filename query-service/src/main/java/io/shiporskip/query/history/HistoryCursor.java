package io.shiporskip.query.history;

import io.shiporskip.support.problems.InvalidRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Where a history page ended: the writing transaction and row of its last entry, opaque to clients. */
record HistoryCursor(String txId, long seq) {

    private static final String PREFIX = "h1:";

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + txId + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static HistoryCursor parse(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.startsWith(PREFIX) ? plain.substring(PREFIX.length()).split(":") : new String[0];
            if (parts.length == 2 && parts[0].matches("[0-9]{1,20}") && parts[1].matches("[0-9]{1,19}")) {
                return new HistoryCursor(parts[0], Long.parseLong(parts[1]));
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through
        }
        throw new InvalidRequest("cursor is not one this service issued.");
    }
}
