package io.shiporskip.support.problems;

/** A request parameter or header that is not acceptable, beyond what bean validation checks: 400 {@code validation}. */
public final class InvalidRequest extends RejectedException {

    public InvalidRequest(String detail) {
        super(detail);
    }

    @Override
    public String code() {
        return "validation";
    }

    @Override
    public int status() {
        return 400;
    }
}
