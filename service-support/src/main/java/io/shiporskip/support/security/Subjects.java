package io.shiporskip.support.security;

import java.util.Optional;

/**
 * The one rule for what a token subject ({@code sub}) may be, since the subject becomes a voter id that moderators
 * must be able to address: any non-blank text of at most {@value #MAX_LENGTH} characters (code points) without
 * control characters or unpaired surrogates. LDAP DNs, URLs, e-mail addresses, UUIDs and {@code auth0|...} ids all
 * pass; what fails cannot be stored (NUL), logged safely (line breaks) or typed by a moderator (blank, absurd length).
 */
public final class Subjects {

    public static final int MAX_LENGTH = 255;

    static final String MISSING = "The token has no subject (sub): a non-blank string is required.";
    static final String CONTROL = "The token's subject (sub) contains control characters or unpaired surrogates.";
    static final String TOO_LONG = "The token's subject (sub) is longer than " + MAX_LENGTH + " characters.";

    private Subjects() {
    }

    /** Why {@code sub} cannot be a voter id, or empty when it can. The texts are fixed: safe to show to clients. */
    public static Optional<String> refusal(Object sub) {
        if (!(sub instanceof String subject) || subject.isBlank()) {
            return Optional.of(MISSING);
        }
        if (subject.codePointCount(0, subject.length()) > MAX_LENGTH) {
            return Optional.of(TOO_LONG);
        }
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(CONTROL);
            }
            if (Character.isHighSurrogate(c) && i + 1 < subject.length() && Character.isLowSurrogate(subject.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(CONTROL);
            }
        }
        return Optional.empty();
    }

    public static boolean acceptable(Object sub) {
        return refusal(sub).isEmpty();
    }
}
