/** Audit history for moderators and analysts: every event of a tool or comparison, oldest first, paged by cursor. */
package io.shiporskip.query.history;
