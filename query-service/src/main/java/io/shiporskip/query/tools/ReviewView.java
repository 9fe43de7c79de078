package io.shiporskip.query.tools;

import io.shiporskip.contracts.panel.Verdict;

/** One persona's visible take on a tool. */
public record ReviewView(int score, Verdict verdict, String text) {
}
