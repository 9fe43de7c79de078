package io.shiporskip.command.ratelimit;

import io.shiporskip.support.problems.RejectedException;

/** 429: the caller is over one of its write limits; {@code Retry-After} says when the next write will pass. */
final class TooManyRequests extends RejectedException {

    private final int retryAfterSeconds;

    TooManyRequests(String which, int retryAfterSeconds) {
        super("Too many writes from this " + which + ". Retry after " + retryAfterSeconds + " s.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public String code() {
        return "rate-limited";
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
