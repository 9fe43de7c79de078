package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.support.problems.RejectedException;

/** A panelist may only write as the persona in their token. */
public final class WrongPersona extends RejectedException {

    public WrongPersona(Persona persona) {
        super("Your token does not carry the " + persona + " persona.");
    }

    @Override
    public String code() {
        return "wrong-persona";
    }

    @Override
    public int status() {
        return 403;
    }
}
