package io.shiporskip.projector.deadletters;

import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.support.transients.TransientFailures;
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

/** Admins and moderators see parked events and retry or skip each one. */
@RestController
class DeadLetterController {

    record ReasonBody(@NotBlank @Size(max = 1000) String reason) {
    }

    private static final Set<String> STATES = Set.of("PARKED", "RETRIED", "SKIPPED");

    private final DeadLetters deadLetters;
    private final EventReplay replay;

    DeadLetterController(DeadLetters deadLetters, EventReplay replay) {
        this.deadLetters = deadLetters;
        this.replay = replay;
    }

    @GetMapping("/api/v1/admin/dead-letters")
    List<DeadLetter> list(@RequestParam(defaultValue = "PARKED") String state,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        if (!STATES.contains(state)) {
            throw new InvalidRequest("state must be PARKED, RETRIED or SKIPPED.");
        }
        return deadLetters.list(state, limit);
    }

    /** Applies the parked event again (after a fix was deployed); 200 with the letter, or 409 if it fails again. */
    @PostMapping("/api/v1/admin/dead-letters/{id}/retry")
    ResponseEntity<?> retry(@PathVariable long id, Authentication authentication) {
        byte[] payload = deadLetters.payload(id).orElseThrow(() -> notParked(id));
        try {
            replay.apply(payload);
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e; // no verdict on the event: 503 transient-conflict, and it stays parked as it was
            }
            deadLetters.failedAgain(id, e);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "The event still cannot be applied; it stays parked.");
            problem.setType(URI.create("https://shiporskip.io/problems/dead-letter-still-failing"));
            problem.setTitle(HttpStatus.CONFLICT.getReasonPhrase());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        deadLetters.resolve(id, "RETRIED", authentication.getName(), "applied on retry");
        return ResponseEntity.ok(deadLetters.find(id).orElseThrow());
    }

    @PostMapping("/api/v1/admin/dead-letters/{id}/skip")
    DeadLetter skip(@PathVariable long id, @Valid @RequestBody ReasonBody body, Authentication authentication) {
        deadLetters.payload(id).orElseThrow(() -> notParked(id));
        deadLetters.resolve(id, "SKIPPED", authentication.getName(), body.reason());
        return deadLetters.find(id).orElseThrow();
    }

    private static NotFound notParked(long id) {
        return new NotFound("dead-letter-not-found", "No parked dead letter has the id " + id + ".");
    }
}
