package dev.idcprov.waiter;

/**
 * Receives {@link WaitProgress} snapshots while a wait runs: after its first round, as soon as requests are
 * resolved, and at least every 30 seconds (of the wait's clock) while requests are pending, so a long request never
 * leaves the caller without output. A request's outcome is handed over when the answer that reads it has been
 * decided (the list pass listing it SUCCEEDED or FAILED, or its Describe), not at the end of the poll round, and in
 * exactly one snapshot ({@link WaitProgress#newlyResolved()}); a sealed wait's result completes after the snapshot
 * carrying its last outcome. Called on the waiter's threads (the scheduler's or the one that read the answer), one
 * snapshot at a time and in order: keep it quick and never block. An exception thrown by a listener is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores every snapshot. */
  ProgressListener NONE = progress -> { };

  /**
   * @param progress the latest snapshot
   */
  void onProgress(WaitProgress progress);
}
