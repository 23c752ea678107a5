package dev.idcprov.waiter.internal;

/**
 * A client-side send rate that adapts to throttling, additive increase and multiplicative decrease (AIMD), as the
 * AWS SDK's adaptive retry mode does with its token bucket: each ThrottlingException cuts the rate to
 * {@link #DECREASE_FACTOR} of what it was (at most once per {@link #COOLDOWN_CALLS} calls' time, so that one burst of
 * rejections counts once), and each accepted call lets it grow back by {@link #INCREASE_SHARE} of the ceiling per
 * {@link #INCREASE_CALLS} calls' time at the ceiling since the last change, up to the ceiling. Several processes
 * sharing one quota, each with its own AIMD rate, converge on their shares instead of all throttling at once. Calls
 * are spaced evenly at the current rate.
 *
 * <p>Both halves are counted in calls' time, not in seconds, so the rule is scale-invariant: with a ceiling k times
 * higher and time running k times faster (the benchmark's sandbox at time scale 10 with every budget scaled by 10),
 * the rate follows the same trajectory in scaled time, k times higher. At the default 15/s ceiling, 15 calls' time is
 * one second: +2 % of the ceiling (0.3/s) per second, as a per-second increase gave before; a per-second increase
 * made the regrowth k times too slow against the decrease (whose cooldown is already in calls) at a k times higher
 * ceiling.
 *
 * <p>Pure and thread-safe: time is passed in (nanoseconds of any monotonic source), so the rules are tested in
 * virtual time. Each call must {@link #reserve} a slot, then report {@link #onAccepted} or {@link #onThrottled}.
 */
public final class AdaptiveRate {
  /** The rate after a throttle, as a share of the rate before (the SDK's CUBIC uses 0.7 too). */
  public static final double DECREASE_FACTOR = 0.7;
  /**
   * Regrowth per {@link #INCREASE_CALLS} calls' time at the ceiling without throttling, as a share of the ceiling:
   * at the default 15/s, from 70 % back to the ceiling in 15 s, slow enough that five processes growing at once
   * overshoot a shared quota by little (under 5 % of calls throttled).
   */
  public static final double INCREASE_SHARE = 0.02;
  /**
   * The regrowth's time unit, in calls at the ceiling: the default ceiling's calls per second
   * ({@code RequestBudget.DEFAULT_REQUESTS_PER_SECOND}), so that at 15/s the unit is one second.
   */
  public static final int INCREASE_CALLS = 15;
  /** Throttles within this many calls' time (at the rate then) of a decrease are taken as the same congestion. */
  public static final int COOLDOWN_CALLS = 10;
  /** The rate never falls below this share of the ceiling. */
  public static final double FLOOR = 0.02;

  private final double ceiling;
  private double rate;
  private long nextFreeNanos;
  private long lastChangeNanos;
  private long noDecreaseBeforeNanos;
  private boolean started;

  /**
   * @param ceiling calls per second never exceeded (the configured budget); above 0
   * @throws IllegalArgumentException if not above 0
   */
  public AdaptiveRate(double ceiling) {
    if (!(ceiling > 0)) {
      throw new IllegalArgumentException("ceiling must be above 0, got " + ceiling);
    }
    this.ceiling = ceiling;
    this.rate = ceiling;
  }

  /**
   * Reserves the next slot.
   *
   * @param nowNanos the current time
   * @return nanoseconds to wait before calling; 0 to call now
   */
  public synchronized long reserve(long nowNanos) {
    start(nowNanos);
    long at = Math.max(nowNanos, nextFreeNanos);
    nextFreeNanos = at + gapNanos();
    return at - nowNanos;
  }

  /**
   * A call was answered (not throttled): the rate grows back, in proportion to the time since the last change
   * counted in calls at the ceiling.
   *
   * @param nowNanos the current time
   */
  public synchronized void onAccepted(long nowNanos) {
    start(nowNanos);
    if (rate < ceiling && nowNanos > lastChangeNanos) {
      // time since the last change in units of INCREASE_CALLS calls at the ceiling (one second at 15/s)
      double units = (nowNanos - lastChangeNanos) / 1e9 * (ceiling / INCREASE_CALLS);   // exactly seconds at 15/s
      rate = Math.min(ceiling, rate + ceiling * INCREASE_SHARE * units);
      lastChangeNanos = nowNanos;
    } else if (rate >= ceiling) {
      lastChangeNanos = nowNanos;
    }
  }

  /**
   * A call was throttled: the rate falls to {@link #DECREASE_FACTOR} of itself, unless it fell within the cooldown.
   *
   * @param nowNanos the current time
   */
  public synchronized void onThrottled(long nowNanos) {
    start(nowNanos);
    if (nowNanos < noDecreaseBeforeNanos) {
      return;
    }
    rate = Math.max(ceiling * FLOOR, rate * DECREASE_FACTOR);
    lastChangeNanos = nowNanos;
    noDecreaseBeforeNanos = nowNanos + COOLDOWN_CALLS * gapNanos();
    // the slots already handed out stand; the next ones are spaced at the new rate
  }

  /** @return the current rate, calls per second */
  public synchronized double rate() {
    return rate;
  }

  /** @return the ceiling, calls per second */
  public double ceiling() {
    return ceiling;
  }

  private long gapNanos() {
    return Math.max(1L, Math.round(1e9 / rate));
  }

  private void start(long nowNanos) {
    if (!started) {
      started = true;
      nextFreeNanos = nowNanos;
      lastChangeNanos = nowNanos;
      noDecreaseBeforeNanos = nowNanos;
    }
  }
}
