package dev.idcprov.waiter;

/**
 * Receives {@link WaitProgress} snapshots while a wait runs. Called on the waiter's scheduler thread: keep it
 * quick and never block. An exception thrown by a listener is logged and otherwise ignored.
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
