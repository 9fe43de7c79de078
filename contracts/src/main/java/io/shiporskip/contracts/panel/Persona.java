package io.shiporskip.contracts.panel;

/** The five panel personas, in the order a page shows them. */
public enum Persona {
    BUILDER, SKEPTIC, FUTURIST, FOUNDER, PM
}
