package io.shiporskip.query.tools;

import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.golden.GoldenSamples;
import io.shiporskip.contracts.history.ToolStateSnapshot;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The query service reads the golden {@code tool_state_history} state (the projector's tests check they write it). */
class StateHistoryReadTest {

    @Test
    void the_golden_state_reads_as_the_card_it_describes() {
        ToolStateSnapshot state = ToolStateSnapshot.fromJson(GoldenSamples.toolStateSnapshot().toString());

        ToolCard card = ToolCardsAsOf.card("smolvlm-2-5", state, 7, 3);

        ReviewView builder = new ReviewView(88, Verdict.SHIP, "Fast enough on CPU.");
        ReviewView skeptic = new ReviewView(41, Verdict.SKIP, "Hallucinates small text.");
        assertThat(card.id()).isEqualTo("smolvlm-2-5");
        assertThat(card.name()).isEqualTo("SmolVLM 2.5");
        assertThat(card.tagline()).isEqualTo("A small vision-language model");
        assertThat(card.description()).isEqualTo("Runs on a laptop; reads charts and screenshots.");
        assertThat(card.category()).isEqualTo("Vision");
        assertThat(card.pricing()).isEqualTo(new ToolCard.Pricing(PricingModel.OPEN_SOURCE, "Free", "Apache-2.0 weights"));
        assertThat(card.bestFor()).isEqualTo("On-device captioning");
        assertThat(card.version()).isEqualTo(3);
        assertThat(card.locked()).isTrue();
        // every persona, in page order; those without a visible take map to null
        assertThat(List.copyOf(card.reviews().keySet())).containsExactly(Persona.values());
        assertThat(card.reviews().get(Persona.BUILDER)).isEqualTo(builder);
        assertThat(card.reviews().get(Persona.SKEPTIC)).isEqualTo(skeptic);
        assertThat(card.reviews().get(Persona.FUTURIST)).isNull();
        assertThat(card.reviews().get(Persona.FOUNDER)).isNull();
        assertThat(card.reviews().get(Persona.PM)).isNull();
        assertThat(card.panel()).isEqualTo(PanelVerdict.of(List.of(builder, skeptic)));
        assertThat(card.community()).isEqualTo(new CommunityTally(7, 3, 10, 70));
    }
}
