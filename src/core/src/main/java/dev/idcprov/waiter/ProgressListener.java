package dev.idcprov.waiter;

/**
 * Receives {@link WaitProgress} snapshots while a wait runs: after its first round, after every round that resolved
 * a request, and at least every 30 seconds (of the wait's clock) while requests are pending, so a long request never
 * leaves the caller without output. Called on the waiter's scheduler thread: keep it quick and never block. An
 * exception thrown by a listener is logged and otherwise ignored.
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
