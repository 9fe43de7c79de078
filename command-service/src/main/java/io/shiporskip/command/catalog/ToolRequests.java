package io.shiporskip.command.catalog;

import io.shiporskip.command.web.Slugs;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies of the catalog endpoints, validated before any command is sent. */
final class ToolRequests {

    /** Optional text fields may be absent, but not blank. */
    static final String NOT_BLANK = "(?s).*\\S.*";

    private ToolRequests() {
    }

    record PricingBody(@NotNull PricingModel model, @NotBlank @Size(max = 80) String entry,
                       @NotNull @Size(max = 500) String details) {
        Pricing toPricing() {
            return new Pricing(model, entry, details);
        }
    }

    record ListToolBody(
            @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String id,
            @NotBlank @Size(max = 120) String name,
            @NotBlank @Size(max = 300) String tagline,
            @NotBlank @Size(max = 4000) String description,
            @NotBlank @Size(max = 80) String category,
            @NotNull @Valid PricingBody pricing,
            @NotBlank @Size(max = 500) String bestFor) {
    }

    record PricingPatch(PricingModel model,
                        @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 80) String entry,
                        @Size(max = 500) String details) {
    }

    record EditToolBody(
            @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 120) String name,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 300) String tagline,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 4000) String description,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 80) String category,
            @Valid PricingPatch pricing,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 500) String bestFor,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 1000) String reason) {

        /** The requested values by API field name; absent fields are not in the map. */
        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            putIfPresent(fields, "name", name);
            putIfPresent(fields, "tagline", tagline);
            putIfPresent(fields, "description", description);
            putIfPresent(fields, "category", category);
            if (pricing != null) {
                putIfPresent(fields, "pricing.model", pricing.model() == null ? null : pricing.model().name());
                putIfPresent(fields, "pricing.entry", pricing.entry());
                putIfPresent(fields, "pricing.details", pricing.details());
            }
            putIfPresent(fields, "bestFor", bestFor);
            return fields;
        }

        private static void putIfPresent(Map<String, String> fields, String name, String value) {
            if (value != null) {
                fields.put(name, value);
            }
        }
    }

    record ToolAccepted(String id, long version, String token) {
    }

    record CreateComparisonBody(
            @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String id,
            @NotBlank @Size(max = 200) String title,
            @NotNull @Size(min = 2, max = 4) List<@NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String> toolIds) {
    }

    record ComparisonAccepted(String id, String token) {
    }
}
