package dev.idcprov.waiter;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of a wait, handed to a {@link ProgressListener} after each poll round that resolved something
 * (and after the first round).
 *
 * @param total         requests being waited for
 * @param succeeded     requests that have SUCCEEDED so far
 * @param failed        requests that have FAILED so far
 * @param newlyResolved outcomes resolved in this round
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
   * @param newlyResolved outcomes resolved in this round
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
