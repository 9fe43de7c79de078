package io.shiporskip.query.history;

import io.shiporskip.support.problems.NotFound;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.community.VoterReinstated;
import io.shiporskip.contracts.community.VoterSuspended;
import io.shiporskip.query.consistency.ReadYourWrites;
import io.shiporskip.support.problems.InvalidRequest;
import io.shiporskip.support.security.Subjects;
import io.shiporskip.support.security.VoterKeys;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tool's history (its own events, bookmarks excluded), a comparison's (its events and its tools', merged) and a
 * voter's (their suspensions and reinstatements).
 */
@RestController
class HistoryController {

    private static final String SLUG = "^[a-z0-9-]{1,80}$";
    private static final Set<String> TYPES = EventCatalog.all().stream().map(EventType::name).collect(Collectors.toSet());

    /** The event types whose subject is a voter (docs/events.md). */
    static final List<String> VOTER_TYPES = List.of(VoterSuspended.class.getSimpleName(),
            VoterReinstated.class.getSimpleName());

    private final AuditHistory history;
    private final JdbcClient jdbc;
    private final ReadYourWrites readYourWrites;

    HistoryController(AuditHistory history, JdbcClient jdbc, ReadYourWrites readYourWrites) {
        this.history = history;
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/tools/{toolId}/history")
    HistoryPage tool(@PathVariable @Pattern(regexp = SLUG, message = "must be a slug") String toolId,
                     @RequestParam(required = false) String cursor,
                     @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                     @RequestParam(required = false) String type,
                     @RequestParam(required = false) String actor,
                     @RequestParam(required = false) String actorKey,
                     @RequestParam(required = false) List<String> waitFor) {
        AuditHistory.Filter filter = filter(type, actor, actorKey);
        readYourWrites.awaitSettled(waitFor);
        if (!exists("SELECT count(*) FROM tool_card WHERE tool_id = ? AND name IS NOT NULL", toolId)) {
            throw NotFound.tool(toolId);
        }
        return history.page(List.of(toolId), cursor == null ? null : HistoryCursor.parse(cursor), filter, limit);
    }

    @GetMapping("/api/v1/comparisons/{comparisonId}/history")
    HistoryPage comparison(@PathVariable @Pattern(regexp = SLUG, message = "must be a slug") String comparisonId,
                           @RequestParam(required = false) String cursor,
                           @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                           @RequestParam(required = false) String type,
                           @RequestParam(required = false) String actor,
                           @RequestParam(required = false) String actorKey,
                           @RequestParam(required = false) List<String> waitFor) {
        AuditHistory.Filter filter = filter(type, actor, actorKey);
        readYourWrites.awaitSettled(waitFor);
        List<String> toolIds = jdbc.sql("SELECT tool_ids FROM comparison WHERE comparison_id = ?").param(comparisonId)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray(1).getArray())).optional()
                .orElseThrow(() -> NotFound.comparison(comparisonId));
        List<String> subjects = new ArrayList<>(toolIds);
        subjects.add(comparisonId);
        return history.page(subjects, cursor == null ? null : HistoryCursor.parse(cursor), filter, limit);
    }

    /**
     * A voter's moderation record: the events whose subject is the voter ({@code VoterSuspended},
     * {@code VoterReinstated}), oldest first, paged and filtered as the other histories. Moderators only (a voter's
     * votes are in the tools' histories, by {@code actor}; bookmarks stay private). An unknown voter has an empty
     * history, not a 404: nothing records voters who never met a moderator, and a 404 would tell who did.
     */
    @GetMapping("/api/v1/voters/{voterId}/history")
    HistoryPage voter(@PathVariable String voterId,
                      @RequestParam(required = false) String cursor,
                      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                      @RequestParam(required = false) String type,
                      @RequestParam(required = false) String actor,
                      @RequestParam(required = false) String actorKey,
                      @RequestParam(required = false) List<String> waitFor) {
        if (!Subjects.acceptable(voterId)) {
            throw new InvalidRequest("'voterId' is not a possible voter id: blank, longer than " + Subjects.MAX_LENGTH
                    + " characters, or with control characters.");
        }
        AuditHistory.Filter filter = filter(type, actor, actorKey);
        readYourWrites.awaitSettled(waitFor);
        return history.page(List.of(voterId), VOTER_TYPES, cursor == null ? null : HistoryCursor.parse(cursor),
                filter, limit);
    }

    /** {@link #voter} for a voter named by key (docs/api.md, "Voter keys"): any voter id, whatever it holds. */
    @GetMapping("/api/v1/voters/by-key/{voterKey}/history")
    HistoryPage voterByKey(@PathVariable String voterKey,
                           @RequestParam(required = false) String cursor,
                           @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                           @RequestParam(required = false) String type,
                           @RequestParam(required = false) String actor,
                           @RequestParam(required = false) String actorKey,
                           @RequestParam(required = false) List<String> waitFor) {
        return voter(VoterKeys.voterId(voterKey), cursor, limit, type, actor, actorKey, waitFor);
    }

    private boolean exists(String sql, String id) {
        return jdbc.sql(sql).param(id).query(Integer.class).single() > 0;
    }

    private static AuditHistory.Filter filter(String type, String actor, String actorKey) {
        List<String> types = type == null || type.isBlank() ? List.of() : Arrays.stream(type.split(","))
                .map(String::trim).toList();
        for (String t : types) {
            if (!TYPES.contains(t)) {
                throw new InvalidRequest("type '" + t + "' is not an event type; see docs/events.md.");
            }
        }
        return new AuditHistory.Filter(types, actor(actor, actorKey));
    }

    /** The actor filter: the id as given, or the id a voter key names (for ids a URL cannot carry comfortably). */
    private static String actor(String actor, String actorKey) {
        boolean byId = actor != null && !actor.isBlank();
        boolean byKey = actorKey != null && !actorKey.isBlank();
        if (byId && byKey) {
            throw new InvalidRequest("Give actor or actorKey, not both.");
        }
        return byKey ? VoterKeys.voterId(actorKey) : byId ? actor : null;
    }
}
