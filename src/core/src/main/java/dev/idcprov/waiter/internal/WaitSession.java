package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitProgress;
import dev.idcprov.waiter.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * One wait's lifecycle: requests are added until it is sealed, rounds of the poll algorithm (docs/LIBRARY.md) run
 * one after the other on the scheduler ({@link RoundRunner}, deciding with {@link RoundDecisions}, planned by
 * {@link PassPlanner}), and it ends once, when sealed with every request resolved, at its deadline, on an API
 * failure or when its future is cancelled. Where it stands is one {@link WaitState}; the state and what the wait knows
 * of its requests are changed under the session's lock, by the rounds, the deadline, {@link #add}, {@link #seal},
 * and read under it by callers asking what is pending.
 *
 * <p>Size: over 500 lines, a quarter of them the comments on the races its one state resolves (and the cadence and
 * progress hooks of issue 14); the deadline, the
 * decisions, the pass planning and the rounds' calls are classes of their own, and splitting the state machine further
 * would spread one lock's invariants across classes.
 */
public final class WaitSession {
  /** {@code ListPermissionSetProvisioningStatus}. */
  public static final String LIST_OPERATION = "ListPermissionSetProvisioningStatus";
  /** {@code DescribePermissionSetProvisioningStatus}. */
  public static final String DESCRIBE_OPERATION = "DescribePermissionSetProvisioningStatus";

  /**
   * The listener hears of a wait at least this often while anything is pending (on the wait's clock), even when no
   * request was resolved: long requests never leave a caller without output for longer.
   */
  public static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

  /** The wait's log: one category for everything a wait does. */
  static final Logger LOG = LoggerFactory.getLogger(WaitSession.class);

  private final Object lock = new Object();
  /**
   * Held while the listener is called, so that it hears one snapshot at a time and in order (Describes of one round
   * are answered on several threads). Taken before {@link #lock}, never while holding it.
   */
  private final Object listenerLock = new Object();
  /** Outcomes decided but not yet handed to the listener, in the order decided; under {@link #lock}. */
  private final List<RequestOutcome> undelivered = new ArrayList<>();
  private final String instanceArn;
  private final WaitOptions options;
  private final ProgressListener listener;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ApiCaller api;
  private final TrackedRequests tracks = new TrackedRequests();
  private final PassPlanner planner;
  private final RoundRunner runner;
  private final CompletableFuture<WaitResult> future = new CompletableFuture<>();
  private final Instant start;

  /**
   * Changed under the lock only. Whatever ends the wait first (every request resolved after the seal, the deadline
   * as its task or a round task due at or after it finds it, an API failure) turns it to ENDED_* under the lock,
   * before it completes the future outside the lock; every later decision defers to it, so a wait ends one way only.
   * A future completed from outside (cancelled) ends it in {@link #stop()}.
   */
  private WaitState state = WaitState.OPEN_IDLE;
  private final Deadline deadline;
  /** When the next round may start at the earliest (set when going idle). */
  private Instant nextRoundAt;
  private Instant lastRoundStart;
  /** When the listener was last called (volatile: written on the scheduler, outside the lock). */
  private volatile Instant lastProgressAt;
  private int lastRoundCost;
  private int rounds;
  /**
   * Counts the rounds scheduled: a round task runs only if it is still the latest one (see {@link #runRound}). While
   * the state is OPEN_SCHEDULED or SEALED_SCHEDULED, the task holding the latest ticket is queued or about to decide:
   * the seal may replace it by a newer one and a cancellation may end the wait, but otherwise only that task leaves
   * the state, under the lock, by starting its round or by ending the wait at the deadline; a task replaced does
   * nothing. So a scheduled wait always has a round coming, or has ended.
   */
  private long roundTicket;
  private volatile Future<?> nextRound;
  /**
   * Test seam ({@code WaitSessionRaceTest}): runs in every round task just before it takes the lock to decide, where
   * an {@link #add} or {@link #seal} of another thread may get in; does nothing otherwise.
   */
  private volatile Runnable beforeRoundDecision = () -> { };

  private WaitSession(SsoAdminClient client, String instanceArn, WaitOptions options, ProgressListener listener,
                      Clock clock, ScheduledExecutorService scheduler, ExecutorService io, RequestBudget budget,
                      SharedPasses passes) {
    this.instanceArn = instanceArn;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.scheduler = scheduler;
    this.start = clock.instant();
    this.deadline = new Deadline(clock, scheduler, options.timeout(), this::onDeadline);
    // throttling, 5xx and I/O errors are retried until the wait's deadline: they never end a wait early
    this.api = new ApiCaller(client, scheduler, io, budget,
        RetrySpec.untilDeadline(options.retryBaseDelay(), options.retryMaxDelay(), options.timeout()), clock,
        deadline::at);
    this.planner = new PassPlanner(options);
    this.runner = new RoundRunner(instanceArn, options, clock, api, passes, lock, tracks, planner, future::isDone,
        undelivered::add, this::afterDecisions);
    this.nextRoundAt = start;
    this.lastProgressAt = start;
  }

  /**
   * Opens a wait with no request yet: the deadline runs from now (until sealed; scheduled by {@link #arm()}), the
   * first round starts when the first request is added.
   *
   * @param client      the SSO Admin client
   * @param instanceArn the instance
   * @param options     the options
   * @param listener    the progress listener
   * @param clock       the clock deadlines are measured on
   * @param scheduler   runs every step and delay
   * @param io          runs the blocking SDK calls
   * @param budget      the rate budget
   * @param passes      the list passes shared with the other waits of the context
   * @return the open session
   */
  public static WaitSession open(SsoAdminClient client, String instanceArn, WaitOptions options,
                                 ProgressListener listener, Clock clock, ScheduledExecutorService scheduler,
                                 ExecutorService io, RequestBudget budget, SharedPasses passes) {
    WaitSession s = new WaitSession(client, instanceArn, options, listener, clock, scheduler, io, budget, passes);
    s.future.whenComplete((r, e) -> s.stop());
    LOG.debug("wait opened on {} (timeout {})", instanceArn, options.timeout());
    return s;
  }

  /**
   * Schedules the deadline task. Separate from {@link #open} so that a caller adding a fixed set of requests can
   * add and seal them first: on a virtual-time scheduler a lone deadline task would otherwise run at once.
   *
   * @return this session
   */
  public WaitSession arm() {
    synchronized (lock) {
      if (!state.ended() && !future.isDone()) {
        deadline.arm();
      }
    }
    return this;
  }

  /**
   * Tracks every request given, then seals, under one lock hold (so the first round sees them all).
   *
   * @param requests the requests
   * @return this session
   * @throws IllegalArgumentException if a RequestId is given twice
   */
  public WaitSession addAllAndSeal(List<TrackedRequest> requests) {
    seal(requests, true);
    return this;
  }

  /**
   * Tracks one more request; the first one starts the polling. Its grace (before it may be described for not
   * being listed) counts from now.
   *
   * @param request the request
   * @return true if tracked; false if the wait has already ended (cancelled, failed or timed out)
   * @throws IllegalStateException    if the session is sealed
   * @throws IllegalArgumentException if the RequestId is already tracked
   */
  public boolean add(TrackedRequest request) {
    synchronized (lock) {
      if (!track(request)) {
        return false;
      }
      if (state == WaitState.OPEN_IDLE) {
        // a request just submitted has not finished: the first round comes one poll interval after the first
        // request (a round at its age 0 only cost a call: one long request 13 calls on average instead of 12)
        Instant first = clock.instant().plus(options.pollInterval());
        Instant at = rounds == 0 && first.isAfter(nextRoundAt) ? first : nextRoundAt;
        scheduleRound(WaitState.OPEN_SCHEDULED, delayUntil(at));
      }
    }
    return true;
  }

  /** Tracks a request without starting a round; caller holds the lock. */
  private boolean track(TrackedRequest request) {
    if (state.sealed()) {
      throw new IllegalStateException("the wait is sealed: no request can be added after seal() (RequestId "
          + request.requestId() + ")");
    }
    if (state.ended() || future.isDone()) {
      // the deadline's exception names the pending requests as of the moment it ended the wait: a request
      // added after that must not be taken in silently, so the caller learns it was not tracked
      return false;
    }
    if (tracks.contains(request.requestId())) {
      throw new IllegalArgumentException("RequestId " + request.requestId() + " is already tracked by this wait");
    }
    tracks.add(new RequestState(request, rounds, clock.instant()));
    // an open wait that is being fed stays alive: its deadline runs from the last request added
    deadline.restart();
    return true;
  }

  /**
   * Declares that no more requests will be added: the deadline now runs from here, the pace switches to
   * {@link WaitOptions#pollCallsPerSecond()}, and the wait completes once every request is resolved (at once if
   * they all are). Sealing twice does nothing.
   */
  public void seal() {
    seal(List.of(), false);
  }

  /**
   * Tracks {@code requests} without starting a round, then seals (and, if {@code arm}, schedules the deadline task),
   * in one lock hold: the first round, started by the seal, sees them all.
   */
  private void seal(List<TrackedRequest> requests, boolean arm) {
    synchronized (lock) {
      for (TrackedRequest r : requests) {
        track(r);
      }
      if (state.sealed() || state.ended() || future.isDone()) {
        // timed out: the deadline's exception is (about to be) the result; sealing must not complete it normally
        return;
      }
      deadline.restartAndReschedule();
      LOG.debug("wait sealed with {} request(s) on {}", tracks.size(), instanceArn);
      if (state != WaitState.OPEN_IDLE) {
        boolean scheduled = state == WaitState.OPEN_SCHEDULED;
        state = state.seal();
        Future<?> n = nextRound;
        if (scheduled && lastRoundStart != null && n != null && n.cancel(false)) {
          // a round is scheduled at the open pace: bring it forward to the sealed pace
          scheduleRound(state, delayUntil(lastRoundStart.plus(planner.pollIntervalAfter(lastRoundCost, true))));
        }
        return;
      }
      if (!tracks.unresolved().isEmpty()) {
        scheduleRound(WaitState.SEALED_SCHEDULED, delayUntil(nextRoundAt));
        if (arm) {
          // after the first round, in the same lock hold: on a virtual-time scheduler the deadline task is queued
          // before any round can run and move the clock on, and it is never queued alone (it would run at once)
          deadline.arm();
        }
        return;
      }
      state = WaitState.ENDED_SEALED;   // idle with everything resolved: complete now, outside the lock
    }
    complete();   // FAILED outcomes make it exceptional, as when the last round resolves them
  }

  /** @return whether {@link #seal()} was called (before the wait ended) */
  public boolean isSealed() {
    synchronized (lock) {
      return state.sealed();
    }
  }

  /** Sets the {@link #beforeRoundDecision} seam; for tests. */
  void beforeRoundDecision(Runnable hook) {
    beforeRoundDecision = hook;
  }

  /** Schedules the next round in {@code delayNanos}, the wait then being in state {@code next}; lock held. */
  private void scheduleRound(WaitState next, long delayNanos) {
    state = next;
    long ticket = ++roundTicket;
    nextRound = scheduler.schedule(() -> guarded(() -> runRound(ticket)), delayNanos, TimeUnit.NANOSECONDS);
  }

  private long delayUntil(Instant at) {
    return Math.max(0, Duration.between(clock.instant(), at).toNanos());
  }

  /** @return the future result; cancelling it stops the wait */
  public CompletableFuture<WaitResult> future() {
    return future;
  }

  /** @return RequestIds not yet resolved, in request order */
  public List<String> pendingRequestIds() {
    synchronized (lock) {
      return tracks.pendingIds();
    }
  }

  /** The future completed, however: nothing more may start, and whatever is scheduled or in flight is cancelled. */
  private void stop() {
    synchronized (lock) {
      state = state.end();
    }
    api.stop();
    Future<?> n = nextRound;
    if (n != null) {
      n.cancel(false);
    }
    deadline.cancel();
  }

  // ---------------------------------------------------------------- rounds

  /**
   * A round task. Whether the wait has ended, whether this task is still the latest and whether the deadline has
   * passed are one decision, taken in one hold of the lock: an {@link #add} or {@link #seal} that moves the deadline
   * comes either before it (the deadline has not passed: the round starts) or after it (the round is under way, or
   * the wait has ended and the add is refused). Deciding the deadline apart, before taking the lock, let an add get in
   * between: the deadline had moved when it was acted on, nothing was ended, and no round was scheduled any more.
   */
  private void runRound(long ticket) {
    if (future.isDone()) {
      return;
    }
    beforeRoundDecision.run();
    final RoundRunner.Round round;
    final int callsBefore;
    final ProvisioningTimeoutException timedOut;
    synchronized (lock) {
      if (state.ended() || ticket != roundTicket) {
        // ended meanwhile, or a task replaced after it had begun (the seal brought its round forward, and
        // cancel(false) does not stop a task that has started): the round scheduled in its place runs instead
        return;
      }
      if (deadline.passed()) {
        // due at or after the deadline (queued ahead of the deadline task at that instant, or running late): no
        // round past the deadline; the wait ends here as the deadline task would end it
        timedOut = endAtDeadline();
        round = null;
        callsBefore = 0;
      } else {
        timedOut = null;
        callsBefore = api.totalCalls();
        state = state.polling();
        rounds++;
        round = runner.begin(rounds, clock.instant(), state.sealed());
      }
    }
    if (timedOut != null) {
      completeAtDeadline(timedOut);
      return;
    }
    runner.run(round).whenComplete((r, error) -> guarded(() -> {
      if (error != null) {
        fail(error);
      } else {
        finishRound(round, callsBefore);
      }
    }));
  }

  /**
   * Runs a step on a scheduler thread so that nothing it throws is lost there: an unexpected exception ends the wait
   * with it (through the same single end as an API failure) instead of silently stopping the polling.
   */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      LOG.error("unexpected failure in a wait on {}; the wait ends with it", instanceArn, e);
      fail(e);
    }
  }

  private void finishRound(RoundRunner.Round round, int callsBefore) {
    if (future.isDone()) {
      return;
    }
    WaitProgress progress;
    boolean finished;
    boolean goIdle;
    boolean endedElsewhere;
    Duration delay;
    synchronized (lock) {
      int calls = api.totalCalls() - callsBefore;
      // the cadence follows the list pages the round used (joined from other waits included), so waits sharing
      // passes keep the same rhythm; its Describes are not counted: each request is described about once in its
      // life (when it leaves IN_PROGRESS), a cost per request rather than per round, and pacing rounds by it would
      // only delay the rounds that find the next departures
      int cost = round.cost();
      // the round's outcomes were handed over as they were read (afterDecisions); any left are handed over here
      progress = new WaitProgress(tracks.size(), tracks.succeeded(), tracks.failed(), List.copyOf(undelivered),
          rounds, elapsed());
      undelivered.clear();
      boolean allResolved = progress.pending() == 0;
      boolean sealed = state.sealed();
      endedElsewhere = state.ended();
      finished = sealed && allResolved && !endedElsewhere;
      goIdle = !sealed && allResolved && !endedElsewhere;
      lastRoundStart = round.firstPassStart;
      lastRoundCost = cost;
      // timed from the earliest pass the round used (joined from another wait, maybe): waits sharing passes stay
      // in phase, so they go on sharing whatever their timing
      Duration spent = Duration.between(round.firstPassStart, clock.instant());
      delay = planner.delayAfter(cadence(cost, sealed, spent), spent);
      if (finished) {
        state = WaitState.ENDED_SEALED;
      } else if (goIdle) {
        // nothing to poll for until a request is added (or the wait sealed)
        state = WaitState.OPEN_IDLE;
        nextRoundAt = clock.instant().plus(delay);
      }
      LOG.debug("round {}: {} call(s), {} resolved now, {}; next round in {} ms", rounds, calls,
          round.resolved.size(), progress.summary(), finished ? 0 : delay.toMillis());
    }
    // a round that resolved requests has already been heard of, with its latest counts, when they were read
    // (afterDecisions): no second snapshot with the same counts at its end
    if (progress.pollRounds() == 1 || !progress.newlyResolved().isEmpty()
        || progressDue(finished ? Duration.ZERO : delay)) {
      synchronized (listenerLock) {
        notifyListener(progress);
      }
    }
    if (finished) {
      complete();
      return;
    }
    if (goIdle || endedElsewhere) {
      return;
    }
    synchronized (lock) {
      // still *_POLLING (sealed meanwhile, maybe) unless the deadline or a cancellation ended the wait since
      if (!state.ended()) {
        scheduleRound(state.scheduled(), delay.toNanos());
      }
    }
  }

  /**
   * After a list pass or a Describe answer was decided (outside the lock, on the thread that read it): hands the
   * outcomes it resolved to the listener at once, and ends a sealed wait whose last pending request it resolved,
   * without waiting for the rest of the round (its calls still in flight are cancelled by {@link #stop()}).
   */
  private void afterDecisions() {
    if (future.isDone()) {
      return;
    }
    synchronized (listenerLock) {
      WaitProgress progress;
      synchronized (lock) {
        if (undelivered.isEmpty()) {
          return;
        }
        progress = new WaitProgress(tracks.size(), tracks.succeeded(), tracks.failed(), List.copyOf(undelivered),
            rounds, elapsed());
        undelivered.clear();
      }
      notifyListener(progress);
    }
    boolean finished;
    synchronized (lock) {
      finished = state.sealed() && !state.ended() && tracks.succeeded() + tracks.failed() == tracks.size();
      if (finished) {
        state = WaitState.ENDED_SEALED;
      }
    }
    if (finished) {
      LOG.debug("round {}: last pending request resolved; the wait ends without the rest of the round", rounds);
      complete();
    }
  }

  /** Completes the future of a wait that ended with every request resolved (state ENDED_SEALED, set by the caller). */
  private void complete() {
    WaitResult result = result();
    if (result.failed().isEmpty()) {
      future.complete(result);
    } else {
      future.completeExceptionally(new ProvisioningFailedException(result));
    }
  }

  /**
   * The gap from this round's start to the next, by {@link PassPlanner#cadence}: what the round cost, how long it
   * took, and the ages of the requests still in flight; lock held.
   */
  private Duration cadence(int cost, boolean sealed, Duration spent) {
    Instant now = clock.instant();
    List<Duration> ages = new ArrayList<>();
    for (RequestState t : tracks.unresolved()) {
      ages.add(Duration.between(t.addedAt, now));
    }
    return planner.cadence(cost, sealed, ages, spent);
  }

  /**
   * @param untilNextRound the delay before the next round
   * @return whether {@link #PROGRESS_EVERY} will have passed since the listener last heard of this wait by the next
   *     round, so that it hears now
   */
  private boolean progressDue(Duration untilNextRound) {
    return !clock.instant().plus(untilNextRound).isBefore(lastProgressAt.plus(PROGRESS_EVERY));
  }

  private void notifyListener(WaitProgress progress) {
    lastProgressAt = clock.instant();
    try {
      listener.onProgress(progress);
    } catch (RuntimeException e) {
      LOG.warn("progress listener threw; ignored", e);
    }
  }

  // ---------------------------------------------------------------- ending

  /** The deadline task: ends the wait if the deadline has passed and nothing ended it first, else re-arms. */
  private void onDeadline() {
    if (future.isDone()) {
      return;
    }
    ProvisioningTimeoutException e;
    synchronized (lock) {
      if (state.ended()) {
        return;
      }
      if (!deadline.passed()) {
        // the deadline moved (a request was added, or the wait sealed, since this task was scheduled); a round
        // scheduled or under way goes on
        deadline.firedEarly();
        return;
      }
      e = endAtDeadline();
    }
    completeAtDeadline(e);
  }

  /**
   * Ends the wait at its deadline, which has passed, for the deadline task or a round task; lock held, the wait not
   * ended.
   *
   * @return the exception to complete the future with, outside the lock ({@link #completeAtDeadline})
   */
  private ProvisioningTimeoutException endAtDeadline() {
    boolean sealed = state.sealed();
    state = state.end();
    return new ProvisioningTimeoutException(options.timeout(), tracks.pendingIds(), result(),
        tracks.timeoutDetail(sealed));
  }

  private void completeAtDeadline(ProvisioningTimeoutException e) {
    LOG.debug("deadline passed: {}", e.getMessage());
    future.completeExceptionally(e);
  }

  /** A round failed for good: the wait ends with that error, unless something else ended it first. */
  private void fail(Throwable error) {
    Throwable t = AwsErrors.unwrap(error);
    if (t instanceof CancellationException) {
      return;
    }
    ProvisioningTimeoutException timedOut = null;
    synchronized (lock) {
      if (state.ended()) {
        return;
      }
      if (deadline.passed() && t instanceof AwsApiException a
          && a.kind() == AwsApiException.Kind.TRANSIENT_EXHAUSTED) {
        // a call retried until the deadline (throttling, 5xx, I/O) gave up just as the deadline task was due: the
        // wait ends as at its deadline, naming what is pending, not with the last retryable error
        timedOut = endAtDeadline();
      } else {
        state = state.end();
      }
    }
    if (timedOut != null) {
      timedOut.addSuppressed(t);
      completeAtDeadline(timedOut);
      return;
    }
    future.completeExceptionally(t);
  }

  private WaitResult result() {
    synchronized (lock) {
      return new WaitResult(tracks.outcomes(), rounds, api.calls(), elapsed());
    }
  }

  private Duration elapsed() {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
