package io.shiporskip.query.comparisons;

import io.shiporskip.support.problems.NotFound;
import io.shiporskip.query.consistency.ReadYourWrites;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
class ComparisonController {

    private final Comparisons comparisons;
    private final ReadYourWrites readYourWrites;

    ComparisonController(Comparisons comparisons, ReadYourWrites readYourWrites) {
        this.comparisons = comparisons;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/comparisons")
    List<ComparisonSummary> list(@RequestParam(required = false) List<String> waitFor) {
        readYourWrites.await(waitFor);
        return comparisons.all();
    }

    @GetMapping("/api/v1/comparisons/{comparisonId}")
    ComparisonPage page(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String comparisonId,
                        @RequestParam(required = false) List<String> waitFor,
                        @RequestParam(required = false) Instant asOf) {
        readYourWrites.await(waitFor);
        return comparisons.page(comparisonId, asOf).orElseThrow(() -> NotFound.comparison(comparisonId));
    }
}
