package io.shiporskip.query.web;

import io.shiporskip.query.history.LoggedEvents;
import io.shiporskip.support.problems.ProblemHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A read that meets an event version newer than this service knows is no fault of the request: 503
 * {@code read-model-ahead} with {@code Retry-After: 30} (an upgrade of this service is under way or due), never a
 * guess and never 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReadModelAheadHandling {

    private static final Logger log = LoggerFactory.getLogger(ReadModelAheadHandling.class);

    @ExceptionHandler(LoggedEvents.ReadModelAhead.class)
    ResponseEntity<ProblemDetail> ahead(LoggedEvents.ReadModelAhead e) {
        log.error("Upgrade this query service: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(ProblemHandling.problem(HttpStatus.SERVICE_UNAVAILABLE, "read-model-ahead",
                        "This answer needs a newer version of the service; try again shortly."));
    }
}
