/** The equality proof: every read model recomputed from the event store and compared with the serving one, row for row. */
package io.shiporskip.projector.verification;
