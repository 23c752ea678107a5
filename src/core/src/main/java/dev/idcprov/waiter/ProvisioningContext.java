package dev.idcprov.waiter;

import dev.idcprov.waiter.internal.SharedPasses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every waiter, provisioner and status reader of a program shares: the clock deadlines are read from, the timer
 * that runs delays (poll intervals, retry backoff, budget waits), the executor that runs the blocking AWS SDK calls
 * (kept apart from the timer threads, so a slow call never delays a deadline), the rate budget of each IAM Identity
 * Center instance, and the list passes concurrent waits on one instance share.
 *
 * <p>{@link #defaultContext()} is the one default of the JVM: builders use it when given no context, so every
 * component of a Pulumi program, or every wait of a service, shares one budget per instance without any wiring. Build
 * a context of your own for isolation (tests, several tenants in one process) or to run in virtual time:
 *
 * <pre>{@code
 * try (ProvisioningContext context = ProvisioningContext.builder().defaultRequestsPerSecond(10).build()) {
 *   ProvisioningWaiter waiter = ProvisioningWaiter.builder().client(sso).context(context).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>A context built here owns the threads it starts and stops them on {@link #close()}; a timer or executor handed to
 * the builder stays the caller's. Closing a context ends the waits, provisioning runs and status reads still open on
 * it with a {@link ProvisioningInterruptedException} naming the RequestIds they were waiting for (AWS goes on with
 * them). The default context is never closed ({@link #close()} does nothing on it); its threads are daemon threads.
 */
public final class ProvisioningContext implements AutoCloseable {
  /** Timer threads: they only hand work to the I/O executor and fire deadlines, so two are plenty. */
  static final int TIMER_THREADS = 2;
  /** Most SDK calls that may block at once; further calls queue (the rate budget is far below this anyway). */
  static final int IO_THREADS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(ProvisioningContext.class);

  private final Clock clock;
  /**
   * The clock budgets count their slots on: the context's, when both a clock and a timer were given (a test's
   * virtual time, which that timer follows, since a refused background slot is asked for again when the budget
   * says); otherwise null, for the system's monotonic clock (a clock given alone, such as {@code Clock.fixed}, may
   * not advance with the real timer).
   */
  private final Clock budgetClock;
  private final ScheduledExecutorService timer;
  private final ExecutorService ioExecutor;
  private final double defaultRequestsPerSecond;
  private final double timeScale;
  private final boolean isDefault;
  private final List<ExecutorService> owned;
  private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> budgetUsers = new ConcurrentHashMap<>();
  private final SharedPasses passes = new SharedPasses();
  private final Set<Runnable> openWork = ConcurrentHashMap.newKeySet();
  private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ProvisioningContext(Builder b, boolean isDefault) {
    this.clock = b.clock;
    this.budgetClock = b.clockGiven && b.timer != null ? b.clock : null;
    this.defaultRequestsPerSecond = b.defaultRequestsPerSecond;
    this.timeScale = b.timeScale;
    this.isDefault = isDefault;
    List<ExecutorService> mine = new ArrayList<>();
    if (b.timer != null) {
      this.timer = b.timer;
    } else {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(TIMER_THREADS, daemonThreads("idcprov-timer-"));
      t.setRemoveOnCancelPolicy(true);
      this.timer = t;
      mine.add(t);
    }
    if (b.ioExecutor != null) {
      this.ioExecutor = b.ioExecutor;
    } else {
      ThreadPoolExecutor io = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), daemonThreads("idcprov-io-"));
      io.allowCoreThreadTimeOut(true);
      this.ioExecutor = io;
      mine.add(io);
    }
    this.owned = List.copyOf(mine);
  }

  /**
   * The JVM's default context, created on first use: system UTC clock, daemon timer and I/O threads,
   * {@link RequestBudget#DEFAULT_REQUESTS_PER_SECOND} per instance, time scale 1. Every builder that is given no
   * context uses it.
   *
   * @return the default context
   */
  public static ProvisioningContext defaultContext() {
    return DefaultHolder.INSTANCE;
  }

  /** @return a builder of a context of its own */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the clock deadlines and elapsed times are read from */
  public Clock clock() {
    return clock;
  }

  /** @return the timer that runs delays and deadlines; never give it blocking work */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /** @return the executor that runs blocking AWS SDK calls */
  public ExecutorService ioExecutor() {
    return ioExecutor;
  }

  /** @return calls per second of a budget created on first use of an instance */
  public double defaultRequestsPerSecond() {
    return defaultRequestsPerSecond;
  }

  /**
   * How many seconds of the service's time pass per second of this context's clock: 1 against AWS, more against a
   * sandbox that provisions faster than real time. Fronts that read durations and rates from people in seconds (the
   * Pulumi component's inputs) scale them by it; the library's own {@link WaitOptions} are never scaled.
   *
   * @return the time scale, at least 1
   */
  public double timeScale() {
    return timeScale;
  }

  /**
   * The rate budget of an instance, shared by everything that uses this context: created at
   * {@link #defaultRequestsPerSecond()} on first use.
   *
   * @param instanceArn the IAM Identity Center instance ARN
   * @return the budget
   * @throws NullPointerException if {@code instanceArn} is null
   */
  public RequestBudget budget(String instanceArn) {
    Objects.requireNonNull(instanceArn, "instanceArn");
    return budgets.computeIfAbsent(instanceArn, arn -> newBudget(defaultRequestsPerSecond));
  }

  /**
   * The rate budget of an instance, created at {@code requestsPerSecond} if this is its first use; an existing budget
   * is returned unchanged (compare its {@link RequestBudget#requestsPerSecond()} to tell whether the rate asked for
   * was taken).
   *
   * @param instanceArn       the IAM Identity Center instance ARN
   * @param requestsPerSecond calls per second for a new budget; above 0 and at most 1000
   * @return the budget
   * @throws NullPointerException     if {@code instanceArn} is null
   * @throws IllegalArgumentException if {@code requestsPerSecond} is outside (0, 1000]
   */
  public RequestBudget budget(String instanceArn, double requestsPerSecond) {
    Objects.requireNonNull(instanceArn, "instanceArn");
    RequestBudget.checkRate(requestsPerSecond);
    return budgets.computeIfAbsent(instanceArn, arn -> newBudget(requestsPerSecond));
  }

  /**
   * Starts a use of an instance's budget that other users of this context can see, and how many other uses of it are
   * open right now (for messages such as "sharing the budget with 2 other components"). The first use while none is
   * open sets the rate: a budget at another rate is replaced (so a later deployment in a long-lived process gets the
   * rate it asks for); while others are open, their budget is shared as it is. Close the use when done; closing
   * twice does nothing.
   *
   * @param instanceArn       the IAM Identity Center instance ARN
   * @param requestsPerSecond calls per second for a new budget; above 0 and at most 1000
   * @return the open use
   * @throws NullPointerException     if {@code instanceArn} is null
   * @throws IllegalArgumentException if {@code requestsPerSecond} is outside (0, 1000]
   */
  public BudgetUse useBudget(String instanceArn, double requestsPerSecond) {
    Objects.requireNonNull(instanceArn, "instanceArn");
    RequestBudget asked = newBudget(requestsPerSecond);
    synchronized (budgetUsers) {
      AtomicInteger users = budgetUsers.computeIfAbsent(instanceArn, arn -> new AtomicInteger());
      int others = users.getAndIncrement();
      RequestBudget budget = others == 0
          ? budgets.compute(instanceArn, (arn, old) -> old != null && old.requestsPerSecond() == requestsPerSecond
              ? old : asked)
          : budgets.computeIfAbsent(instanceArn, arn -> asked);
      return new BudgetUse(budget, others, users, budgetUsers);
    }
  }

  /**
   * Replaces the budget of an instance; callers that already hold the old one keep it, so call this before the first
   * wait or provisioning run.
   *
   * @param instanceArn       the IAM Identity Center instance ARN
   * @param requestsPerSecond calls per second; above 0 and at most 1000
   * @return the new budget
   * @throws NullPointerException     if {@code instanceArn} is null
   * @throws IllegalArgumentException if {@code requestsPerSecond} is outside (0, 1000]
   */
  public RequestBudget configureBudget(String instanceArn, double requestsPerSecond) {
    Objects.requireNonNull(instanceArn, "instanceArn");
    RequestBudget budget = newBudget(requestsPerSecond);
    budgets.put(instanceArn, budget);
    return budget;
  }

  /**
   * Ends {@code work} with a {@link ProvisioningInterruptedException} naming {@code pendingRequestIds} if this context
   * is closed before it completes (at once if it is closed already). The waiter, provisioner and status reader guard
   * every future they hand out with it, so closing a context never leaves a caller waiting forever. Nothing is
   * registered on the {@link #defaultContext()}, which never closes.
   *
   * @param work              the work's future
   * @param pendingRequestIds the RequestIds the work was waiting for when it ended, for the exception
   * @param <T>               the work's result
   * @return {@code work}
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> endOnClose(CompletableFuture<T> work, Supplier<List<String>> pendingRequestIds) {
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(pendingRequestIds, "pendingRequestIds");
    if (isDefault) {
      return work;
    }
    Runnable end = () -> work.completeExceptionally(new ProvisioningInterruptedException(pendingRequestIds.get(),
        new CancellationException("its ProvisioningContext was closed")));
    openWork.add(end);
    work.whenComplete((r, e) -> openWork.remove(end));
    if (closed) {
      end.run();
    }
    return work;
  }

  /**
   * The context's one instance of {@code type}, made by {@code create} on first use: state that a face built on the
   * core keeps per context (the Pulumi component's shared clients, for example) without a static of its own. An
   * instance that is {@link AutoCloseable} is closed when the context closes.
   *
   * @param type   the instance's type, its key
   * @param create makes it on first use
   * @param <T>    the type
   * @return the instance
   * @throws NullPointerException if an argument is null, or {@code create} returns null
   */
  public <T> T extension(Class<T> type, Supplier<? extends T> create) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(create, "create");
    return type.cast(extensions.computeIfAbsent(type, t -> Objects.requireNonNull(create.get(), "created")));
  }

  /** The list passes shared by this context's waits (library-internal). */
  SharedPasses passes() {
    return passes;
  }

  /** @return whether this is {@link #defaultContext()} */
  public boolean isDefault() {
    return isDefault;
  }

  /**
   * Stops the threads this context started (waits still running on them end); a timer or executor given to the
   * builder is left alone. Does nothing on the {@link #defaultContext()}.
   */
  @Override
  public void close() {
    if (isDefault) {
      return;
    }
    closed = true;
    List.copyOf(openWork).forEach(Runnable::run);
    for (Object extension : extensions.values()) {
      if (extension instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed; ignored", extension.getClass().getName(), e);
        }
      }
    }
    owned.forEach(ExecutorService::shutdownNow);
  }

  private RequestBudget newBudget(double requestsPerSecond) {
    return budgetClock == null ? RequestBudget.of(requestsPerSecond) : RequestBudget.of(requestsPerSecond, budgetClock);
  }

  @Override
  public String toString() {
    return "ProvisioningContext{" + (isDefault ? "default, " : "") + defaultRequestsPerSecond + "/s per instance"
        + (timeScale == 1 ? "" : ", time scale " + timeScale) + "}";
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static final class DefaultHolder {
    static final ProvisioningContext INSTANCE = new ProvisioningContext(new Builder(), true);
  }

  /** Builds a {@link ProvisioningContext}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private boolean clockGiven;
    private ScheduledExecutorService timer;
    private ExecutorService ioExecutor;
    private double defaultRequestsPerSecond = RequestBudget.DEFAULT_REQUESTS_PER_SECOND;
    private double timeScale = 1;

    private Builder() {
    }

    /**
     * @param clock the clock deadlines and elapsed times are read from (default: system UTC); when given, the rate
     *              budgets this context creates count their slots on it too when a
     *              {@link #timer(ScheduledExecutorService)} is given as well
     *              (see {@link RequestBudget#of(double, Clock)}), so that timer must follow the same clock
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.clockGiven = true;
      return this;
    }

    /**
     * @param timer runs delays and deadlines (default: two daemon threads of the context's own); stays the caller's
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder timer(ScheduledExecutorService timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /**
     * @param ioExecutor runs blocking AWS SDK calls (default: up to {@value #IO_THREADS} daemon threads of the
     *                   context's own); stays the caller's. In virtual-time tests, a direct executor.
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder ioExecutor(ExecutorService ioExecutor) {
      this.ioExecutor = Objects.requireNonNull(ioExecutor, "ioExecutor");
      return this;
    }

    /**
     * @param requestsPerSecond calls per second of each instance's budget when first used (default
     *                          {@value RequestBudget#DEFAULT_REQUESTS_PER_SECOND}); from 0.001 to 1000
     * @return this builder
     * @throws IllegalArgumentException if outside [0.001, 1000], naming the field
     */
    public Builder defaultRequestsPerSecond(double requestsPerSecond) {
      RequestBudget.checkRate("defaultRequestsPerSecond", requestsPerSecond);
      this.defaultRequestsPerSecond = requestsPerSecond;
      return this;
    }

    /**
     * @param timeScale seconds of service time per second of the clock (default 1); at least 1 and at most 1000,
     *                  for rehearsals and tests against a sandbox running faster than real time
     * @return this builder
     * @throws IllegalArgumentException if outside [1, 1000], naming the field
     */
    public Builder timeScale(double timeScale) {
      if (!(timeScale >= 1) || timeScale > 1000) {
        throw new IllegalArgumentException("timeScale must be at least 1 and at most 1000, got " + timeScale);
      }
      this.timeScale = timeScale;
      return this;
    }

    /** @return the context; close it when done */
    public ProvisioningContext build() {
      return new ProvisioningContext(this, false);
    }
  }
}
