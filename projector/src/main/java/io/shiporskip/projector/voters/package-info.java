/** Voters' own views: their current votes and their bookmarks. */
package io.shiporskip.projector.voters;
