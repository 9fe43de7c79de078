package io.shiporskip.projector.deadletters;

import io.shiporskip.projector.consumer.EventReplay;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Retry and skip of a parked event, with the events of its subject that waited behind it: in one release transaction
 * ({@link EventReplay#release}), the first is applied (retry) or dropped (skip), then the waiting ones are applied in
 * the order they were consumed. The first that fails stops the release and becomes the subject's parked event; the
 * ones after it keep waiting. A waiting event is never released on its own: that would apply it out of order.
 */
@Component
class SequenceRelease {

    enum Verdict { RELEASED, STILL_FAILING, WAITS_BEHIND, NOT_HELD }

    /** What a release did; {@code letter} is the one asked for as it now stands, {@code first} the one it waits behind. */
    record Outcome(Verdict verdict, DeadLetter letter, Long first) {
    }

    private final DeadLetters deadLetters;
    private final EventReplay replay;

    SequenceRelease(DeadLetters deadLetters, EventReplay replay) {
        this.deadLetters = deadLetters;
        this.replay = replay;
    }

    Outcome retry(long id, String actor) {
        return replay.release(release -> {
            Optional<DeadLetter> held = deadLetters.lockHeld(id);
            if (held.isEmpty()) {
                return new Outcome(Verdict.NOT_HELD, null, null);
            }
            Outcome waits = waitsBehind(held.get());
            if (waits != null) {
                return waits;
            }
            Optional<RuntimeException> failure = release.tryApply(deadLetters.payload(id));
            if (failure.isPresent()) {
                deadLetters.failed(id, failure.get());
                return new Outcome(Verdict.STILL_FAILING, deadLetters.find(id).orElseThrow(), null);
            }
            deadLetters.resolve(id, "RETRIED", actor, "applied on retry");
            releaseWaiting(held.get(), release, actor);
            return new Outcome(Verdict.RELEASED, deadLetters.find(id).orElseThrow(), null);
        });
    }

    Outcome skip(long id, String actor, String reason) {
        return replay.release(release -> {
            Optional<DeadLetter> held = deadLetters.lockHeld(id);
            if (held.isEmpty()) {
                return new Outcome(Verdict.NOT_HELD, null, null);
            }
            Outcome waits = waitsBehind(held.get());
            if (waits != null) {
                return waits;
            }
            deadLetters.resolve(id, "SKIPPED", actor, reason);
            releaseWaiting(held.get(), release, actor);
            return new Outcome(Verdict.RELEASED, deadLetters.find(id).orElseThrow(), null);
        });
    }

    /** Only the first held event of a subject may be released. */
    private Outcome waitsBehind(DeadLetter letter) {
        if (letter.subject() == null) {
            return null;
        }
        long first = deadLetters.firstHeld(letter.subject()).orElse(letter.id());
        return first == letter.id() ? null : new Outcome(Verdict.WAITS_BEHIND, letter, first);
    }

    private void releaseWaiting(DeadLetter first, EventReplay.Release release, String actor) {
        for (DeadLetter waiting : deadLetters.waitingBehind(first)) {
            Optional<RuntimeException> failure = release.tryApply(deadLetters.payload(waiting.id()));
            if (failure.isPresent()) {
                deadLetters.failed(waiting.id(), failure.get());
                return; // the rest keep waiting, now behind this one
            }
            deadLetters.resolve(waiting.id(), "RETRIED", actor, "applied in order after dead letter " + first.id());
        }
    }
}
