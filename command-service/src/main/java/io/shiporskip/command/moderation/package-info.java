/** Moderators' commands: void votes, suspend and reinstate voters, hide reviews, lock voting. Every one needs a reason. */
package io.shiporskip.command.moderation;
