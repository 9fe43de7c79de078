/** Community votes: one ballot per (tool, voter), cast, changed, repeated or retracted. */
package io.shiporskip.command.community;
