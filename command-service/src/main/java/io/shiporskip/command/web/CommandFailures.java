package io.shiporskip.command.web;

import io.shiporskip.support.problems.ProblemHandling;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Axon and database failures as problem details: lost races are conflicts, an unreachable database is a 503. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandFailures {

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemHandling.problem(HttpStatus.CONFLICT,
                "concurrent-modification", "Someone else changed this at the same moment; try again."));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemHandling.problem(HttpStatus.NOT_FOUND,
                "not-found", "There is nothing with that id."));
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(ProblemHandling.problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                        "The event store cannot be reached; nothing was stored. Try again shortly."));
    }
}
