/** Reading the command side's event store directly: the truth that rebuilds and the equality proof start from. */
package io.shiporskip.projector.eventstore;
