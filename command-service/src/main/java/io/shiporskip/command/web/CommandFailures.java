package io.shiporskip.command.web;

import io.shiporskip.support.problems.ProblemHandling;
import io.shiporskip.support.transients.DatabaseUnreachable;
import io.shiporskip.support.transients.TransientFailures;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.springframework.http.HttpHeaders;
import org.axonframework.common.AxonException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Axon and database failures as problem details: lost races are conflicts, an unreachable database is a 503. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandFailures {

    private static final Logger log = LoggerFactory.getLogger(CommandFailures.class);

    private final DataSource dataSource;

    CommandFailures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Still losing races after {@link Commands}' retries: nothing was stored and sending it again is right. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class,
            LockAcquisitionFailedException.class})
    ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
        log.warn("lost races after retries: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemHandling.problem(HttpStatus.SERVICE_UNAVAILABLE, "concurrent-modification",
                        "Others changed this at the same moment, again and again; nothing was stored. Send it again."));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemHandling.problem(HttpStatus.NOT_FOUND,
                "not-found", "There is nothing with that id."));
    }

    /**
     * The database's failures reach us wrapped by Spring or by Axon's JDBC engine, sometimes only as "connection is
     * closed" from a pooled connection the server dropped. When the cause says the database cannot be reached, or it
     * does not answer a probe now, the transaction did not commit and the client may retry: 503, not 500.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class, AxonException.class})
    ResponseEntity<ProblemDetail> storeFailure(RuntimeException e) {
        if (TransientFailures.isTransient(e)) {
            return ProblemHandling.transientConflict(e);
        }
        if (!DatabaseUnreachable.is(e) && storeAnswers()) {
            log.error("unexpected failure", e);
            return ResponseEntity.internalServerError().body(ProblemHandling.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal", "Something went wrong on our side."));
        }
        return ProblemHandling.storeUnavailable(e);
    }

    private boolean storeAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
