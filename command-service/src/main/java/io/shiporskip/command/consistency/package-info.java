/** Consistency tokens: each acknowledged command names the last event it stored, for read-your-writes. */
package io.shiporskip.command.consistency;
