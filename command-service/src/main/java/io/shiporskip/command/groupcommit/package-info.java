/**
 * Group commit of concurrent votes (issue 15, item 3): casts and retractions that arrive together are handled by
 * Axon's own command handlers in one unit of work and one database transaction, so they share one commit and one WAL
 * flush. Design and correctness argument: docs/architecture.md, "Group commit of votes".
 */
package io.shiporskip.command.groupcommit;
