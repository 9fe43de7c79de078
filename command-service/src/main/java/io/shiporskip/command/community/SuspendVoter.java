package io.shiporskip.command.community;

/** Suspend a voter: void every current vote of theirs and refuse new ones until reinstated (moderator). */
public record SuspendVoter(String voterId) {
}
