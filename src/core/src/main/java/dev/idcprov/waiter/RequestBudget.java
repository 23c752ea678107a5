package dev.idcprov.waiter;

import dev.failsafe.RateLimiter;
import java.time.Duration;

/**
 * A rate budget for SSO Admin API calls, shared by every waiter and provisioner that talks to the same IAM Identity
 * Center instance through one {@link ProvisioningContext}, so that together they stay inside the service quota
 * (20 requests per second for all SSO Admin operations of an account, not adjustable). Backed by a smooth
 * Failsafe {@link RateLimiter}: calls are spread evenly, never sent in bursts.
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

  private RequestBudget(double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
    this.limiter = Double.isInfinite(requestsPerSecond) ? null
        : RateLimiter.smoothBuilder(Duration.ofNanos(Math.max(1L, Math.round(1e9 / requestsPerSecond)))).build();
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
   * Reserves the right to make one call.
   *
   * @return how long the caller must wait before making it; zero when it may call now
   */
  public Duration reserve() {
    return limiter == null ? Duration.ZERO : limiter.reservePermit();
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
