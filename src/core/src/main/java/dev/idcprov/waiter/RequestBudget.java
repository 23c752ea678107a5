package dev.idcprov.waiter;

import dev.failsafe.RateLimiter;
import dev.idcprov.waiter.internal.AdaptiveRate;
import java.time.Duration;

/**
 * A rate budget for SSO Admin API calls, shared by every waiter and provisioner that talks to the same IAM Identity
 * Center instance through one {@link ProvisioningContext}, so that together they stay inside the service quota
 * (20 requests per second for all SSO Admin operations of an account, not adjustable). Backed by a smooth
 * Failsafe {@link RateLimiter}: calls are spread evenly, never sent in bursts. Under that ceiling, the rate adapts
 * to throttling (additive increase, multiplicative decrease; {@link #onThrottled()}), so that separate processes
 * sharing the quota each slow down to their share.
 *
 * <p>{@link ProvisioningContext#budget(String)} returns the context's budget of an instance, created on first use;
 * {@link ProvisioningContext#configureBudget(String, double)} changes it before use.
 *
 * <pre>{@code
 * RequestBudget budget = ProvisioningContext.defaultContext().budget(instanceArn);
 * Duration wait = budget.reserve();   // sleep or schedule the call this much later
 * }</pre>
 */
public final class RequestBudget {
  /**
   * Default calls per second per instance: three quarters of the 20/s quota, leaving room for other
   * clients of the same account (consoles, pulumi-aws resources, other pipelines).
   */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 15.0;
  /** The lowest rate a budget accepts: one call every 1000 s. */
  public static final double MIN_REQUESTS_PER_SECOND = 0.001;

  private static final RequestBudget UNLIMITED = new RequestBudget(Double.POSITIVE_INFINITY);

  private final double requestsPerSecond;
  private final RateLimiter<Object> limiter;
  /** The rate under the ceiling that follows throttling (AIMD); null when unlimited. */
  private final AdaptiveRate adaptive;

  private RequestBudget(double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
    this.limiter = Double.isInfinite(requestsPerSecond) ? null
        : RateLimiter.smoothBuilder(Duration.ofNanos(Math.max(1L, Math.round(1e9 / requestsPerSecond)))).build();
    this.adaptive = Double.isInfinite(requestsPerSecond) ? null : new AdaptiveRate(requestsPerSecond);
  }

  /**
   * A budget of its own, shared with nobody else.
   *
   * @param requestsPerSecond calls per second; from {@link #MIN_REQUESTS_PER_SECOND} to 1000
   * @return the budget
   * @throws IllegalArgumentException if {@code requestsPerSecond} is outside [0.001, 1000]
   */
  public static RequestBudget of(double requestsPerSecond) {
    return new RequestBudget(checkRate(requestsPerSecond));
  }

  /** @return a budget that never makes a caller wait (for tests in virtual time) */
  public static RequestBudget unlimited() {
    return UNLIMITED;
  }

  /** @return calls per second this budget allows ({@code Infinity} when unlimited) */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /**
   * Reserves the right to make one call: at the budget's rate, or lower while the service is throttling (see
   * {@link #onThrottled()}).
   *
   * @return how long the caller must wait before making it; zero when it may call now
   */
  public Duration reserve() {
    if (limiter == null) {
      return Duration.ZERO;
    }
    Duration fixed = limiter.reservePermit();
    Duration adapted = Duration.ofNanos(adaptive.reserve(System.nanoTime()));
    return adapted.compareTo(fixed) > 0 ? adapted : fixed;
  }

  /**
   * Reports a call the service answered without throttling: a rate lowered by throttling grows back (additive
   * increase). Callers of {@link #reserve()} report every answer, so that processes sharing one quota converge.
   */
  public void onAccepted() {
    if (adaptive != null) {
      adaptive.onAccepted(System.nanoTime());
    }
  }

  /**
   * Reports a ThrottlingException: the rate this budget hands out falls (multiplicative decrease, as the AWS SDK's
   * adaptive retry mode), so that several processes sharing the account's quota settle on their shares instead of
   * throttling each other.
   */
  public void onThrottled() {
    if (adaptive != null) {
      adaptive.onThrottled(System.nanoTime());
    }
  }

  /** @return calls per second handed out now: {@link #requestsPerSecond()}, or less while throttled */
  public double currentRate() {
    return adaptive == null ? requestsPerSecond : adaptive.rate();
  }

  static double checkRate(double requestsPerSecond) {
    return checkRate("requestsPerSecond", requestsPerSecond);
  }

  /**
   * A rate below {@link #MIN_REQUESTS_PER_SECOND} is refused: its gap between calls overflows a scheduler's
   * nanoseconds (1e-10/s is a gap of 317 years) and would silently become no limit at all.
   */
  static double checkRate(String field, double requestsPerSecond) {
    if (requestsPerSecond > 0 && requestsPerSecond < MIN_REQUESTS_PER_SECOND) {
      throw new IllegalArgumentException(field + " must be at least " + MIN_REQUESTS_PER_SECOND
          + " (one call every 1000 s) and at most 1000, got " + requestsPerSecond);
    }
    if (!(requestsPerSecond > 0) || requestsPerSecond > 1000) {
      throw new IllegalArgumentException(field + " must be above 0 and at most 1000, got "
          + requestsPerSecond);
    }
    return requestsPerSecond;
  }

  @Override
  public String toString() {
    return "RequestBudget{" + requestsPerSecond + "/s}";
  }
}
