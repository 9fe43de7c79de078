package io.shiporskip.projector.deadletters;

import io.shiporskip.support.problems.InvalidRequest;
import io.shiporskip.support.problems.NotFound;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** Admins and moderators see parked events and retry or skip each one (with the events waiting behind it). */
@RestController
class DeadLetterController {

    record ReasonBody(@NotBlank @Size(max = 1000) String reason) {
    }

    private static final Set<String> STATES = Set.of("PARKED", "WAITING", "RETRIED", "SKIPPED");

    private final DeadLetters deadLetters;
    private final SequenceRelease release;

    DeadLetterController(DeadLetters deadLetters, SequenceRelease release) {
        this.deadLetters = deadLetters;
        this.release = release;
    }

    @GetMapping("/api/v1/admin/dead-letters")
    List<DeadLetter> list(@RequestParam(defaultValue = "PARKED") String state,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        if (!STATES.contains(state)) {
            throw new InvalidRequest("state must be PARKED, WAITING, RETRIED or SKIPPED.");
        }
        return deadLetters.list(state, limit);
    }

    /**
     * Applies the parked event again (after a fix was deployed), then the events of its subject that waited behind it,
     * in order; 200 with the letter, or 409 if it fails again or waits behind another. A transient conflict is no
     * verdict on the event: 503 transient-conflict, and everything stays as it was.
     */
    @PostMapping("/api/v1/admin/dead-letters/{id}/retry")
    ResponseEntity<?> retry(@PathVariable long id, Authentication authentication) {
        return answer(id, release.retry(id, authentication.getName()));
    }

    /** Drops the parked event for good, then applies the events of its subject that waited behind it, in order. */
    @PostMapping("/api/v1/admin/dead-letters/{id}/skip")
    ResponseEntity<?> skip(@PathVariable long id, @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(id, release.skip(id, authentication.getName(), body.reason()));
    }

    private static ResponseEntity<?> answer(long id, SequenceRelease.Outcome outcome) {
        return switch (outcome.verdict()) {
            case RELEASED -> ResponseEntity.ok(outcome.letter());
            case NOT_HELD -> throw notParked(id);
            case STILL_FAILING -> conflict("dead-letter-still-failing",
                    "The event still cannot be applied; it stays parked.");
            case WAITS_BEHIND -> conflict("dead-letter-waiting", "The event waits behind dead letter "
                    + outcome.first() + " of the same subject; retry or skip that one and this one follows in order.");
        };
    }

    private static ResponseEntity<ProblemDetail> conflict(String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("https://shiporskip.io/problems/" + type));
        problem.setTitle(HttpStatus.CONFLICT.getReasonPhrase());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    private static NotFound notParked(long id) {
        return new NotFound("dead-letter-not-found", "No parked dead letter has the id " + id + ".");
    }
}
