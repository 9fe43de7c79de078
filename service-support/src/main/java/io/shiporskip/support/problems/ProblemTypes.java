package io.shiporskip.support.problems;

import java.net.URI;

/** Problem {@code type}s are stable URIs built from a short code; docs/api.md lists every code. */
public final class ProblemTypes {

    public static final String BASE = "https://shiporskip.io/problems/";

    private ProblemTypes() {
    }

    public static URI of(String code) {
        return URI.create(BASE + code);
    }
}
