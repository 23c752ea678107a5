package dev.idcprov.waiter;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often a {@link ProvisioningWaiter} polls. Immutable; build with {@link #builder()},
 * tweak with {@link #toBuilder()}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>{@link #DEFAULT_TIMEOUT}: 15 minutes from the moment every request is known (the wait is sealed;
 *       for {@code waitUntilProvisioned}, its start); an open wait ends a timeout after its last request;</li>
 *   <li>{@link #DEFAULT_POLL_INTERVAL}: 1 second between poll rounds while rounds are cheap;</li>
 *   <li>{@link #DEFAULT_MAX_POLL_INTERVAL}: 10 seconds, the longest gap between two rounds;</li>
 *   <li>{@code pollCallsPerSecond}: {@link #DEFAULT_CALLS_PER_POLL_INTERVAL} calls per {@code pollInterval}, so
 *       {@link #DEFAULT_POLL_CALLS_PER_SECOND} (2) with the default interval: the average rate of status calls once
 *       every request is known (a round costing <i>k</i> calls is followed by a gap of at least
 *       <i>k</i> / {@code pollCallsPerSecond}, at least {@code pollInterval}, at most {@code maxPollInterval});</li>
 *   <li>{@code pollCallsPerSecondWhileOpen}: {@code pollCallsPerSecond} / {@link #DEFAULT_WHILE_OPEN_DIVISOR}, so
 *       {@link #DEFAULT_POLL_CALLS_PER_SECOND_WHILE_OPEN} (2) with the default interval: the rate while requests
 *       may still be added to the wait ({@link WaitHandle} not yet sealed, e.g. while the provisioner is still
 *       submitting); the normal pace, so that requests finishing during a long submission are seen as soon as
 *       any other (a round costs one call per 100 requests in flight, small beside the submissions);</li>
 *   <li>{@link #DEFAULT_PAGE_SIZE}: 100 items per list page (the API's maximum);</li>
 *   <li>{@link #DEFAULT_MAX_RETRIES}: 8 retries of one call on throttling, 5xx or I/O errors;</li>
 *   <li>{@link #DEFAULT_RETRY_BASE_DELAY} 200 ms doubling up to {@link #DEFAULT_RETRY_MAX_DELAY} 10 s,
 *       with jitter, between those retries;</li>
 *   <li>{@link #DEFAULT_LIST_STALENESS}: 5 seconds, how far behind the service's state a list answer is assumed
 *       to be at most (see {@link Builder#listStaleness(Duration)}).</li>
 * </ul>
 *
 * <pre>{@code
 * WaitOptions options = WaitOptions.builder().timeout(Duration.ofMinutes(30)).build();
 * }</pre>
 *
 * <p>Size: over 400 lines because each of its ten options carries its default, its bounds and its validation in
 * the builder's setter Javadoc; there is no logic to split out.
 */
public final class WaitOptions {
  /** Default overall deadline of a wait. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
  /** Default (and shortest) gap between two poll rounds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  /** Default longest gap between two poll rounds. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(10);
  /**
   * Default pace once every request is known: 2 calls a second. Chosen from the benchmark (docs/BENCHMARKS.md):
   * it keeps a 100-request wait at about one call a second and a 5,000-request wait over 50 times cheaper than
   * per-request polling, with sub-second detection on small instances.
   */
  public static final double DEFAULT_POLL_CALLS_PER_SECOND = 2.0;
  /** Unless {@code pollCallsPerSecond} is set, it is this many calls per {@code pollInterval}. */
  public static final int DEFAULT_CALLS_PER_POLL_INTERVAL = 2;
  /** Unless {@code pollCallsPerSecondWhileOpen} is set, it is {@code pollCallsPerSecond} divided by this. */
  public static final int DEFAULT_WHILE_OPEN_DIVISOR = 1;
  /**
   * Default pace while the wait is open (requests still being added): the sealed pace, 2 calls a second. Slower
   * open paces made the lag of a long submission's requests grow with its length (W2, 5,000 requests: p50 118 s at
   * 0.1 calls/s against 12.6 s at 2 calls/s, for about 570 status calls beside the 5,000 submissions).
   */
  public static final double DEFAULT_POLL_CALLS_PER_SECOND_WHILE_OPEN = 2.0;
  /** Default list page size; 100 is the most {@code ListPermissionSetProvisioningStatus} allows. */
  public static final int DEFAULT_PAGE_SIZE = 100;
  /** Default number of retries of one API call on throttling, 5xx and I/O errors. */
  public static final int DEFAULT_MAX_RETRIES = 8;
  /** Default first delay before retrying a failed API call. */
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(200);
  /** Default longest delay between retries of one API call. */
  public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(10);
  /**
   * Default bound on how stale a {@code ListPermissionSetProvisioningStatus} answer may be. AWS documents none; the
   * list is read as eventually consistent, and 5 s is a margin over the seconds such indexes usually lag.
   */
  public static final Duration DEFAULT_LIST_STALENESS = Duration.ofSeconds(5);
  /** The largest {@code listStaleness} accepted. */
  public static final Duration MAX_LIST_STALENESS = Duration.ofMinutes(10);
  /** The longest timeout, poll interval or retry delay accepted: 366 days. */
  public static final Duration MAX_DURATION = Duration.ofDays(366);

  private static final WaitOptions DEFAULTS = builder().build();

  private final Duration timeout;
  private final Duration pollInterval;
  private final Duration maxPollInterval;
  /** As set, NaN when derived from the poll interval. */
  private final double pollCallsPerSecondSet;
  private final double pollCallsPerSecondWhileOpenSet;
  private final double pollCallsPerSecond;
  private final double pollCallsPerSecondWhileOpen;
  private final int pageSize;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final Duration listStaleness;

  private WaitOptions(Builder b) {
    this.timeout = b.timeout;
    this.pollInterval = b.pollInterval;
    this.maxPollInterval = b.maxPollInterval;
    this.pollCallsPerSecondSet = b.pollCallsPerSecond;
    this.pollCallsPerSecondWhileOpenSet = b.pollCallsPerSecondWhileOpen;
    this.pollCallsPerSecond = b.effectiveRate();
    this.pollCallsPerSecondWhileOpen = b.effectiveRateWhileOpen();
    this.pageSize = b.pageSize;
    this.maxRetries = b.maxRetries;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.listStaleness = b.listStaleness;
  }

  /** @return the options with every default */
  public static WaitOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder holding the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout;
    b.pollInterval = pollInterval;
    b.maxPollInterval = maxPollInterval;
    b.pollCallsPerSecond = pollCallsPerSecondSet;
    b.pollCallsPerSecondWhileOpen = pollCallsPerSecondWhileOpenSet;
    b.pageSize = pageSize;
    b.maxRetries = maxRetries;
    b.retryBaseDelay = retryBaseDelay;
    b.retryMaxDelay = retryMaxDelay;
    b.listStaleness = listStaleness;
    return b;
  }

  /**
   * @return the overall deadline, measured from the moment the wait is sealed (every request known; the start
   *         of the wait for {@code waitUntilProvisioned}); an open wait ends a timeout after its last request added
   */
  public Duration timeout() {
    return timeout;
  }

  /** @return the shortest gap between two poll rounds */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** @return the longest gap between two poll rounds */
  public Duration maxPollInterval() {
    return maxPollInterval;
  }

  /**
   * @return the average rate of status calls a sealed wait aims not to exceed: a round costing <i>k</i> calls is
   *         followed by a gap of at least <i>k</i> / this rate (and {@code pollInterval}), at most
   *         {@code maxPollInterval}
   */
  public double pollCallsPerSecond() {
    return pollCallsPerSecond;
  }

  /**
   * @return the same rate while the wait is open (requests may still be added): a round costing <i>k</i> calls
   *         is followed by a gap of at least <i>k</i> / this rate (and {@code pollInterval}), at most
   *         {@code maxPollInterval}
   */
  public double pollCallsPerSecondWhileOpen() {
    return pollCallsPerSecondWhileOpen;
  }

  /** @return the {@code MaxResults} sent with each list call, 1 to 100 */
  public int pageSize() {
    return pageSize;
  }

  /**
   * @return how many times one API call is retried on throttling, 5xx and I/O errors where no deadline applies
   *     ({@link ProvisioningStatusReader}); waits and submissions retry those errors until their deadline instead
   */
  public int maxRetries() {
    return maxRetries;
  }

  /** @return the first delay before retrying an API call */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /** @return the longest delay between retries of one API call */
  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /**
   * @return how stale a list answer is assumed to be at most; see {@link Builder#listStaleness(Duration)}
   */
  public Duration listStaleness() {
    return listStaleness;
  }

  @Override
  public String toString() {
    return "WaitOptions{timeout=" + timeout + ", pollInterval=" + pollInterval + ", maxPollInterval="
        + maxPollInterval + ", pollCallsPerSecond=" + pollCallsPerSecond + ", pollCallsPerSecondWhileOpen="
        + pollCallsPerSecondWhileOpen + ", pageSize=" + pageSize + ", maxRetries=" + maxRetries + ", retryBaseDelay="
        + retryBaseDelay + ", retryMaxDelay=" + retryMaxDelay + ", listStaleness=" + listStaleness + '}';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WaitOptions w && timeout.equals(w.timeout) && pollInterval.equals(w.pollInterval)
        && maxPollInterval.equals(w.maxPollInterval)
        && Double.compare(pollCallsPerSecondSet, w.pollCallsPerSecondSet) == 0
        && Double.compare(pollCallsPerSecondWhileOpenSet, w.pollCallsPerSecondWhileOpenSet) == 0
        && pageSize == w.pageSize && maxRetries == w.maxRetries
        && retryBaseDelay.equals(w.retryBaseDelay) && retryMaxDelay.equals(w.retryMaxDelay)
        && listStaleness.equals(w.listStaleness);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, pollInterval, maxPollInterval, pollCallsPerSecondSet, pollCallsPerSecondWhileOpenSet,
        pageSize, maxRetries, retryBaseDelay, retryMaxDelay, listStaleness);
  }

  /** Builds {@link WaitOptions}; each setter checks its own value, {@link #build()} checks the combination. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
    private double pollCallsPerSecond = Double.NaN;
    private double pollCallsPerSecondWhileOpen = Double.NaN;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
    private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
    private Duration listStaleness = DEFAULT_LIST_STALENESS;

    private Builder() {
    }

    /**
     * @param timeout the overall deadline; positive, at most {@link #MAX_DURATION} (the provisioner counts it from
     *                the start of a run: it bounds planning, submission and waiting together)
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero, negative or above {@link #MAX_DURATION}
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout);
      return this;
    }

    /**
     * @param pollInterval the shortest gap between poll rounds; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive("pollInterval", pollInterval);
      return this;
    }

    /**
     * @param maxPollInterval the longest gap between poll rounds; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder maxPollInterval(Duration maxPollInterval) {
      this.maxPollInterval = positive("maxPollInterval", maxPollInterval);
      return this;
    }

    /**
     * Sets the pace of a sealed wait (default: {@link #DEFAULT_CALLS_PER_POLL_INTERVAL} calls per
     * {@code pollInterval}): after a round that cost <i>k</i> calls, the next round starts no sooner than
     * <i>k</i> / {@code pollCallsPerSecond} after it (nor sooner than {@code pollInterval}), and no later than
     * {@code maxPollInterval}. Raise it to notice completions sooner on large instances, lower it to leave more
     * of the instance's 20 calls/s to others.
     *
     * @param pollCallsPerSecond average status calls per second; finite, from 0.001 to 1000 (the
     *                           {@link RequestBudget} still caps the real rate)
     * @return this builder
     * @throws IllegalArgumentException if not finite or outside 0.001 to 1000
     */
    public Builder pollCallsPerSecond(double pollCallsPerSecond) {
      this.pollCallsPerSecond = rate("pollCallsPerSecond", pollCallsPerSecond);
      return this;
    }

    /**
     * Sets the pace while the wait is open, that is while requests may still be added (for example while the
     * provisioner is still submitting); default: {@code pollCallsPerSecond} /
     * {@link #DEFAULT_WHILE_OPEN_DIVISOR}. As {@link #pollCallsPerSecond(double)}.
     *
     * @param pollCallsPerSecondWhileOpen average status calls per second; finite, from 0.001 to 1000
     * @return this builder
     * @throws IllegalArgumentException if not finite or outside 0.001 to 1000
     */
    public Builder pollCallsPerSecondWhileOpen(double pollCallsPerSecondWhileOpen) {
      this.pollCallsPerSecondWhileOpen = rate("pollCallsPerSecondWhileOpen", pollCallsPerSecondWhileOpen);
      return this;
    }

    /**
     * @param pageSize {@code MaxResults} per list call, 1 to 100
     * @return this builder
     * @throws IllegalArgumentException if outside 1 to 100
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 100) {
        throw new IllegalArgumentException("pageSize must be between 1 and 100 (the API's MaxResults range), got "
            + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * @param maxRetries retries of one API call on throttling, 5xx and I/O errors where no deadline applies
     *                   ({@link ProvisioningStatusReader}; waits and submissions retry until their deadline); 0 to
     *                   100
     * @return this builder
     * @throws IllegalArgumentException if outside 0 to 100
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 100) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 100, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * @param retryBaseDelay the first delay before a retry; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = positive("retryBaseDelay", retryBaseDelay);
      return this;
    }

    /**
     * @param retryMaxDelay the longest delay between retries; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder retryMaxDelay(Duration retryMaxDelay) {
      this.retryMaxDelay = positive("retryMaxDelay", retryMaxDelay);
      return this;
    }

    /**
     * Sets how far behind the service's state a {@code ListPermissionSetProvisioningStatus} answer may be. The
     * list is read as eventually consistent: answers served by different replicas may lag, and a later answer may
     * even show an older state than an earlier one. A status is only ever reported as the service states it (listed
     * SUCCEEDED or FAILED, or described); a request's absence from the IN_PROGRESS list is never taken as success,
     * only as the cue to read its status (a Describe, or one unfiltered pass for many). This bound only decides how
     * often that cue is trusted: an absence from an IN_PROGRESS pass that started less than this long after the
     * request was added (a stale answer from before the request existed would show the same) is checked by a
     * Describe at most once per Describe backoff (2, 4, 8 poll intervals), later absences at once. So no answer of
     * any staleness can report a wrong status; a stale answer costs at most a needless Describe now and then. Zero
     * trusts every answer to be current and in order.
     *
     * <p>The provisioner's planning uses the same bound for {@code ListAccountsForProvisionedPermissionSet}: an
     * account a first read lists as outdated is planned only if a second read, started this long after the first
     * began, still lists it (one more call per permission set with outdated targets, and up to this long of delay;
     * see {@code PermissionSetProvisioner#plan}). Zero plans from the first read.
     *
     * @param listStaleness the bound; zero to 10 minutes
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if negative or above 10 minutes
     */
    public Builder listStaleness(Duration listStaleness) {
      Objects.requireNonNull(listStaleness, "listStaleness");
      if (listStaleness.isNegative() || listStaleness.compareTo(MAX_LIST_STALENESS) > 0) {
        throw new IllegalArgumentException("listStaleness must be between 0 and " + MAX_LIST_STALENESS
            + " (how stale a list answer may be), got " + listStaleness);
      }
      this.listStaleness = listStaleness;
      return this;
    }

    /**
     * @return the options
     * @throws IllegalStateException if {@code pollInterval} exceeds {@code maxPollInterval},
     *                               {@code retryBaseDelay} exceeds {@code retryMaxDelay}, or
     *                               {@code pollCallsPerSecondWhileOpen} exceeds {@code pollCallsPerSecond}
     */
    public WaitOptions build() {
      if (effectiveRateWhileOpen() > effectiveRate()) {
        throw new IllegalStateException("pollCallsPerSecondWhileOpen (" + effectiveRateWhileOpen()
            + ") must not exceed pollCallsPerSecond (" + effectiveRate() + "): an open wait polls at most as"
            + " fast as a sealed one");
      }
      if (pollInterval.compareTo(maxPollInterval) > 0) {
        throw new IllegalStateException("pollInterval (" + pollInterval + ") must not exceed maxPollInterval ("
            + maxPollInterval + ")");
      }
      if (retryBaseDelay.compareTo(retryMaxDelay) > 0) {
        throw new IllegalStateException("retryBaseDelay (" + retryBaseDelay + ") must not exceed retryMaxDelay ("
            + retryMaxDelay + ")");
      }
      return new WaitOptions(this);
    }

    private double effectiveRate() {
      return Double.isNaN(pollCallsPerSecond)
          ? DEFAULT_CALLS_PER_POLL_INTERVAL * 1e9 / pollInterval.toNanos() : pollCallsPerSecond;
    }

    private double effectiveRateWhileOpen() {
      return Double.isNaN(pollCallsPerSecondWhileOpen)
          ? effectiveRate() / DEFAULT_WHILE_OPEN_DIVISOR : pollCallsPerSecondWhileOpen;
    }

    private static double rate(String field, double value) {
      if (!Double.isFinite(value) || value < 0.001 || value > 1000) {
        throw new IllegalArgumentException(field + " must be a finite number of calls per second from 0.001 to 1000"
            + " (the RequestBudget still bounds the real rate), got " + value);
      }
      return value;
    }

    private static Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
      }
      if (value.compareTo(MAX_DURATION) > 0) {
        // far below the ~292 years where nanoseconds overflow and a deadline would silently never come
        throw new IllegalArgumentException(field + " must be at most " + MAX_DURATION + " (366 days), got " + value);
      }
      return value;
    }
  }
}
