package io.shiporskip.query.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one rule for the read side's entity tags: a digest of the encoded representation, so a tag changes whenever
 * the body does (a card's version does not: votes and takes change the card too) and a conditional GET answers 304
 * only for the body the client holds. Weak, because a current page's {@code asOf} (the instant it is sent) is not part
 * of what is tagged.
 */
public final class EntityTags {

    /** 96 bits of SHA-256: collisions are out of reach for the number of answers one resource ever has. */
    private static final int DIGEST_BYTES = 12;

    private EntityTags() {
    }

    public static String of(byte[] json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, DIGEST_BYTES) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
