package io.shiporskip.support.problems;

/**
 * A request refused for a reason the client can act on. The code becomes the problem {@code type}; the message is
 * the {@code detail} shown to the client, so it must never carry internals.
 */
public abstract class RejectedException extends RuntimeException {

    protected RejectedException(String detail) {
        super(detail, null, false, false);
    }

    /** Stable, documented code, e.g. {@code no-current-vote}. */
    public abstract String code();

    /** The HTTP status this rejection answers with. */
    public abstract int status();

    /** Seconds for a {@code Retry-After} header, for rejections that will pass by themselves; 0 for none. */
    public int retryAfterSeconds() {
        return 0;
    }
}
