package io.shiporskip.contracts.panel;

/** A panelist's call on a tool. */
public enum Verdict {
    SHIP, SKIP
}
