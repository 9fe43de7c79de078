/** Axon on PostgreSQL without Axon Server: table names, serialization, revisions, concurrency conflicts, retries. */
package io.shiporskip.command.eventstore;
