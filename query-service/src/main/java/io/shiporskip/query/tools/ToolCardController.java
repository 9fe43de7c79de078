package io.shiporskip.query.tools;

import io.shiporskip.support.problems.NotFound;
import io.shiporskip.query.consistency.ReadYourWrites;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ToolCardController {

    private final ToolCards cards;
    private final ToolCardsAsOf history;
    private final ReadYourWrites readYourWrites;

    ToolCardController(ToolCards cards, ToolCardsAsOf history, ReadYourWrites readYourWrites) {
        this.cards = cards;
        this.history = history;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/tools/{toolId}")
    ResponseEntity<ToolCard> card(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String toolId,
                                  @RequestParam(required = false) List<String> waitFor,
                                  @RequestParam(required = false) Instant asOf) {
        readYourWrites.await(waitFor);
        ToolCard card = (asOf == null ? cards.find(toolId)
                : java.util.Optional.ofNullable(history.findAll(List.of(toolId), asOf).get(toolId)))
                .orElseThrow(() -> NotFound.tool(toolId));
        // the version as entity tag: an editor can send it back as If-Match
        return ResponseEntity.ok().eTag("\"" + card.version() + "\"").body(card);
    }
}
