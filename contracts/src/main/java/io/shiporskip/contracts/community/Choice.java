package io.shiporskip.contracts.community;

public enum Choice {
    SHIP, SKIP
}
