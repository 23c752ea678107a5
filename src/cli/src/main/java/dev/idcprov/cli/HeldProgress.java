package dev.idcprov.cli;

import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitProgress;
import java.util.ArrayList;
import java.util.List;

/** Holds progress back until released, then hands over one merged snapshot of what it held and passes the rest. */
final class HeldProgress implements ProgressListener {
  private final ProgressListener target;
  private final List<RequestOutcome> held = new ArrayList<>();
  private WaitProgress last;
  private boolean released;

  HeldProgress(ProgressListener target) {
    this.target = target;
  }

  @Override
  public synchronized void onProgress(WaitProgress progress) {
    if (!released) {
      held.addAll(progress.newlyResolved());
      last = progress;
      return;
    }
    target.onProgress(progress);
  }

  /** Passes on what was held (one snapshot: every outcome held, the latest counts), then every later snapshot; releasing again does nothing. */
  synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    if (last != null) {
      target.onProgress(new WaitProgress(last.total(), last.succeeded(), last.failed(), held, last.pollRounds(),
          last.elapsed()));
    }
  }
}
