package dev.idcprov.waiter.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.spi.Scheduler;
import dev.idcprov.waiter.RequestBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The one boundary where SSO Admin calls are made: each attempt first reserves a permit of the
 * {@link RequestBudget} and is scheduled on the timer after the wait it gives (no thread sleeps), then runs on the
 * I/O executor (a blocking SDK call never holds a timer thread), a Failsafe
 * {@link RetryPolicy} retries throttling, 5xx and I/O errors (and, when asked, ConflictException) with bounded
 * backoff and jitter on the injected scheduler (a given number of times, or until the deadline for a time-bound
 * {@link RetrySpec}), attempts are counted per operation, and a failure that is not retried (any more) is mapped to
 * an {@link dev.idcprov.waiter.AwsApiException}.
 *
 * <p>One instance serves one wait or one submission run; {@link #stop()} cancels what is in flight.
 */
public final class ApiCaller {
  private static final Logger LOG = LoggerFactory.getLogger(ApiCaller.class);

  private final SsoAdminClient client;
  private final ScheduledExecutorService timer;
  private final ExecutorService io;
  private final Scheduler failsafeScheduler;
  private final RequestBudget budget;
  private final RetrySpec transientRetry;
  private final String region;
  private final Clock clock;
  /** The deadline of the wait or run this caller serves, or null: time-bound retries end there at the latest. */
  private final Supplier<Instant> deadline;
  private final Map<String, Integer> calls = new LinkedHashMap<>();
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  /**
   * @param client         the client, asked for its region only (used in hints)
   * @param timer          runs every delay (budget waits, retry backoff)
   * @param io             runs the blocking SDK calls
   * @param budget         the rate budget each attempt draws on
   * @param transientRetry retries of throttling, 5xx and I/O errors
   */
  public ApiCaller(SsoAdminClient client, ScheduledExecutorService timer, ExecutorService io, RequestBudget budget,
                   RetrySpec transientRetry) {
    this(client, timer, io, budget, transientRetry, Clock.systemUTC(), null);
  }

  /**
   * A caller whose time-bound retries ({@link RetrySpec#timeBound()}) are measured on {@code clock} and end at
   * {@code deadline} at the latest.
   *
   * @param client         the client, asked for its region only (used in hints)
   * @param timer          runs every delay (budget waits, retry backoff)
   * @param io             runs the blocking SDK calls
   * @param budget         the rate budget each attempt draws on
   * @param transientRetry retries of throttling, 5xx and I/O errors
   * @param clock          the clock retry windows and the deadline are measured on
   * @param deadline       the deadline of the wait or run served (read at each retry: it may move), or null
   */
  public ApiCaller(SsoAdminClient client, ScheduledExecutorService timer, ExecutorService io, RequestBudget budget,
                   RetrySpec transientRetry, Clock clock, Supplier<Instant> deadline) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = deadline;
    this.client = client;
    this.timer = timer;
    this.io = io;
    this.failsafeScheduler = Scheduler.of(timer);
    this.budget = budget;
    this.transientRetry = transientRetry;
    this.region = regionOf(client);
  }

  /**
   * Calls {@code call} with the transient-error retry policy.
   *
   * @param operation the API operation name, for counting and messages
   * @param subject   what the call is about, for messages, or null
   * @param call      the SDK call
   * @param <T>       the response type
   * @return the response, or a future failed with an {@link dev.idcprov.waiter.AwsApiException}
   */
  public <T> CompletableFuture<T> call(String operation, String subject, Supplier<T> call) {
    return call(operation, subject, call, null);
  }

  /**
   * Calls {@code call} with the transient-error retry policy and, if {@code conflictRetry} is set, a
   * second policy that retries ConflictException.
   *
   * @param operation     the API operation name, for counting and messages
   * @param subject       what the call is about, for messages, or null
   * @param call          the SDK call
   * @param conflictRetry retries of ConflictException, or null for none
   * @param <T>           the response type
   * @return the response, or a future failed with an {@link dev.idcprov.waiter.AwsApiException}
   */
  public <T> CompletableFuture<T> call(String operation, String subject, Supplier<T> call, RetrySpec conflictRetry) {
    AtomicInteger attempts = new AtomicInteger();
    List<RetryPolicy<T>> policies = new ArrayList<>();
    Instant first = clock.instant();
    if (conflictRetry != null) {
      policies.add(policy(operation, conflictRetry, AwsErrors::isConflict, first));
    }
    policies.add(policy(operation, transientRetry, AwsErrors::isTransient, first));
    FailsafeExecutor<T> executor = Failsafe.with(policies).with(failsafeScheduler);
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<T> execution = start(executor, () -> attempt(operation, call, attempts));
    inFlight.add(execution);
    if (stopped) {
      // stop() may have copied inFlight between start and add: it did not see this execution, so end it here
      // (otherwise an attempt whose timer task stop() cancelled would leave it waiting for ever)
      execution.cancel(true);
    }
    execution.whenComplete((value, error) -> {
      inFlight.remove(execution);
      if (error == null) {
        result.complete(value);
      } else if (stopped || AwsErrors.unwrap(error) instanceof CancellationException) {
        result.completeExceptionally(new CancellationException("stopped"));
      } else if (AwsErrors.unwrap(error) instanceof RejectedExecutionException rejected) {
        // the context's timer or I/O executor is shut down: no call was sent, and none ever will be
        result.completeExceptionally(new IllegalStateException(operation + " was not called: the threads of its "
            + "ProvisioningContext are shut down (the context was closed)", rejected));
      } else {
        result.completeExceptionally(AwsErrors.map(operation, error, attempts.get(), region, subject));
      }
    });
    return result;
  }

  /** Starts the execution; a shut-down timer refuses it at once, which fails the execution instead of throwing. */
  private static <T> CompletableFuture<T> start(FailsafeExecutor<T> executor,
                                                Supplier<CompletableFuture<T>> firstAttempt) {
    try {
      return executor.getStageAsync(firstAttempt::get);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> RetryPolicy<T> policy(String operation, RetrySpec spec, Predicate<Throwable> retryOn, Instant first) {
    RetryPolicyBuilder<T> b = RetryPolicy.<T>builder()
        .handleIf((T r, Throwable t) -> t != null && !stopped && retryOn.test(t))
        .withMaxRetries(spec.timeBound() ? -1 : spec.maxRetries())
        .withDelayFn(ctx -> delayBefore(spec, Math.max(1, ctx.getAttemptCount()), first))
        .onRetryScheduled(e -> LOG.debug("{} failed ({}), retry {} in {} ms", operation,
            AwsErrors.unwrap(e.getLastException()).getClass().getSimpleName(), e.getAttemptCount(),
            e.getDelay().toMillis()));
    if (spec.timeBound()) {
      // the allowance follows the deadline: no retry begins after the call's window or the served deadline
      b.abortIf((T r, Throwable t) -> t != null && retryOn.test(t) && !mayRetry(spec, first));
    }
    return b.build();
  }

  /** @return the backoff before retry {@code retry}; a time-bound one ends at the retry allowance's end at most */
  private Duration delayBefore(RetrySpec spec, int retry, Instant first) {
    Duration delay = spec.delayBefore(retry);
    if (!spec.timeBound()) {
      return delay;
    }
    Duration left = Duration.between(clock.instant(), retryEnd(spec, first));
    return left.isNegative() ? Duration.ZERO : delay.compareTo(left) > 0 ? left : delay;
  }

  /** @return whether a time-bound retry may still begin now: within the call's window and before the deadline */
  private boolean mayRetry(RetrySpec spec, Instant first) {
    return clock.instant().isBefore(retryEnd(spec, first));
  }

  /** @return when a time-bound call's retries end: its window from its first attempt, or the deadline if sooner */
  private Instant retryEnd(RetrySpec spec, Instant first) {
    Instant end = first.plus(spec.retryWindow());
    Instant served = deadline == null ? null : deadline.get();
    return served != null && served.isBefore(end) ? served : end;
  }

  private <T> CompletableFuture<T> attempt(String operation, Supplier<T> call, AtomicInteger attempts) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (stopped) {
      f.cancel(false);
      return f;
    }
    Duration wait = budget.reserve();
    Future<?> delay;
    try {
      delay = timer.schedule(() -> {
        if (stopped) {
          f.cancel(false);
          return;
        }
        try {
          Future<?> running = io.submit(() -> run(operation, call, attempts, f));
          inFlight.add(running);
          f.whenComplete((v, e) -> inFlight.remove(running));
          if (stopped) {
            running.cancel(true);
            f.cancel(false);
          }
        } catch (RejectedExecutionException e) {
          f.completeExceptionally(e);
        }
      }, wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(e);
      return f;
    }
    inFlight.add(delay);
    f.whenComplete((v, e) -> inFlight.remove(delay));
    // the attempt itself is in flight too: stop() cancelling the timer task or the I/O task before it ran would
    // otherwise leave f (and the execution waiting on it) never completed
    inFlight.add(f);
    f.whenComplete((v, e) -> inFlight.remove(f));
    if (stopped) {
      f.cancel(false);
    }
    return f;
  }

  private <T> void run(String operation, Supplier<T> call, AtomicInteger attempts, CompletableFuture<T> f) {
    if (stopped) {
      f.cancel(false);
      return;
    }
    attempts.incrementAndGet();
    count(operation);
    try {
      T answer = call.get();
      budget.onAccepted();
      f.complete(answer);
    } catch (RuntimeException | Error e) {
      if (AwsErrors.isThrottling(e)) {
        budget.onThrottled();
      } else if (!AwsErrors.isTransient(e)) {
        budget.onAccepted();
      }
      f.completeExceptionally(e);
    }
  }

  private synchronized void count(String operation) {
    calls.merge(operation, 1, Integer::sum);
  }

  /** @return calls made so far per operation, retries included */
  public synchronized Map<String, Integer> calls() {
    return new LinkedHashMap<>(calls);
  }

  /** @return calls made so far, retries included */
  public synchronized int totalCalls() {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Stops: no new attempt starts, and in-flight calls and pending retries are cancelled (interrupted). */
  public void stop() {
    stopped = true;
    for (Future<?> f : List.copyOf(inFlight)) {
      // an execution or an attempt is completed by its cancel; a timer or I/O task cancelled before it ran never
      // runs, which is why its attempt is in this set too and cancelled with it
      f.cancel(true);
    }
  }

  /** @return the client */
  public SsoAdminClient client() {
    return client;
  }

  /** @return the client's region, or null when unknown */
  public String region() {
    return region;
  }

  private static String regionOf(SsoAdminClient client) {
    try {
      var config = client.serviceClientConfiguration();
      return config == null || config.region() == null ? null : config.region().id();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
