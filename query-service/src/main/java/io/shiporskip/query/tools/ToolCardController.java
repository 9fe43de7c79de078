package io.shiporskip.query.tools;

import io.shiporskip.query.consistency.ReadYourWrites;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ToolCardController {

    private final ToolCards cards;
    private final ReadYourWrites readYourWrites;

    ToolCardController(ToolCards cards, ReadYourWrites readYourWrites) {
        this.cards = cards;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/tools/{toolId}")
    ToolCard card(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String toolId,
                  @RequestParam(required = false) String waitFor) {
        readYourWrites.await(waitFor);
        return cards.find(toolId).orElseThrow(() -> new ToolNotFound(toolId));
    }
}
