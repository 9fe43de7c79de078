package io.shiporskip.contracts.community;

import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.ShipOrSkipEvent;

import java.util.List;
import java.util.Optional;

/**
 * The tally rule, in its one home: what a vote event does to its tool's community counts. A cast adds one to its
 * choice; a change takes one from the old choice and adds one to the new; a retraction or a void takes one from the
 * choice that no longer counts. Every other event leaves the tally alone. The changes are relative, so they commute:
 * a tally is exact whatever order one tool's events from different ballots are applied in, as long as each once.
 * Used by every reader that counts (the projector's tool cards and hourly buckets, the query service's {@code asOf}).
 *
 * @param toolId the tool whose tally changes
 * @param ship   the change of the ship count
 * @param skip   the change of the skip count
 */
public record TallyEffect(String toolId, int ship, int skip) {

    /** The events that change a tally, in the catalog's terms. */
    public static final List<Class<? extends ShipOrSkipEvent>> VOTE_EVENTS =
            List.of(VoteCast.class, VoteChanged.class, VoteRetracted.class, VoteVoided.class);

    /** The effect of {@code event}; empty for an event that does not change a tally. */
    public static Optional<TallyEffect> of(ShipOrSkipEvent event) {
        if (event instanceof VoteCast e) {
            return Optional.of(none(e.toolId()).plus(e.choice(), +1));
        } else if (event instanceof VoteChanged e) {
            return Optional.of(none(e.toolId()).plus(e.from(), -1).plus(e.to(), +1));
        } else if (event instanceof VoteRetracted e) {
            return Optional.of(none(e.toolId()).plus(e.previous(), -1));
        } else if (event instanceof VoteVoided e) {
            return Optional.of(none(e.toolId()).plus(e.previous(), -1));
        }
        return Optional.empty();
    }

    /** The published names of {@link #VOTE_EVENTS} (the CloudEvent type without its version). */
    public static List<String> voteEventNames() {
        return VOTE_EVENTS.stream().map(EventCatalog::of).map(EventType::name).toList();
    }

    /** No change to the tool's tally. */
    public static TallyEffect none(String toolId) {
        return new TallyEffect(toolId, 0, 0);
    }

    /** This effect followed by {@code other}, for the same tool. */
    public TallyEffect plus(TallyEffect other) {
        if (!toolId.equals(other.toolId)) {
            throw new IllegalArgumentException("effects on " + toolId + " and " + other.toolId + " do not add up");
        }
        return new TallyEffect(toolId, ship + other.ship, skip + other.skip);
    }

    private TallyEffect plus(Choice choice, int by) {
        return choice == Choice.SHIP ? new TallyEffect(toolId, ship + by, skip) : new TallyEffect(toolId, ship, skip + by);
    }
}
