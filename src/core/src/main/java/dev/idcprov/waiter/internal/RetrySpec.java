package dev.idcprov.waiter.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded exponential backoff with "equal jitter": retry n waits a random time between half and all of
 * {@code min(maxDelay, baseDelay * 2^(n-1))}, so no delay ever exceeds {@code maxDelay}.
 *
 * <p>How many retries: {@code maxRetries} when {@code retryWindow} is null; otherwise as many as fit before the
 * deadline: the call is retried while it has been failing for less than {@code retryWindow} and, when the
 * {@link ApiCaller} was given one, before the deadline of the wait or run it serves. A retryable error then never ends
 * a wait or a submission before its deadline.
 *
 * @param maxRetries  retries after the first attempt, when {@code retryWindow} is null
 * @param baseDelay   the delay before the first retry (before jitter)
 * @param maxDelay    the longest delay
 * @param retryWindow how long after its first attempt a call may still be retried, or null to count retries
 */
public record RetrySpec(int maxRetries, Duration baseDelay, Duration maxDelay, Duration retryWindow) {
  /**
   * @param maxRetries  retries after the first attempt, when {@code retryWindow} is null
   * @param baseDelay   the delay before the first retry (before jitter)
   * @param maxDelay    the longest delay
   * @param retryWindow how long after its first attempt a call may still be retried, or null to count retries
   * @throws NullPointerException     if a delay is null
   * @throws IllegalArgumentException if {@code retryWindow} is zero or negative
   */
  public RetrySpec {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (retryWindow != null && (retryWindow.isZero() || retryWindow.isNegative())) {
      throw new IllegalArgumentException("retryWindow must be positive, got " + retryWindow);
    }
  }

  /**
   * A fixed number of retries.
   *
   * @param maxRetries retries after the first attempt
   * @param baseDelay  the delay before the first retry (before jitter)
   * @param maxDelay   the longest delay
   */
  public RetrySpec(int maxRetries, Duration baseDelay, Duration maxDelay) {
    this(maxRetries, baseDelay, maxDelay, null);
  }

  /**
   * Retries for as long as the deadline allows.
   *
   * @param baseDelay   the delay before the first retry (before jitter)
   * @param maxDelay    the longest delay
   * @param retryWindow how long after its first attempt a call may still be retried (the timeout of the wait or
   *                    run the call serves)
   * @return the spec
   */
  public static RetrySpec untilDeadline(Duration baseDelay, Duration maxDelay, Duration retryWindow) {
    return new RetrySpec(0, baseDelay, maxDelay, Objects.requireNonNull(retryWindow, "retryWindow"));
  }

  /** @return whether retries are bounded by time ({@link #retryWindow}) rather than counted */
  public boolean timeBound() {
    return retryWindow != null;
  }

  /**
   * @param retry the retry number, from 1
   * @return the delay before that retry
   */
  public Duration delayBefore(int retry) {
    long base = baseDelay.toNanos();
    long cap = maxDelay.toNanos();
    long exp = base;
    for (int i = 1; i < retry && exp < cap; i++) {
      exp = exp > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : exp * 2;
    }
    exp = Math.min(exp, cap);
    long half = exp / 2;
    return Duration.ofNanos(half + (exp - half > 0 ? ThreadLocalRandom.current().nextLong(exp - half + 1) : 0));
  }
}
