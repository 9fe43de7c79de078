package io.shiporskip.projector.rebuild;

/** A moderator or admin cancelled the rebuild. */
final class RebuildCancelled extends RuntimeException {

    RebuildCancelled(String by) {
        super("cancelled by " + by);
    }

    /** Ends the rebuild here if a cancel was requested. */
    static void stopIfRequested(RebuildProgress progress) {
        if (progress.cancelRequestedBy() != null) {
            throw new RebuildCancelled(progress.cancelRequestedBy());
        }
    }
}
