package io.shiporskip.command.community;

/**
 * A ballot's aggregate id: one voter's vote on one tool. Tool slugs hold no ':' so the form is unambiguous, and the
 * prefix keeps ballots apart from tool and comparison streams.
 */
final class BallotId {

    private BallotId() {
    }

    static String of(String toolId, String voterId) {
        return "ballot:" + toolId + ":" + voterId;
    }
}
