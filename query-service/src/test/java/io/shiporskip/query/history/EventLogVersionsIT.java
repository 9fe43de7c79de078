package io.shiporskip.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.evolution.ToolEditedV2;
import io.shiporskip.contracts.evolution.VoteCastV2;
import io.shiporskip.contracts.history.ToolStateSnapshot;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.query.testing.GenerationTables;
import io.shiporskip.query.tools.ToolCard;
import io.shiporskip.query.tools.ToolCardsAsOf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log after a version change, without a rebuild: rows the projector wrote before the change stay in the
 * old version (and say so), rows written after it are in the new one; history and {@code asOf} read both. Rows are
 * written here exactly as the projector writes them: the data of a version and that version's number.
 */
class EventLogVersionsIT {

    private static final String TOOL = "evolving-tool";
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Production's encoder: how the v1 rows were written, before either change. */
    private static final EventDecoder BEFORE = EventDecoder.standard();
    private static JdbcClient jdbc;
    private static int seconds;

    @BeforeAll
    static void logWithRowsOfBothVersions() {
        jdbc = GenerationTables.fresh();
        ToolListed listed = new ToolListed(TOOL, "Evolving", "Old tagline", "d", "Developer Tools",
                new Pricing(PricingModel.FREE, "Free", "none"), "b");
        log(listed, 1, BEFORE.encode(listed));
        ToolEdited v1Edit = new ToolEdited(TOOL, 2, List.of(new FieldChange("tagline", "Old tagline", "New tagline")));
        log(v1Edit, 1, BEFORE.encode(v1Edit));
        ToolEdited v2Edit = new ToolEdited(TOOL, 3, List.of(new FieldChange("name", "Evolving", "Evolved")));
        log(v2Edit, 2, ToolEditedV2.data(v2Edit, "import"));
        // an edit from a projector newer than this service's catalog (ToolEdited.v3): served as stored
        log(new ToolEdited(TOOL, 4, List.of()), 3, JSON.createObjectNode().put("toolId", TOOL).put("v3only", true));

        // votes: alice SHIP and bob SHIP before VoteCast.v2, bob changes to SKIP (VoteChanged stays v1), carol SKIP
        // after: the truth at the end of the hour is ship 1 (alice), skip 2 (bob, carol)
        VoteCast alice = new VoteCast(TOOL, "alice", Choice.SHIP);
        VoteCast bob = new VoteCast(TOOL, "bob", Choice.SHIP);
        VoteChanged bobChanges = new VoteChanged(TOOL, "bob", Choice.SHIP, Choice.SKIP);
        VoteCast carol = new VoteCast(TOOL, "carol", Choice.SKIP);
        log(alice, 1, BEFORE.encode(alice));
        log(bob, 1, BEFORE.encode(bob));
        log(bobChanges, 1, BEFORE.encode(bobChanges));
        log(carol, 2, VoteCastV2.data(carol, "web"));
        jdbc.sql("INSERT INTO tool_state_history (tool_id, valid_from, state) VALUES (?, ?, ?::jsonb)")
                .params(TOOL, Timestamp.from(HOUR), new ToolStateSnapshot("Evolving", "Old tagline", "d",
                        "Developer Tools", PricingModel.FREE, "Free", "none", "b", 1, false, Map.of()).toJson())
                .update();
    }

    private static void log(ShipOrSkipEvent event, int version, JsonNode data) {
        seconds++;
        jdbc.sql("""
                INSERT INTO event_log (event_id, position, type, version, subject, actor_id, actor_role, occurred_at, data)
                VALUES (?, ?, ?, ?, ?, 'someone', 'editor', ?, ?::jsonb)""")
                .params(UUID.randomUUID().toString(), seconds, event.getClass().getSimpleName(), version,
                        event.subject(), Timestamp.from(HOUR.plusSeconds(seconds)), data.toString())
                .update();
    }

    @Test
    void history_after_ToolEdited_v2_shows_every_edit_in_the_v2_shape() {
        AuditHistory history = new AuditHistory(jdbc, JSON, new LoggedEvents(ToolEditedV2.decoder()));

        List<HistoryEntry> edits = history.page(List.of(TOOL), null,
                new AuditHistory.Filter(List.of("ToolEdited"), null), 10).events();

        assertThat(edits).hasSize(3);
        JsonNode before = edits.get(0).data();
        assertThat(before.has("changes")).as("the v1 field name is gone: " + before).isFalse();
        assertThat(before.get("fieldChanges").get(0).get("to").asText()).isEqualTo("New tagline");
        assertThat(before.get("editedVia").asText()).isEqualTo("api");
        JsonNode after = edits.get(1).data();
        assertThat(after.get("fieldChanges").get(0).get("to").asText()).isEqualTo("Evolved");
        assertThat(after.get("editedVia").asText()).isEqualTo("import");
        assertThat(edits.get(2).data().toString()).isEqualTo("{\"toolId\":\"" + TOOL + "\",\"v3only\":true}");
    }

    @Test
    void history_before_any_change_serves_rows_as_written() {
        AuditHistory history = new AuditHistory(jdbc, JSON, new LoggedEvents(EventDecoder.standard()));

        JsonNode edit = history.page(List.of(TOOL), null, new AuditHistory.Filter(List.of("ToolEdited"), null), 10)
                .events().get(0).data();

        assertThat(edit.get("changes").get(0).get("to").asText()).isEqualTo("New tagline");
        assertThat(edit.has("editedVia")).isFalse();
    }

    @Test
    void asOf_after_VoteCast_v2_counts_votes_of_both_versions() {
        ToolCardsAsOf asOf = new ToolCardsAsOf(jdbc, JSON, new LoggedEvents(VoteCastV2.decoder()));

        ToolCard card = asOf.findAll(List.of(TOOL), HOUR.plusSeconds(1800)).get(TOOL);

        assertThat(card.community().ship()).isEqualTo(1);
        assertThat(card.community().skip()).isEqualTo(2);
        // a service that does not know VoteCast.v2 yet refuses to fold carol's row rather than guess its choice
        ToolCardsAsOf older = new ToolCardsAsOf(jdbc, JSON, new LoggedEvents(EventDecoder.standard()));
        assertThatThrownBy(() -> older.findAll(List.of(TOOL), HOUR.plusSeconds(1800)))
                .isInstanceOf(LoggedEvents.ReadModelAhead.class).hasMessageContaining("VoteCast.v2");

        // just before carol's vote (the only v2 row, the last one logged): alice SHIP, bob changed to SKIP
        ToolCard earlier = asOf.findAll(List.of(TOOL), HOUR.plusSeconds(seconds - 1)).get(TOOL);
        assertThat(earlier.community().ship()).isEqualTo(1);
        assertThat(earlier.community().skip()).isEqualTo(1);
    }
}
