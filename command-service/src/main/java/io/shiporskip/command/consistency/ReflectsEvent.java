package io.shiporskip.command.consistency;

/**
 * Implemented by results of commands that may store nothing (a repeated vote): the id of the event whose state made
 * the command a no-op, so its token still means "wait until my earlier write is visible".
 */
public interface ReflectsEvent {

    String lastEventId();
}
