package io.shiporskip.support.security;

/** A service was started without a usable way to verify tokens; the message names the variable to set. */
class TokenVerificationNotConfigured extends RuntimeException {

    TokenVerificationNotConfigured(String message) {
        super(message);
    }
}
