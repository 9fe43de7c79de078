/** Dead letters: events the projector could not apply, parked with their error until retried or skipped. */
package io.shiporskip.projector.deadletters;
