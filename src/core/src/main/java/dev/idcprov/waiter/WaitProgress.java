package dev.idcprov.waiter;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of a wait, handed to a {@link ProgressListener} as soon as requests are resolved, after the first
 * round, and at least every 30 seconds while requests are pending.
 *
 * @param total         requests being waited for
 * @param succeeded     requests that have SUCCEEDED so far
 * @param failed        requests that have FAILED so far
 * @param newlyResolved outcomes resolved since the previous snapshot (each outcome is in exactly one snapshot)
 * @param pollRounds    poll rounds so far
 * @param elapsed       time since the wait started
 */
public record WaitProgress(int total, int succeeded, int failed, List<RequestOutcome> newlyResolved, int pollRounds,
                           Duration elapsed) {

  /**
   * Copies {@code newlyResolved}.
   *
   * @param total         requests being waited for
   * @param succeeded     requests that have SUCCEEDED so far
   * @param failed        requests that have FAILED so far
   * @param newlyResolved outcomes resolved since the previous snapshot (each outcome is in exactly one snapshot)
   * @param pollRounds    poll rounds so far
   * @param elapsed       time since the wait started
   */
  public WaitProgress {
    newlyResolved = List.copyOf(newlyResolved);
  }

  /** @return requests still in progress */
  public int pending() {
    return total - succeeded - failed;
  }

  /** @return a line such as {@code "12/40 provisioned, 1 failed, 27 in progress"} */
  public String summary() {
    return succeeded + "/" + total + " provisioned, " + failed + " failed, " + pending() + " in progress";
  }
}
