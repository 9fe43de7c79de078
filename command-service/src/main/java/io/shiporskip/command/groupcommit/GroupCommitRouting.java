package io.shiporskip.command.groupcommit;

import org.axonframework.commandhandling.CommandMessage;

/**
 * Which commands may share a transaction with others, and which lane each goes to. A command is batchable only if
 * its handler throws its rejections ({@link io.shiporskip.support.problems.RejectedException}) before it applies any
 * event: a rejected command in a batch must leave nothing behind when the others commit.
 */
public interface GroupCommitRouting {

    boolean batchable(CommandMessage<?> command);

    /**
     * The key that picks a batchable command's lane: commands of one aggregate must share a key, so they are handled
     * in the order they arrived, by one thread.
     */
    Object laneKey(CommandMessage<?> command);
}
