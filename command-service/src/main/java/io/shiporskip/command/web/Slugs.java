package io.shiporskip.command.web;

import io.shiporskip.support.problems.InvalidRequest;

import java.text.Normalizer;
import java.util.Locale;

/** Identifiers are slugs: lowercase letters, digits and '-', 1 to 80 characters. */
public final class Slugs {

    public static final String PATTERN = "^[a-z0-9-]{1,80}$";
    public static final String MESSAGE = "must be 1-80 lowercase letters, digits or '-'";

    private Slugs() {
    }

    /** The slug of a display name: "Vercel AI Gateway (v0)" becomes "vercel-ai-gateway-v0". */
    public static String from(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            throw new InvalidRequest("No id can be made from the name '" + name + "': give an id.");
        }
        return slug;
    }
}
