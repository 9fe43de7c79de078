package io.shiporskip.projector.consumer;

/**
 * How a batch's rows reach the read-model tables. The live path writes through the serving generation's views with
 * statements; a rebuild writes a generation's own tables and may append rows with {@code COPY} ({@link CopyRows}).
 * Both produce the same rows: the equality proof compares a rebuilt generation with one recomputed by statements.
 */
public enum RowWrites {
    /** {@code INSERT ... SELECT FROM unnest(...)} and upserts: the live path, dead-letter releases, verification. */
    STATEMENTS,
    /** Append-only tables by {@code COPY}, the rest as with {@link #STATEMENTS}: a rebuild's generation. */
    COPY
}
