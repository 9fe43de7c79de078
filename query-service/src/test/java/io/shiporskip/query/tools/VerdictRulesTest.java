package io.shiporskip.query.tools;

import io.shiporskip.contracts.panel.Verdict;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictRulesTest {

    private static ReviewView review(int score, Verdict verdict) {
        return new ReviewView(score, verdict, "take");
    }

    @Test
    void noReviewsMeansNoVerdictAndNullFigures() {
        assertThat(PanelVerdict.of(List.of())).isEqualTo(new PanelVerdict(PanelVerdict.Outcome.NONE, 0, 0, null, null));
    }

    @Test
    void theSeedPagesPanelsAreShipWithAveragesRoundedHalfUp() {
        PanelVerdict smolvlm = PanelVerdict.of(List.of(review(88, Verdict.SHIP), review(82, Verdict.SHIP),
                review(85, Verdict.SHIP), review(78, Verdict.SHIP)));
        PanelVerdict gateway = PanelVerdict.of(List.of(review(82, Verdict.SHIP), review(74, Verdict.SHIP),
                review(78, Verdict.SHIP), review(76, Verdict.SHIP)));
        assertThat(smolvlm).isEqualTo(new PanelVerdict(PanelVerdict.Outcome.SHIP, 4, 0, 100, new BigDecimal("83.3")));
        assertThat(gateway.averageScore()).isEqualByComparingTo("77.5");
    }

    @Test
    void equalShipAndSkipIsSplit() {
        PanelVerdict split = PanelVerdict.of(List.of(review(90, Verdict.SHIP), review(10, Verdict.SKIP)));
        assertThat(split.verdict()).isEqualTo(PanelVerdict.Outcome.SPLIT);
        assertThat(split.shipPercent()).isEqualTo(50);
        assertThat(split.averageScore()).isEqualByComparingTo("50.0");
    }

    @Test
    void moreSkipThanShipIsSkip() {
        PanelVerdict skip = PanelVerdict.of(List.of(review(40, Verdict.SKIP), review(41, Verdict.SKIP), review(70, Verdict.SHIP)));
        assertThat(skip.verdict()).isEqualTo(PanelVerdict.Outcome.SKIP);
        assertThat(skip.shipPercent()).isEqualTo(33);
        assertThat(skip.averageScore()).isEqualByComparingTo("50.3");
    }

    @Test
    void percentagesRoundHalfUp() {
        assertThat(Percent.halfUp(1, 8)).isEqualTo(13); // 12.5
        assertThat(Percent.halfUp(2, 3)).isEqualTo(67); // 66.67
        assertThat(Percent.halfUp(1, 200)).isEqualTo(1); // 0.5
        assertThat(Percent.halfUp(0, 5)).isZero();
    }

    @Test
    void anEmptyTallyHasNoPercentage() {
        assertThat(CommunityTally.of(0, 0)).isEqualTo(new CommunityTally(0, 0, 0, null));
        assertThat(CommunityTally.of(0, 1)).isEqualTo(new CommunityTally(0, 1, 1, 0));
        assertThat(CommunityTally.of(3, 1)).isEqualTo(new CommunityTally(3, 1, 4, 75));
    }

    @Test
    void averagesRoundHalfUpToOneDecimal() {
        // 83.25 -> 83.3, 0.05 steps must not fall to binary-float rounding
        assertThat(PanelVerdict.of(List.of(review(1, Verdict.SHIP), review(0, Verdict.SHIP), review(0, Verdict.SHIP),
                review(0, Verdict.SHIP))).averageScore()).isEqualByComparingTo("0.3");
    }
}
