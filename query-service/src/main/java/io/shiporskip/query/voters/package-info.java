/** A voter's own views: their current votes and bookmarks. Private: only the voter themself reads them. */
package io.shiporskip.query.voters;
