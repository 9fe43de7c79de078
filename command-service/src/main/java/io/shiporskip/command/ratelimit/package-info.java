/**
 * Write rate limits per voter (token subject) and per client address, shared by every command-service instance
 * through PostgreSQL, answered with 429 and {@code Retry-After}.
 */
package io.shiporskip.command.ratelimit;
