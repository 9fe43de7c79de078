package io.shiporskip.projector.rebuild;

/** Where a rebuild reads the history from. */
public enum RebuildSource {
    /** The topic if it holds every stored event ({@link TopicCoverage}), otherwise the event store. */
    AUTO,
    /** The event topic from its first offset; refused unless it holds every stored event ({@link TopicCoverage}). */
    KAFKA,
    /**
     * The event store itself (for a topic that is truncated by retention, or recreated and not yet re-published), then
     * the topic from the offsets it had when the replay began.
     */
    EVENT_STORE
}
