package io.shiporskip.support.security;

import io.shiporskip.support.problems.InvalidRequest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A voter key names a voter in a URL path whatever their subject holds ('/', '%', ';', spaces, unicode): base64url of
 * the subject's UTF-8 bytes, without padding. History and vote bursts show it beside the voter id; the moderation
 * endpoints accept it (docs/api.md, "Voter keys").
 */
public final class VoterKeys {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private VoterKeys() {
    }

    public static String of(String voterId) {
        return voterId == null ? null : ENCODER.encodeToString(voterId.getBytes(StandardCharsets.UTF_8));
    }

    /** The voter id a key names; 400 {@code validation} when it is not a key of an acceptable subject. */
    public static String voterId(String key) {
        String subject;
        try {
            subject = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(DECODER.decode(key))).toString();
        } catch (IllegalArgumentException | CharacterCodingException notAKey) {
            throw new InvalidRequest("'" + printable(key) + "' is not a voter key (base64url of the voter id's UTF-8).");
        }
        if (!Subjects.acceptable(subject)) {
            throw new InvalidRequest("The voter key does not name a possible voter: blank, longer than "
                    + Subjects.MAX_LENGTH + " characters, or with control characters.");
        }
        return subject;
    }

    /** Echoes at most 40 characters of the key back, so a huge or odd path does not end up whole in the answer. */
    private static String printable(String key) {
        String shown = key.length() > 40 ? key.substring(0, 40) + "…" : key;
        return shown.replaceAll("[^A-Za-z0-9_=+/-]", "?");
    }
}
