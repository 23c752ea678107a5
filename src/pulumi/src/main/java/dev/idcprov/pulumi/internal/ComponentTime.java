package dev.idcprov.pulumi.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The length of one "second" of the component's time inputs (deadline, poll interval, request rate). One real
 * second, except in tests and rehearsals against a sandbox running with a time scale, which shorten it so that
 * polls and deadlines shrink with the sandbox's clock.
 */
public final class ComponentTime {
  private static volatile Duration secondLength = Duration.ofSeconds(1);

  private ComponentTime() {
  }

  /** @return the current length of one input second */
  public static Duration secondLength() {
    return secondLength;
  }

  /**
   * Shortens (or restores) the length of one input second, process-wide; for tests and rehearsals only.
   *
   * @param length the new length, 1 ms to 1 s
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if outside 1 ms to 1 s
   */
  public static void setSecondLength(Duration length) {
    Objects.requireNonNull(length, "length");
    if (length.compareTo(Duration.ofMillis(1)) < 0 || length.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("secondLength must be between 1 ms and 1 s, got " + length);
    }
    secondLength = length;
  }

  /** Restores one real second. */
  public static void reset() {
    secondLength = Duration.ofSeconds(1);
  }

  /**
   * @param seconds input seconds
   * @return their real duration
   */
  public static Duration seconds(long seconds) {
    return secondLength.multipliedBy(seconds);
  }

  /**
   * @param perSecond a rate per input second
   * @return the rate per real second, capped at 1000
   */
  public static double perRealSecond(double perSecond) {
    return Math.min(1000.0, perSecond * 1e9 / secondLength.toNanos());
  }
}
