package io.shiporskip.query.tools;

/** The community's votes on a tool; {@code shipPercent} is null with no votes ("No community votes yet"). */
public record CommunityTally(int ship, int skip, int total, Integer shipPercent) {

    public static CommunityTally of(int ship, int skip) {
        int total = ship + skip;
        return new CommunityTally(ship, skip, total, total == 0 ? null : Percent.halfUp(ship, total));
    }
}
