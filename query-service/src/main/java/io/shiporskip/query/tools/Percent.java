package io.shiporskip.query.tools;

/** Whole percentages rounded half up, in integer arithmetic so that 50.5 never becomes 50 through binary floats. */
final class Percent {

    private Percent() {
    }

    static int halfUp(int part, int whole) {
        if (whole <= 0 || part < 0) {
            throw new IllegalArgumentException("percent of " + part + "/" + whole);
        }
        return (200 * part + whole) / (2 * whole);
    }
}
