package dev.idcprov.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The shared request quota: a token bucket holding one sandbox second of requests, refilled at the quota rate
 * (requests per sandbox second, i.e. {@code quota * timeScale} per wall-clock second).
 */
final class TokenBucket {
  private final double capacity;
  private final double perRealNano;
  private final Clock clock;
  private double tokens;
  private Instant last;

  TokenBucket(double requestsPerSecond, double timeScale, Clock clock) {
    this.capacity = Math.max(1.0, requestsPerSecond);
    this.perRealNano = requestsPerSecond * timeScale / 1e9;
    this.clock = clock;
    this.tokens = capacity;
    this.last = clock.instant();
  }

  synchronized boolean tryAcquire() {
    Instant now = clock.instant();
    if (now.isAfter(last)) {
      long nanos = Duration.between(last, now).toNanos();
      tokens = Math.min(capacity, tokens + nanos * perRealNano);
      last = now;
    }
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }
}
