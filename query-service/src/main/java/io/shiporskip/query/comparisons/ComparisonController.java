package io.shiporskip.query.comparisons;

import io.shiporskip.query.consistency.ReadYourWrites;
import io.shiporskip.query.pagecache.CachedReads;
import io.shiporskip.query.pagecache.Subjects;
import io.shiporskip.query.web.EntityTags;
import io.shiporskip.support.problems.NotFound;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

@RestController
class ComparisonController {

    private final Comparisons comparisons;
    private final ReadYourWrites readYourWrites;
    private final CachedReads cachedReads;
    private final Clock clock;
    private final LivePages livePages;

    ComparisonController(Comparisons comparisons, ReadYourWrites readYourWrites, CachedReads cachedReads, Clock clock,
                         LivePages livePages) {
        this.comparisons = comparisons;
        this.livePages = livePages;
        this.readYourWrites = readYourWrites;
        this.cachedReads = cachedReads;
        this.clock = clock;
    }

    @GetMapping("/api/v1/comparisons")
    List<ComparisonSummary> list(@RequestParam(required = false) List<String> waitFor) {
        readYourWrites.await(waitFor);
        return comparisons.all();
    }

    /**
     * The current page comes from memory while it is fresh (docs/architecture.md, "Pages from memory"), with a weak
     * entity tag of its content up to {@code asOf}: a client holding that content gets 304. Pages as of an instant
     * are read each time.
     */
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ComparisonPage.class)))
    @GetMapping("/api/v1/comparisons/{comparisonId}")
    ResponseEntity<?> page(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String comparisonId,
                           @RequestParam(required = false) List<String> waitFor,
                           @RequestParam(required = false) Instant asOf) {
        long atLeast = readYourWrites.awaitServingVersion(waitFor);
        if (asOf != null) {
            return ResponseEntity.ok(comparisons.page(comparisonId, asOf)
                    .orElseThrow(() -> NotFound.comparison(comparisonId)));
        }
        var page = cachedReads.current(Subjects.comparison(comparisonId), atLeast,
                        () -> comparisons.current(comparisonId), (value, json) -> EntityTags.of(json),
                        CurrentPage::subjects)
                .orElseThrow(() -> NotFound.comparison(comparisonId));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .eTag(page.etag())
                .cacheControl(CacheControl.noCache())
                .body(CurrentPage.withAsOf(page.body(), cachedReads.encode(clock.instant())));
    }

    /**
     * The page, live: {@code text/event-stream} of {@code event: page} (data: the current page's JSON; id: the serving
     * version), sent at once and after every change to the comparison or its tools ({@link LivePages}). 404 for an
     * unknown comparison; 429 {@code too-many-streams} with {@code Retry-After} when the client's address holds its
     * cap of streams; 503 with {@code Retry-After} when too many streams are open in all. Not in the OpenAPI document
     * (OpenAPI 3.0 cannot describe an event stream, and generated clients would read it as one JSON answer); described
     * in docs/api.md.
     */
    @Hidden
    @GetMapping(path = "/api/v1/comparisons/{comparisonId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@PathVariable @Pattern(regexp = "^[a-z0-9-]{1,80}$", message = "must be a slug") String comparisonId,
                    HttpServletRequest request) {
        try {
            return livePages.open(comparisonId, request.getRemoteAddr())
                    .orElseThrow(() -> NotFound.comparison(comparisonId));
        } catch (LivePages.TooManyStreamsFromAddress e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
            problem.setType(URI.create("https://shiporskip.io/problems/too-many-streams"));
            problem.setTitle("Too many live streams");
            ErrorResponseException tooMany = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, e);
            tooMany.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
            throw tooMany;
        } catch (LivePages.TooManyStreams e) {
            ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()), e);
            busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw busy;
        }
    }
}
