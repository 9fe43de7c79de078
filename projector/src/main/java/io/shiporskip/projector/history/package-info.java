/** The audit log: every non-private event with its actor, time and reason, and each tool's state over time. */
package io.shiporskip.projector.history;
