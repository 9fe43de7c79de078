package io.shiporskip.query.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteVoided;
import io.shiporskip.contracts.community.VoterReinstated;
import io.shiporskip.contracts.community.VoterSuspended;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.query.testing.GenerationTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A voter's history ({@code GET /api/v1/voters/{voterId}/history}) on the projector's own tables in real PostgreSQL:
 * the voter's suspensions and reinstatements, oldest first, paged; never another voter's, never a tool's events even
 * when a tool's id is the voter's id, never the voter's votes (those are in the tools' histories).
 */
class VoterHistoryIT {

    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final EventDecoder ENCODER = EventDecoder.standard();
    private static AuditHistory history;
    private static int seconds;

    @BeforeAll
    static void logOfTwoVotersAndATool() {
        JdbcClient jdbc = GenerationTables.fresh();
        // a tool whose id is also a voter's id: its events are about the tool, not the voter
        log(jdbc, new ToolListed("ada", "Ada", "t", "d", "Developer Tools", new Pricing(PricingModel.FREE, "Free", "none"),
                "b"), "ed", "editor", null);
        log(jdbc, new VoteCast("ada", "ada", Choice.SHIP), "ada", "voter", null);
        log(jdbc, new VoterSuspended("ada"), "mia", "moderator", "vote ring");
        log(jdbc, new VoteVoided("ada", "ada", Choice.SHIP), "mia", "moderator", "vote ring");
        log(jdbc, new VoterSuspended("bob"), "mia", "moderator", "someone else");
        log(jdbc, new VoterReinstated("ada"), "max", "moderator", "appeal upheld");
        history = new AuditHistory(jdbc, new ObjectMapper(), new LoggedEvents(EventDecoder.standard()));
    }

    private static void log(JdbcClient jdbc, ShipOrSkipEvent event, String actor, String role, String reason) {
        seconds++;
        jdbc.sql("""
                INSERT INTO event_log (event_id, position, type, version, subject, actor_id, actor_role, occurred_at,
                                       reason, data)
                VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(UUID.randomUUID().toString(), seconds, event.getClass().getSimpleName(), event.subject(), actor,
                        role, Timestamp.from(START.plusSeconds(seconds)), reason, ENCODER.encode(event).toString())
                .update();
    }

    private static HistoryPage voter(String voterId, HistoryCursor after, AuditHistory.Filter filter, int limit) {
        return history.page(List.of(voterId), HistoryController.VOTER_TYPES, after, filter, limit);
    }

    @Test
    void a_voters_history_holds_their_suspension_and_reinstatement_in_order_and_nothing_else() {
        HistoryPage page = voter("ada", null, new AuditHistory.Filter(List.of(), null), 100);

        assertThat(page.events()).extracting(HistoryEntry::type).containsExactly("VoterSuspended", "VoterReinstated");
        assertThat(page.events()).extracting(HistoryEntry::reason).containsExactly("vote ring", "appeal upheld");
        assertThat(page.events()).extracting(e -> e.actor().id()).containsExactly("mia", "max");
        assertThat(page.events()).extracting(HistoryEntry::occurredAt)
                .containsExactly(START.plusSeconds(3), START.plusSeconds(6));
        assertThat(page.events().get(0).data().get("voterId").asText()).isEqualTo("ada");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void a_voters_history_pages_and_filters_as_the_other_histories() {
        HistoryPage first = voter("ada", null, new AuditHistory.Filter(List.of(), null), 1);
        assertThat(first.events()).extracting(HistoryEntry::type).containsExactly("VoterSuspended");
        assertThat(first.nextCursor()).isNotNull();

        HistoryPage second = voter("ada", HistoryCursor.parse(first.nextCursor()), new AuditHistory.Filter(List.of(), null), 1);
        assertThat(second.events()).extracting(HistoryEntry::type).containsExactly("VoterReinstated");
        assertThat(second.nextCursor()).isNull();

        assertThat(voter("ada", null, new AuditHistory.Filter(List.of("VoterReinstated"), null), 10).events())
                .extracting(HistoryEntry::reason).containsExactly("appeal upheld");
        assertThat(voter("ada", null, new AuditHistory.Filter(List.of(), "mia"), 10).events())
                .extracting(HistoryEntry::type).containsExactly("VoterSuspended");
        assertThat(voter("carol", null, new AuditHistory.Filter(List.of(), null), 10).events()).isEmpty();
    }
}
