/** Transient database conflicts (deadlocks, serialization failures, lock timeouts): recognised, retried, counted. */
package io.shiporskip.support.transients;
