package io.shiporskip.contracts.versions;

import io.shiporskip.contracts.EventType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A type name and version as a CloudEvent {@code type} carries them: {@code io.shiporskip.<Name>.v<N>}. */
public record PublishedType(String name, int version) {

    private static final Pattern FORM = Pattern.compile(Pattern.quote(EventType.CLOUD_EVENT_TYPE_PREFIX)
            + "([A-Za-z]+)\\.v([1-9][0-9]{0,8})");

    /**
     * Types already parsed, by their text: a handful recur on every event a projector or rebuild reads, and the
     * pattern match was a tenth of a rebuild's decoding (docs/performance.md). Only well-formed types are kept, and
     * at most {@link #MOST_REMEMBERED} of them, so odd input cannot grow it.
     */
    private static final Map<String, PublishedType> PARSED = new ConcurrentHashMap<>();
    private static final int MOST_REMEMBERED = 1_024;

    public static PublishedType parse(String cloudEventType) {
        PublishedType known = cloudEventType == null ? null : PARSED.get(cloudEventType);
        if (known != null) {
            return known;
        }
        Matcher m = cloudEventType == null ? null : FORM.matcher(cloudEventType);
        if (m == null || !m.matches()) {
            throw new UnreadableEventException("not a Ship or Skip event type: " + cloudEventType, null);
        }
        PublishedType parsed = new PublishedType(m.group(1), Integer.parseInt(m.group(2)));
        if (PARSED.size() < MOST_REMEMBERED) {
            PARSED.put(cloudEventType, parsed);
        }
        return parsed;
    }

    public String cloudEventType() {
        return EventType.CLOUD_EVENT_TYPE_PREFIX + name + ".v" + version;
    }
}
