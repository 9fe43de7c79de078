package io.shiporskip.contracts.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.versions.PublishedType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden {@code data} samples, {@code golden/<Type>.v<N>.json}: one for every version of every type ever
 * published. They are written by hand, never by the code under test, and are read by the contracts', the command
 * service's and the projector's tests (through the contracts test jar); the read-model sample
 * ({@code golden/readmodels}) by the projector's and the query service's.
 */
public final class GoldenSamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenSamples() {
    }

    /** Every published type and version: versions 1 to the catalog's current one of every type. */
    public static List<PublishedType> everyPublishedVersion() {
        List<PublishedType> all = new ArrayList<>();
        EventCatalog.all().forEach(type -> {
            for (int v = 1; v <= type.version(); v++) {
                all.add(new PublishedType(type.name(), v));
            }
        });
        return all;
    }

    public static JsonNode data(PublishedType type) {
        return read("/golden/" + type.name() + ".v" + type.version() + ".json");
    }

    /** A sample of a version that only tests publish (see {@code evolution}). */
    public static JsonNode testOnly(PublishedType type) {
        return read("/evolution/" + type.name() + ".v" + type.version() + ".json");
    }

    /**
     * The golden {@code state} of a {@code tool_state_history} row ({@code ToolStateSnapshot}): the projector's tests
     * check that they write it, the query service's that they read it.
     */
    public static JsonNode toolStateSnapshot() {
        return read("/golden/readmodels/tool-state-snapshot.json");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = GoldenSamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no golden sample " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
