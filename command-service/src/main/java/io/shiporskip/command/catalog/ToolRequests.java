package io.shiporskip.command.catalog;

import io.shiporskip.command.web.Slugs;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the catalog endpoints, validated before any command is sent. */
final class ToolRequests {

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

    record ToolAccepted(String id, long version, String token) {
    }
}
