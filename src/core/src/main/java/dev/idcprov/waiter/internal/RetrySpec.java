package dev.idcprov.waiter.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded exponential backoff with "equal jitter": retry n waits a random time between half and all of
 * {@code min(maxDelay, baseDelay * 2^(n-1))}, so no delay ever exceeds {@code maxDelay}.
 *
 * @param maxRetries retries after the first attempt
 * @param baseDelay  the delay before the first retry (before jitter)
 * @param maxDelay   the longest delay
 */
public record RetrySpec(int maxRetries, Duration baseDelay, Duration maxDelay) {
  /**
   * @param maxRetries retries after the first attempt
   * @param baseDelay  the delay before the first retry (before jitter)
   * @param maxDelay   the longest delay
   * @throws NullPointerException if a delay is null
   */
  public RetrySpec {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
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
