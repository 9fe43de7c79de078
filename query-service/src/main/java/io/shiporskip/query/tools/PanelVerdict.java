package io.shiporskip.query.tools;

import io.shiporskip.contracts.panel.Verdict;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * The panel's verdict over its visible reviews: SHIP if more ship than skip, SKIP if fewer, SPLIT if equal and some,
 * NONE with none. {@code shipPercent} is rounded half up; {@code averageScore} is the mean rounded half up to one
 * decimal; both are null with no reviews.
 */
public record PanelVerdict(Outcome verdict, int ship, int skip, Integer shipPercent, BigDecimal averageScore) {

    public enum Outcome { SHIP, SKIP, SPLIT, NONE }

    public static PanelVerdict of(Collection<ReviewView> visibleReviews) {
        int ship = (int) visibleReviews.stream().filter(r -> r.verdict() == Verdict.SHIP).count();
        int skip = visibleReviews.size() - ship;
        if (visibleReviews.isEmpty()) {
            return new PanelVerdict(Outcome.NONE, 0, 0, null, null);
        }
        Outcome outcome = ship > skip ? Outcome.SHIP : skip > ship ? Outcome.SKIP : Outcome.SPLIT;
        int scoreSum = visibleReviews.stream().mapToInt(ReviewView::score).sum();
        BigDecimal average = BigDecimal.valueOf(scoreSum)
                .divide(BigDecimal.valueOf(visibleReviews.size()), 1, RoundingMode.HALF_UP);
        return new PanelVerdict(outcome, ship, skip, Percent.halfUp(ship, ship + skip), average);
    }
}
