/** Consuming the event topic: each polled batch, its deduplication and its offsets in one PostgreSQL transaction. */
package io.shiporskip.projector.consumer;
