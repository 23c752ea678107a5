package dev.idcprov.waiter;

import dev.failsafe.RateLimiter;
import dev.idcprov.waiter.internal.AdaptiveRate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A rate budget for SSO Admin API calls, shared by every waiter and provisioner that talks to the same IAM Identity
 * Center instance through one {@link ProvisioningContext}, so that together they stay inside the service quota
 * (20 requests per second for all SSO Admin operations of an account, not adjustable). Backed by a smooth
 * Failsafe {@link RateLimiter}: calls are spread evenly, never sent in bursts. Under that ceiling, the rate adapts
 * to throttling (additive increase, multiplicative decrease; {@link #onThrottled()}), so that separate processes
 * sharing the quota each slow down to their share.
 *
 * <p>Two kinds of callers share the slots, in one sequence at one rate:
 * <ul>
 *   <li>{@link #reserve()}: a call someone waits on (a wait's list pages and Describes, look-ups, planning reads)
 *       takes the next free slot at once, however far ahead it is.</li>
 *   <li>{@link #reserveBackground()}: a call of background work (the provisioner's {@code ProvisionPermissionSet})
 *       gets a slot only when the next free one starts within {@value #BACKGROUND_SLOTS_AHEAD} gap of now, and is
 *       otherwise told when to ask again. Background work therefore never holds more than about two slots ahead,
 *       however many of its calls are waiting, so a {@link #reserve()} waits at most about two gaps behind it
 *       (at 15/s: 133 ms) instead of queueing behind every call already reserved; and when no {@link #reserve()}
 *       comes, the background callers take every slot, so the budget is used at its full rate.</li>
 * </ul>
 * Both kinds draw on the same rate, and the adaptive rate counts both: priority changes who goes first, never how
 * many calls go out.
 *
 * <p>{@link ProvisioningContext#budget(String)} returns the context's budget of an instance, created on first use;
 * {@link ProvisioningContext#configureBudget(String, double)} changes it before use.
 *
 * <pre>{@code
 * RequestBudget budget = ProvisioningContext.defaultContext().budget(instanceArn);
 * Duration wait = budget.reserve();   // sleep or schedule the call this much later
 *
 * RequestBudget.Slot slot = budget.reserveBackground();
 * if (slot.granted()) {
 *   // schedule the call slot.delay() later
 * } else {
 *   // ask again slot.delay() later
 * }
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

  /**
   * How far ahead of now, in gaps between calls at the current rate, a {@link #reserveBackground()} may be given a
   * slot: one, so that a background caller asked back when its slot is one gap away absorbs up to one gap of timer
   * lateness without leaving the slot unused.
   */
  public static final int BACKGROUND_SLOTS_AHEAD = 1;

  private static final Slot GRANTED_NOW = new Slot(true, Duration.ZERO);
  private static final RequestBudget UNLIMITED = new RequestBudget(Double.POSITIVE_INFINITY, null);

  private final double requestsPerSecond;
  private final RateLimiter<Object> limiter;
  /** The rate under the ceiling that follows throttling (AIMD); null when unlimited. */
  private final AdaptiveRate adaptive;

  /** The time slots are counted in, nanoseconds. */
  private final LongSupplier nanoTime;

  private RequestBudget(double requestsPerSecond, Clock clock) {
    this.requestsPerSecond = requestsPerSecond;
    // Failsafe's limiter reads the system clock: a budget on another clock spaces calls with its adaptive rate
    // alone, which never exceeds requestsPerSecond either
    this.limiter = Double.isInfinite(requestsPerSecond) || clock != null ? null
        : RateLimiter.smoothBuilder(Duration.ofNanos(Math.max(1L, Math.round(1e9 / requestsPerSecond)))).build();
    this.adaptive = Double.isInfinite(requestsPerSecond) ? null : new AdaptiveRate(requestsPerSecond);
    this.nanoTime = clock == null ? System::nanoTime : () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * A budget of its own, shared with nobody else.
   *
   * @param requestsPerSecond calls per second; from {@link #MIN_REQUESTS_PER_SECOND} to 1000
   * @return the budget
   * @throws IllegalArgumentException if {@code requestsPerSecond} is outside [0.001, 1000]
   */
  public static RequestBudget of(double requestsPerSecond) {
    return new RequestBudget(checkRate(requestsPerSecond), null);
  }

  /**
   * A budget of its own whose slots are counted on {@code clock} instead of the system's monotonic clock: for tests
   * in virtual time, whose timer follows that clock. The budget and the timer that runs the waits it gives must
   * agree on the time, since a {@link #reserveBackground()} refused is asked again when told. Such a budget spaces
   * calls with its adaptive rate alone (Failsafe's limiter reads the system clock), which never exceeds
   * {@code requestsPerSecond} either.
   *
   * @param requestsPerSecond calls per second; from {@link #MIN_REQUESTS_PER_SECOND} to 1000
   * @param clock             the clock slots are counted on
   * @return the budget
   * @throws IllegalArgumentException if {@code requestsPerSecond} is outside [0.001, 1000]
   * @throws NullPointerException     if {@code clock} is null
   */
  public static RequestBudget of(double requestsPerSecond, Clock clock) {
    return new RequestBudget(checkRate(requestsPerSecond), Objects.requireNonNull(clock, "clock"));
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
   * Reserves the right to make one call that someone waits on: the next free slot, at the budget's rate, or lower
   * while the service is throttling (see {@link #onThrottled()}). Background work asks with
   * {@link #reserveBackground()} instead, so that it never holds more than about two slots ahead of these calls.
   *
   * @return how long the caller must wait before making it; zero when it may call now
   */
  public Duration reserve() {
    if (adaptive == null) {
      return Duration.ZERO;
    }
    Duration adapted = Duration.ofNanos(adaptive.reserve(nanoTime.getAsLong()));
    if (limiter == null) {
      return adapted;
    }
    Duration fixed = limiter.reservePermit();
    return adapted.compareTo(fixed) > 0 ? adapted : fixed;
  }

  /**
   * Reserves the right to make one background call (one that nobody waits on at this moment, such as a
   * submission), just in time: a slot is given only when the next free one starts within
   * {@link #BACKGROUND_SLOTS_AHEAD} gap of now; otherwise nothing is reserved and the answer says when to ask again
   * (when the next free slot will be within reach, unless a {@link #reserve()} takes it first). Calls someone waits
   * on ({@link #reserve()}) thereby go ahead of background work queued behind them, while background work still
   * gets every slot they leave. The rate is the same as for {@link #reserve()}, and the answers are reported the
   * same way ({@link #onAccepted()}, {@link #onThrottled()}).
   *
   * @return a granted slot with how long to wait before calling (zero up to about one gap), or a refusal with how
   *         long to wait before asking again (above zero); always granted at once when unlimited
   */
  public Slot reserveBackground() {
    if (adaptive == null) {
      return GRANTED_NOW;
    }
    long adapted = adaptive.reserveIfWithin(nanoTime.getAsLong(), BACKGROUND_SLOTS_AHEAD);
    if (adapted < 0) {
      return new Slot(false, Duration.ofNanos(-adapted));
    }
    if (limiter == null) {
      return new Slot(true, Duration.ofNanos(adapted));
    }
    // the ceiling holds for these calls as for any: the smooth limiter's wait, if longer, is the one kept
    Duration fixed = limiter.reservePermit();
    return new Slot(true, fixed.toNanos() > adapted ? fixed : Duration.ofNanos(adapted));
  }

  /**
   * The answer to {@link #reserveBackground()}.
   *
   * @param granted whether a slot was reserved
   * @param delay   when granted, how long to wait before making the call; otherwise, how long to wait before asking
   *                again; never negative
   */
  public record Slot(boolean granted, Duration delay) {
    /**
     * @param granted whether a slot was reserved
     * @param delay   the wait before calling (granted) or before asking again (refused); never negative
     * @throws NullPointerException     if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Slot {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, got " + delay);
      }
    }
  }

  /**
   * Reports a call the service answered without throttling: a rate lowered by throttling grows back (additive
   * increase). Callers of {@link #reserve()} and {@link #reserveBackground()} report every answer, so that
   * processes sharing one quota converge.
   */
  public void onAccepted() {
    if (adaptive != null) {
      adaptive.onAccepted(nanoTime.getAsLong());
    }
  }

  /**
   * Reports a ThrottlingException: the rate this budget hands out falls (multiplicative decrease, as the AWS SDK's
   * adaptive retry mode), so that several processes sharing the account's quota settle on their shares instead of
   * throttling each other.
   */
  public void onThrottled() {
    if (adaptive != null) {
      adaptive.onThrottled(nanoTime.getAsLong());
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
