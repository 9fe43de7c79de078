package io.shiporskip.query.tools;

import io.shiporskip.query.consistency.ReadYourWrites;
import io.shiporskip.query.pagecache.CachedReads;
import io.shiporskip.query.pagecache.Subjects;
import io.shiporskip.query.web.EntityTags;
import io.shiporskip.support.problems.NotFound;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@RestController
class ToolCardController {

    private final ToolCards cards;
    private final ToolCardsAsOf history;
    private final ReadYourWrites readYourWrites;
    private final CachedReads cachedReads;

    ToolCardController(ToolCards cards, ToolCardsAsOf history, ReadYourWrites readYourWrites, CachedReads cachedReads) {
        this.cards = cards;
        this.history = history;
        this.readYourWrites = readYourWrites;
        this.cachedReads = cachedReads;
    }

    /**
     * The current card comes from memory while it is fresh (docs/architecture.md, "Pages from memory"). Its entity tag
     * is of its content; editors read the catalog version to send as If-Match from the body's {@code version}.
     */
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ToolCard.class)))
    @GetMapping("/api/v1/tools/{toolId}")
    ResponseEntity<?> card(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String toolId,
                           @RequestParam(required = false) List<String> waitFor,
                           @RequestParam(required = false) Instant asOf) {
        long atLeast = readYourWrites.awaitServingVersion(waitFor);
        if (asOf != null) {
            ToolCard card = Optional.ofNullable(history.findAll(List.of(toolId), asOf).get(toolId))
                    .orElseThrow(() -> NotFound.tool(toolId));
            byte[] json = cachedReads.encode(card);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(EntityTags.of(json)).body(json);
        }
        var card = cachedReads.current(Subjects.tool(toolId), atLeast, () -> cards.find(toolId),
                        (value, json) -> EntityTags.of(json), value -> Set.of(Subjects.tool(toolId)))
                .orElseThrow(() -> NotFound.tool(toolId));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(card.etag()).body(card.body());
    }
}
