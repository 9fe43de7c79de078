package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.support.problems.RejectedException;

/** The persona has no current take on the tool. */
public final class NoReview extends RejectedException {

    public NoReview(String toolId, Persona persona) {
        super("The " + persona + " persona has no current take on '" + toolId + "'.");
    }

    @Override
    public String code() {
        return "no-review";
    }

    @Override
    public int status() {
        return 404;
    }
}
