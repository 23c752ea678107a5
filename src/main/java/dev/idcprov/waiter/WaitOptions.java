package dev.idcprov.waiter;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often a {@link ProvisioningWaiter} polls. Immutable; build with {@link #builder()},
 * tweak with {@link #toBuilder()}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>{@link #DEFAULT_TIMEOUT}: 15 minutes from the start of the wait;</li>
 *   <li>{@link #DEFAULT_POLL_INTERVAL}: 1 second between poll rounds while rounds are cheap;</li>
 *   <li>{@link #DEFAULT_MAX_POLL_INTERVAL}: 10 seconds, the longest gap between two rounds;</li>
 *   <li>{@link #DEFAULT_PAGE_SIZE}: 100 items per list page (the API's maximum);</li>
 *   <li>{@link #DEFAULT_MAX_RETRIES}: 8 retries of one call on throttling, 5xx or I/O errors;</li>
 *   <li>{@link #DEFAULT_RETRY_BASE_DELAY} 200 ms doubling up to {@link #DEFAULT_RETRY_MAX_DELAY} 10 s,
 *       with jitter, between those retries.</li>
 * </ul>
 *
 * <pre>{@code
 * WaitOptions options = WaitOptions.builder().timeout(Duration.ofMinutes(30)).build();
 * }</pre>
 */
public final class WaitOptions {
  /** Default overall deadline of a wait. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
  /** Default (and shortest) gap between two poll rounds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  /** Default longest gap between two poll rounds. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(10);
  /** Default list page size; 100 is the most {@code ListPermissionSetProvisioningStatus} allows. */
  public static final int DEFAULT_PAGE_SIZE = 100;
  /** Default number of retries of one API call on throttling, 5xx and I/O errors. */
  public static final int DEFAULT_MAX_RETRIES = 8;
  /** Default first delay before retrying a failed API call. */
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(200);
  /** Default longest delay between retries of one API call. */
  public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(10);

  private static final WaitOptions DEFAULTS = builder().build();

  private final Duration timeout;
  private final Duration pollInterval;
  private final Duration maxPollInterval;
  private final int pageSize;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;

  private WaitOptions(Builder b) {
    this.timeout = b.timeout;
    this.pollInterval = b.pollInterval;
    this.maxPollInterval = b.maxPollInterval;
    this.pageSize = b.pageSize;
    this.maxRetries = b.maxRetries;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
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
    b.pageSize = pageSize;
    b.maxRetries = maxRetries;
    b.retryBaseDelay = retryBaseDelay;
    b.retryMaxDelay = retryMaxDelay;
    return b;
  }

  /** @return the overall deadline, measured from the start of the wait */
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

  /** @return the {@code MaxResults} sent with each list call, 1 to 100 */
  public int pageSize() {
    return pageSize;
  }

  /** @return how many times one API call is retried on throttling, 5xx and I/O errors */
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

  @Override
  public String toString() {
    return "WaitOptions{timeout=" + timeout + ", pollInterval=" + pollInterval + ", maxPollInterval="
        + maxPollInterval + ", pageSize=" + pageSize + ", maxRetries=" + maxRetries + ", retryBaseDelay="
        + retryBaseDelay + ", retryMaxDelay=" + retryMaxDelay + '}';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WaitOptions w && timeout.equals(w.timeout) && pollInterval.equals(w.pollInterval)
        && maxPollInterval.equals(w.maxPollInterval) && pageSize == w.pageSize && maxRetries == w.maxRetries
        && retryBaseDelay.equals(w.retryBaseDelay) && retryMaxDelay.equals(w.retryMaxDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, pollInterval, maxPollInterval, pageSize, maxRetries, retryBaseDelay, retryMaxDelay);
  }

  /** Builds {@link WaitOptions}; each setter checks its own value, {@link #build()} checks the combination. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
    private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;

    private Builder() {
    }

    /**
     * @param timeout the overall deadline; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
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
     * @param maxRetries retries of one API call on throttling, 5xx and I/O errors; 0 to 100
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
     * @return the options
     * @throws IllegalStateException if {@code pollInterval} exceeds {@code maxPollInterval}, or
     *                               {@code retryBaseDelay} exceeds {@code retryMaxDelay}
     */
    public WaitOptions build() {
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

    private static Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
      }
      return value;
    }
  }
}
