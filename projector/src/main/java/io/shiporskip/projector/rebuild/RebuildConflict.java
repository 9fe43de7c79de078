package io.shiporskip.projector.rebuild;

import io.shiporskip.support.problems.RejectedException;

/** 409: another rebuild is running, or this one no longer is. */
class RebuildConflict extends RejectedException {

    private final String code;

    RebuildConflict(String code, String detail) {
        super(detail);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int status() {
        return 409;
    }
}
