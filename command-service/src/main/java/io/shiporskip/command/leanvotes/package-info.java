/**
 * The lean path for votes: usual {@code PUT}/{@code DELETE /api/v1/tools/{toolId}/vote} requests answered by a filter
 * ahead of Spring Security and Spring MVC, with the full chain's exact answers (docs/architecture.md, "The lean path
 * for votes"). Its own feature package: it uses {@code community} (the vote controller) and {@code web} (the vote
 * request rule), and neither uses it.
 */
package io.shiporskip.command.leanvotes;
