package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.ToolListed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A tool's editable fields by their API names, and the changes an edit would make to them. */
final class ToolFields {

    static final List<String> NAMES = List.of("name", "tagline", "description", "category", "pricing.model",
            "pricing.entry", "pricing.details", "bestFor");

    private ToolFields() {
    }

    static Map<String, String> of(ToolListed listed) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", listed.name());
        fields.put("tagline", listed.tagline());
        fields.put("description", listed.description());
        fields.put("category", listed.category());
        fields.put("pricing.model", listed.pricing().model().name());
        fields.put("pricing.entry", listed.pricing().entry());
        fields.put("pricing.details", listed.pricing().details());
        fields.put("bestFor", listed.bestFor());
        return fields;
    }

    /** The changes, in the fixed field order, of every requested value that differs from the current one. */
    static List<FieldChange> changes(Map<String, String> current, Map<String, String> requested) {
        List<FieldChange> changes = new ArrayList<>();
        for (String name : NAMES) {
            if (requested.containsKey(name) && !Objects.equals(current.get(name), requested.get(name))) {
                changes.add(new FieldChange(name, current.get(name), requested.get(name)));
            }
        }
        return changes;
    }
}
