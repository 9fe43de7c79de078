package io.shiporskip.contracts.versions;

import io.shiporskip.contracts.EventType;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A type name and version as a CloudEvent {@code type} carries them: {@code io.shiporskip.<Name>.v<N>}. */
public record PublishedType(String name, int version) {

    private static final Pattern FORM = Pattern.compile(Pattern.quote(EventType.CLOUD_EVENT_TYPE_PREFIX)
            + "([A-Za-z]+)\\.v([1-9][0-9]{0,8})");

    public static PublishedType parse(String cloudEventType) {
        Matcher m = cloudEventType == null ? null : FORM.matcher(cloudEventType);
        if (m == null || !m.matches()) {
            throw new UnreadableEventException("not a Ship or Skip event type: " + cloudEventType, null);
        }
        return new PublishedType(m.group(1), Integer.parseInt(m.group(2)));
    }

    public String cloudEventType() {
        return EventType.CLOUD_EVENT_TYPE_PREFIX + name + ".v" + version;
    }
}
