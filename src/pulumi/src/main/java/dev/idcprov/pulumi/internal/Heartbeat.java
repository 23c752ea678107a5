package dev.idcprov.pulumi.internal;

import java.time.Duration;

/**
 * When the component's log owes the person watching {@code pulumi up} a line: at least one every {@link #period()}
 * of wall time while requests are pending. The decision only; the caller supplies the time and logs the line.
 * Thread-safe.
 */
public final class Heartbeat {
  private final Duration period;
  private final long started;
  private long lastLine;
  private String progress = "submitting";

  /**
   * @param period  the longest silence
   * @param started when the wait started, in {@link System#nanoTime()} units
   */
  public Heartbeat(Duration period, long started) {
    this.period = period;
    this.started = started;
    this.lastLine = started;
  }

  /** @return the longest silence */
  public Duration period() {
    return period;
  }

  /**
   * A progress line was logged.
   *
   * @param now      when, in nanoTime units
   * @param progress what it said
   */
  public synchronized void logged(long now, String progress) {
    this.lastLine = now;
    this.progress = progress;
  }

  /**
   * @param now the time, in nanoTime units
   * @return the line to log now, or null when the last line is recent enough
   */
  public synchronized String due(long now) {
    if (now - lastLine < period.toNanos()) {
      return null;
    }
    lastLine = now;
    return "still waiting after " + Duration.ofNanos(now - started).toSeconds() + "s (wall time): " + progress;
  }
}
