package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmissionFailedException;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.AwsErrors;
import dev.idcprov.waiter.internal.RetrySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/**
 * Calls {@code ProvisionPermissionSet} for each planned target, a few at a time, and never provisions one target twice
 * on its own account:
 * <ul>
 *   <li>Submission is background work on the rate budget: the launched targets get their slots just in time, one
 *       ask at a time ({@link RequestBudget#reserveBackground()}), so that the status calls of waits sharing the
 *       budget go ahead of them instead of queueing behind a slot reserved for each launched target; every slot
 *       nobody else wants still goes to a submission. Every answer feeds the budget's adaptive rate.</li>
 *   <li>First, requests already IN_PROGRESS for a target (a killed run's, another pipeline's) are adopted instead
 *       of submitted.</li>
 *   <li>The call is made once per attempt, without the call boundary's own retries: throttling (nothing was
 *       processed) is retried with backoff; a ConflictException or an ambiguous failure (5xx, I/O error, timeout:
 *       the request may have been processed and its answer lost) first looks for an IN_PROGRESS request of the
 *       same target ({@link InProgressRequests}) and adopts it, and provisions again only when there is none.
 *       Retries of throttling and ambiguous failures are not counted: they go on, with backoff, until the run's
 *       deadline (a heavily throttled instance slows a submission down, it never ends it early); only
 *       ConflictException retries are counted ({@link ProvisioningRequest#maxConflictRetries()}).</li>
 *   <li>{@link #stop()} launches nothing more but lets calls already sent finish: a call the server processed is
 *       never cancelled on our side, so its RequestId is not lost. {@link #settled()} says when nothing is in
 *       flight any more, with what was accepted, never submitted, or left unresolved.</li>
 * </ul>
 * Results come back in plan order. One submission per instance.
 */
public final class Submitter {
  /** {@code ProvisionPermissionSet}. */
  public static final String PROVISION = "ProvisionPermissionSet";
  /** Targets launched at once: waiting for a budget slot, or sent and waiting for the answer. */
  static final int MAX_IN_FLIGHT = 8;
  /** Slots at the budget's ceiling a refused submission waits before taking the next free slot anyway. */
  static final int STARVATION_SLOTS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);

  /**
   * Where a submission stands once nothing is in flight any more.
   *
   * @param accepted     requests accepted (or adopted), in plan order
   * @param notSubmitted planned targets never sent, or sent and refused for sure
   * @param unresolved   planned targets whose last call got no answer (it may have been processed) and whose
   *                     lookup could not run: check them before provisioning again
   */
  public record Settled(List<SubmittedRequest> accepted, List<PlannedTarget> notSubmitted,
                        List<PlannedTarget> unresolved) {
  }

  private final ApiCaller api;
  private final ApiCaller provisionApi;
  private final ScheduledExecutorService timer;
  private final RequestBudget budget;
  private final RetrySpec conflictRetry;
  private final RetrySpec transientRetry;
  private final Clock clock;
  private final Supplier<Instant> deadline;
  private final Set<String> neverAdopt = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Settled> settled = new CompletableFuture<>();
  private volatile State state;
  private volatile boolean stopping;
  private volatile InProgressRequests scannedBefore;

  /**
   * @param api            the call boundary for the look-ups (with its own retries)
   * @param provisionApi   the call boundary for {@code ProvisionPermissionSet}, made without retries and without a
   *                       budget: this class decides each retry and waits for each permit itself, so that a call
   *                       still waiting for its permit can be dropped at once when the run stops
   * @param timer          schedules the retries and the permit waits
   * @param budget         the rate budget of the provisioning calls
   * @param conflictRetry  retries of ConflictException (when no IN_PROGRESS request is found)
   * @param transientRetry the backoff of throttling, 5xx and I/O errors (its count is not used: they are retried
   *                       until {@code deadline})
   * @param clock          the clock {@code deadline} is measured on
   * @param deadline       the run's deadline: no retry begins at or after it
   */
  public Submitter(ApiCaller api, ApiCaller provisionApi, ScheduledExecutorService timer, RequestBudget budget,
                   RetrySpec conflictRetry, RetrySpec transientRetry, Clock clock, Supplier<Instant> deadline) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.api = api;
    this.provisionApi = provisionApi;
    this.timer = timer;
    this.budget = budget;
    this.conflictRetry = conflictRetry;
    this.transientRetry = transientRetry;
  }

  /**
   * @param request      the request, for its retry settings
   * @param api          the call boundary for the look-ups
   * @param provisionApi the call boundary for {@code ProvisionPermissionSet}, made without retries or budget
   * @param timer        schedules the retries
   * @param budget       the rate budget of the provisioning calls
   * @param clock        the clock {@code deadline} is measured on
   * @param deadline     the run's deadline, which bounds the retries of throttling and ambiguous failures
   * @return a submitter for that request
   */
  public static Submitter of(ProvisioningRequest request, ApiCaller api, ApiCaller provisionApi,
                             ScheduledExecutorService timer, RequestBudget budget, Clock clock,
                             Supplier<Instant> deadline) {
    return new Submitter(api, provisionApi, timer, budget,
        new RetrySpec(request.maxConflictRetries(), request.conflictBaseDelay(), request.conflictMaxDelay()),
        new RetrySpec(request.waitOptions().maxRetries(), request.waitOptions().retryBaseDelay(),
            request.waitOptions().retryMaxDelay()), clock, deadline);
  }

  /**
   * Never adopts these requests for a target, even when the look-up lists them IN_PROGRESS: the follow-ups of a
   * FAILED ALL_PROVISIONED_ACCOUNTS request must not adopt that very request (a list answer may still show it
   * IN_PROGRESS).
   *
   * @param requestIds the RequestIds
   * @return this submitter
   */
  public Submitter neverAdopting(Collection<String> requestIds) {
    neverAdopt.addAll(requestIds);
    return this;
  }

  /** A request found IN_PROGRESS for {@code t}, unless it is one this submitter must not adopt. */
  private Optional<InProgressRequests.Found> running(State s, PlannedTarget t) {
    return s.index.find(t).filter(f -> !neverAdopt.contains(f.requestId()));
  }

  /** @return whether the run's deadline has passed: no retry begins then */
  private boolean pastDeadline() {
    Instant d = deadline.get();
    return d != null && !clock.instant().isBefore(d);
  }

  /**
   * Uses a look-up already made before planning, instead of one made when submission starts: a request that was
   * IN_PROGRESS before planning is adopted even if it finished since (then the plan still names its target as
   * outdated, and a new call would provision it a second time).
   *
   * @param index the look-up, scanned before the plan was made
   * @return this submitter
   */
  public Submitter scannedBefore(InProgressRequests index) {
    this.scannedBefore = index;
    return this;
  }

  /**
   * @param plan the plan; an empty plan makes no call
   * @return the accepted requests in plan order, or a future failed with a {@link SubmissionFailedException}
   */
  public CompletableFuture<List<SubmittedRequest>> submit(ProvisioningPlan plan) {
    return submit(plan, r -> { });
  }

  /**
   * @param plan       the plan; an empty plan makes no call
   * @param onAccepted told of each request as soon as AWS accepts it or it is adopted (on the thread that saw the
   *                   answer; an exception it throws is logged and ignored)
   * @return the accepted requests in plan order, or a future failed with a {@link SubmissionFailedException};
   *         cancelling it is {@link #stop()}
   * @throws IllegalStateException if this submitter already submitted
   */
  public CompletableFuture<List<SubmittedRequest>> submit(ProvisioningPlan plan, Consumer<SubmittedRequest> onAccepted) {
    if (state != null) {
      throw new IllegalStateException("one submission per Submitter");
    }
    List<PlannedTarget> targets = plan.targets();
    CompletableFuture<List<SubmittedRequest>> result = new CompletableFuture<>();
    InProgressRequests pre = scannedBefore;
    State s = new State(plan, result, onAccepted, pre != null ? pre : new InProgressRequests(api, plan.instanceArn()));
    state = s;
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        stop();
      }
    });
    if (targets.isEmpty()) {
      result.complete(List.of());
      settleIfIdle(s);
      return result;
    }
    // adopt what already runs for our targets (a killed run's, another pipeline's) before sending anything
    CompletableFuture<Void> scan = pre != null ? CompletableFuture.completedFuture(null) : s.index.scan();
    scan.whenComplete((v, e) -> {
      try {
        start(s, e);
      } catch (RuntimeException | Error ex) {
        // never lost on a callback thread: the submission ends with it once nothing is in flight
        LOG.error("unexpected failure starting the submission", ex);
        synchronized (s) {
          if (s.failure == null) {
            s.failure = AwsErrors.map(PROVISION, ex, 0, null, null);
          }
          s.scanDone = true;
        }
        stopping = true;
        boolean idle;
        synchronized (s) {
          idle = s.inFlight == 0;
        }
        if (idle) {
          finish(s);
        }
      }
    });
    return result;
  }

  /** After the first look-up: adopts what runs for the targets, then launches the first calls. */
  private void start(State s, Throwable e) {
    if (e != null) {
      LOG.warn("could not list the IN_PROGRESS provisioning requests to adopt ({}); submitting every target",
          AwsErrors.unwrap(e).getMessage());
    } else {
      adoptRunning(s);
    }
    boolean idle;
    synchronized (s) {
      s.scanDone = true;
    }
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      launchNext(s);
    }
    synchronized (s) {
      idle = s.inFlight == 0;
    }
    if (idle) {
      finish(s);
    }
  }

  /**
   * Stops launching calls and retries; calls already sent finish and are reported, and a target whose answer was
   * lost is looked up once more (stop the look-up boundary to cut that short).
   */
  public void stop() {
    stopping = true;
    State s = state;
    if (s == null) {
      return;
    }
    List<Integer> waiting;
    synchronized (s) {
      waiting = new ArrayList<>(s.backoffs.keySet());
    }
    for (int i : waiting) {
      java.util.concurrent.Future<?> f;
      synchronized (s) {
        f = s.backoffs.remove(i);
      }
      if (f != null && f.cancel(false)) {
        markUnresolvedIfAmbiguous(s, i);
        end(s, i, null);
      }
    }
    java.util.concurrent.Future<?> ask;
    synchronized (s) {
      ask = s.askAgain;
      s.askAgain = null;
    }
    if (ask != null && ask.cancel(false)) {
      synchronized (s) {
        s.asking = false;
      }
    }
    endWaitingForSlot(s);
    settleIfIdle(s);
  }

  /** @return completed once the submission ended and nothing is in flight any more; never fails */
  public CompletableFuture<Settled> settled() {
    return settled;
  }

  private void adoptRunning(State s) {
    List<PlannedTarget> targets = s.plan.targets();
    for (int i = 0; i < targets.size(); i++) {
      var found = running(s, targets.get(i));
      if (found.isPresent()) {
        LOG.info("adopting {} already IN_PROGRESS for {} instead of provisioning again", found.get().requestId(),
            targets.get(i));
        synchronized (s) {
          s.adoptedAtStart[i] = true;
        }
        accept(s, i, found.get().requestId(), found.get().createdDate(), true);
      }
    }
  }

  private void launchNext(State s) {
    int i;
    synchronized (s) {
      while (s.next < s.results.length && s.adoptedAtStart[s.next]) {
        s.next++;
      }
      if (stopping || s.failure != null || s.next >= s.results.length || s.result.isDone()) {
        return;
      }
      i = s.next++;
      s.inFlight++;
    }
    call(s, i);
  }

  /** Waits for a slot of the budget (dropped at once if the run stops meanwhile), then sends. */
  private void call(State s, int i) {
    if (stopping) {
      markUnresolvedIfAmbiguous(s, i);
      end(s, i, null);
      return;
    }
    AwsApiException last;
    synchronized (s) {
      last = s.lastFailure[i];
    }
    if (last != null && pastDeadline()) {
      // a retry whose backoff ended after the deadline (a run's deadline has stopped the submission first)
      fail(s, i, last, false);
      return;
    }
    synchronized (s) {
      s.waitingForSlot.add(i);
    }
    askForSlots(s);
  }

  /**
   * Hands budget slots to the targets waiting for one, in launch order, asking the budget just in time
   * ({@link RequestBudget#reserveBackground()}): one ask at a time per submission, and when refused, one ask again
   * when told. Submission is background work, so a status call of a wait on the same budget is never queued behind
   * the slots of the up to {@link #MAX_IN_FLIGHT} calls this submission has launched (nor behind other
   * submissions' on the same budget), while every slot nobody else wants still goes to a submission.
   */
  private void askForSlots(State s) {
    synchronized (s) {
      if (s.asking) {
        return;   // the ask under way, or the one scheduled, serves the target just added too
      }
      s.asking = true;
    }
    for (Grant g = nextGrant(s); g != null; g = nextGrant(s)) {
      if (g == Grant.END) {
        // stopping (a target may have joined after stop() ended those waiting), or the timer is shut down
        endWaitingForSlot(s);
        return;
      }
      int i = g.target();
      if (g.waitNanos() <= 0) {
        send(s, i);
      } else {
        schedule(s, i, () -> send(s, i), g.waitNanos());
      }
    }
  }

  /** A budget slot handed to a waiting target: send it {@code waitNanos} from now. */
  private record Grant(int target, long waitNanos) {
    /** The targets waiting for a slot must end: the run stops, or no ask can be scheduled any more. */
    static final Grant END = new Grant(-1, 0);
  }

  /**
   * The first waiting target with its slot; null when none waits (the ask ends) or the budget said to ask again
   * later (that ask is scheduled); {@link Grant#END} when the waiting targets must end.
   */
  private Grant nextGrant(State s) {
    synchronized (s) {
      if (s.waitingForSlot.isEmpty()) {
        s.asking = false;
        return null;
      }
      if (stopping) {
        s.asking = false;
        return Grant.END;
      }
      RequestBudget.Slot slot = budget.reserveBackground();
      Instant now = clock.instant();
      if (!slot.granted() && s.refusedSince != null
          && Duration.between(s.refusedSince, now).toNanos() >= starvationLimitNanos()) {
        // refused for a while: the waits on this budget ask for every slot (after a throttling cut, several waits
        // can): the submission takes the next free slot like them rather than wait for a gap that never comes
        slot = new RequestBudget.Slot(true, budget.reserve());
      }
      if (slot.granted()) {
        s.refusedSince = null;
        return new Grant(s.waitingForSlot.poll(), slot.delay().toNanos());
      }
      if (s.refusedSince == null) {
        s.refusedSince = now;
      }
      try {
        s.askAgain = timer.schedule(() -> askAgain(s), slot.delay().toNanos(), TimeUnit.NANOSECONDS);
        return null;
      } catch (RejectedExecutionException e) {
        // the timer is shut down (its context closed) while the submission goes on: it cannot go on
        s.asking = false;
        failWaitingForSlot(s, e);
        return Grant.END;
      }
    }
  }

  /** The ask again the budget told us to make; never lost in a timer task. */
  private void askAgain(State s) {
    synchronized (s) {
      s.askAgain = null;
      s.asking = false;
    }
    try {
      askForSlots(s);
    } catch (RuntimeException | Error ex) {
      LOG.error("unexpected failure asking the budget for a slot for {}", PROVISION, ex);
      synchronized (s) {
        s.asking = false;
        failWaitingForSlot(s, ex);
      }
      endWaitingForSlot(s);
    }
  }

  /**
   * How long a submission refused slot after slot may wait before it takes the next free one anyway: 30 slots at
   * the budget's ceiling (2 s at 15/s), long enough for any status call queued to go first.
   */
  private long starvationLimitNanos() {
    double rate = budget.requestsPerSecond();
    return Double.isInfinite(rate) ? 0 : Math.round(STARVATION_SLOTS * 1e9 / rate);
  }

  /** The submission fails with {@code cause}: the targets still waiting for a slot end as not submitted. */
  private static void failWaitingForSlot(State s, Throwable cause) {
    if (s.failure == null) {
      s.failure = AwsErrors.map(PROVISION, cause, 0, null, null);
    }
  }

  /** Ends every target still waiting for a budget slot (the run stops, or no ask can be scheduled any more). */
  private void endWaitingForSlot(State s) {
    List<Integer> waiting;
    synchronized (s) {
      waiting = new ArrayList<>(s.waitingForSlot);
      s.waitingForSlot.clear();
    }
    for (int i : waiting) {
      markUnresolvedIfAmbiguous(s, i);
      end(s, i, null);
    }
  }

  private void send(State s, int i) {
    if (stopping) {
      markUnresolvedIfAmbiguous(s, i);
      end(s, i, null);
      return;
    }
    PlannedTarget t = s.plan.targets().get(i);
    ProvisionPermissionSetRequest.Builder b = ProvisionPermissionSetRequest.builder()
        .instanceArn(s.plan.instanceArn()).permissionSetArn(t.permissionSetArn()).targetType(t.targetType());
    if (t.accountId() != null) {
      b.targetId(t.accountId());
    }
    ProvisionPermissionSetRequest req = b.build();
    synchronized (s) {
      s.attempts[i]++;
      s.marks[i] = s.index.mark();
    }
    try {
      provisionApi.call(PROVISION, subject(t), () -> provisionApi.client().provisionPermissionSet(req))
          .whenComplete((r, e) -> answered(s, i, r, e));
    } catch (RuntimeException e) {
      answered(s, i, null, e);
    }
  }

  private static String subject(PlannedTarget t) {
    return "permission set " + t.permissionSetArn() + ", "
        + (t.accountId() == null ? "all provisioned accounts" : "account " + t.accountId());
  }

  private void answered(State s, int i, ProvisionPermissionSetResponse r, Throwable e) {
    try {
      feedBudget(e);
      if (e == null) {
        PermissionSetProvisioningStatus st = r.permissionSetProvisioningStatus();
        if (st == null || st.requestId() == null) {
          fail(s, i, new AwsApiException(AwsApiException.Kind.OTHER, PROVISION, null, 0,
              "the response carried no RequestId", s.attempts[i], "the endpoint: it does not answer like AWS", null),
              true);
          return;
        }
        LOG.debug("{} accepted: {} -> {}", PROVISION, s.plan.targets().get(i), st.requestId());
        accept(s, i, st.requestId(), st.createdDate(), false);
        end(s, i, null);
        return;
      }
      Throwable cause = AwsErrors.unwrap(e);
      if (cause instanceof CancellationException) {
        // the call boundary was stopped under us: whether AWS processed the call is unknown
        markUnresolved(s, i);
        end(s, i, null);
        return;
      }
      AwsApiException a = AwsErrors.map(PROVISION, cause, 1, provisionApi.region(), subject(s.plan.targets().get(i)));
      Throwable sdk = a.getCause() == null ? cause : a.getCause();
      if (isThrottling(sdk)) {
        // nothing was processed, so retrying is always safe, until the run's deadline: a heavily throttled
        // instance slows submission down, it never ends it early
        retryLater(s, i, a, s.throttleRetries, Integer.MAX_VALUE, transientRetry);
      } else if (a.kind() == AwsApiException.Kind.CONFLICT) {
        reconcile(s, i, a, conflictRetry);
      } else if (a.kind() == AwsApiException.Kind.TRANSIENT_EXHAUSTED) {
        // 5xx, I/O error or timeout: the call may have been processed and its answer lost
        reconcile(s, i, a, transientRetry);
      } else {
        fail(s, i, a, false);
      }
    } catch (RuntimeException | Error ex) {
      // never lost on a callback thread: the target ends with it
      LOG.error("unexpected failure handling the answer of {}", PROVISION, ex);
      fail(s, i, AwsErrors.map(PROVISION, ex, s.attempts[i], null, subject(s.plan.targets().get(i))), true);
    }
  }

  /**
   * Tells the budget's adaptive rate how the call was answered, as the call boundary does for every other call: the
   * provision calls go through a boundary without a budget of its own (this class waits for each slot itself), so
   * without this their throttles, the bulk of a large run's calls, would never slow the budget down.
   */
  private void feedBudget(Throwable e) {
    if (e == null) {
      budget.onAccepted();
      return;
    }
    Throwable cause = AwsErrors.unwrap(e);
    Throwable sdk = cause instanceof AwsApiException a && a.getCause() != null ? a.getCause() : cause;
    if (isThrottling(sdk)) {
      budget.onThrottled();
    } else if (sdk instanceof SdkServiceException && !AwsErrors.isTransient(sdk)) {
      budget.onAccepted();   // answered (a conflict, a validation error): not a sign of congestion
    }
  }

  private static boolean isThrottling(Throwable t) {
    return t instanceof ThrottlingException
        || t instanceof SdkServiceException se && (se.isThrottlingException() || se.statusCode() == 429);
  }

  /** Looks for an IN_PROGRESS request of the target: adopts it, or retries when there is none. */
  private void reconcile(State s, int i, AwsApiException failure, RetrySpec spec) {
    boolean ambiguous = failure.kind() != AwsApiException.Kind.CONFLICT;
    synchronized (s) {
      s.ambiguous[i] = s.ambiguous[i] || ambiguous;
    }
    if (stopping && !ambiguous) {
      end(s, i, null);
      return;
    }
    // stopping or not, a lost answer is looked up once more: the request it may have created is then reported
    PlannedTarget t = s.plan.targets().get(i);
    // a conflict means a request runs: the IN_PROGRESS list finds it; a lost answer may belong to a request that
    // has finished already: look at everything created since the call was sent
    CompletableFuture<Void> lookup;
    synchronized (s) {
      lookup = ambiguous ? s.index.scanSince(s.marks[i]) : s.index.scan();
    }
    lookup.whenComplete((v, e) -> {
      try {
        if (e != null) {
          Throwable c = AwsErrors.unwrap(e);
          if (c instanceof CancellationException) {
            markUnresolvedIfAmbiguous(s, i);
            end(s, i, null);
          } else {
            // never provision again without having looked: look again later, within the same allowance
            LOG.debug("could not look for an IN_PROGRESS request of {} after {}: {}", t, failure.errorCode(),
                c.getMessage());
            lookAgainLater(s, i, failure, spec);
          }
          return;
        }
        var found = running(s, t);
        if (found.isEmpty() && stopping) {
          markUnresolvedIfAmbiguous(s, i);
          end(s, i, null);
        } else if (found.isPresent()) {
          LOG.info("adopting {} IN_PROGRESS for {} after {} instead of provisioning again", found.get().requestId(),
              t, failure.errorCode() == null ? "a lost answer" : failure.errorCode());
          accept(s, i, found.get().requestId(), found.get().createdDate(), true);
          end(s, i, null);
        } else {
          boolean conflict = spec == conflictRetry;
          retryLater(s, i, failure, conflict ? s.conflictRetries : s.transientRetries,
              conflict ? spec.maxRetries() : Integer.MAX_VALUE, spec);
        }
      } catch (RuntimeException | Error ex) {
        LOG.error("unexpected failure reconciling {}", t, ex);
        fail(s, i, failure, true);
      }
    });
  }

  private void lookAgainLater(State s, int i, AwsApiException failure, RetrySpec spec) {
    int n;
    synchronized (s) {
      n = ++s.transientRetries[i];
    }
    if (pastDeadline() || stopping) {
      if (stopping) {
        markUnresolvedIfAmbiguous(s, i);
        end(s, i, null);
      } else {
        fail(s, i, failure, true);
      }
      return;
    }
    schedule(s, i, () -> reconcile(s, i, failure, spec), transientRetry.delayBefore(Math.min(n, 64)).toNanos());
  }

  /**
   * Sends target {@code i} again after {@code spec}'s backoff, counted in {@code retries}, at most {@code limit}
   * times, and never once the run's deadline has passed (then the target fails with {@code failure}; a run's own
   * deadline has stopped this submitter before, leaving the target not submitted).
   */
  private void retryLater(State s, int i, AwsApiException failure, int[] retries, int limit, RetrySpec spec) {
    int n;
    synchronized (s) {
      n = ++retries[i];
    }
    if (n > limit || pastDeadline()) {
      fail(s, i, failure, false);
      return;
    }
    synchronized (s) {
      s.lastFailure[i] = failure;
    }
    if (stopping) {
      markUnresolvedIfAmbiguous(s, i);
      end(s, i, null);
      return;
    }
    long delay = spec.delayBefore(Math.min(n, 64)).toNanos();
    LOG.debug("{} failed ({}), retry {} in {} ms", PROVISION, failure.errorCode(), n, delay / 1_000_000);
    schedule(s, i, () -> call(s, i), delay);
  }

  /** Runs {@code task} for target {@code i} after {@code delayNanos}, unless {@link #stop()} drops it first. */
  private void schedule(State s, int i, Runnable task, long delayNanos) {
    try {
      synchronized (s) {
        s.backoffs.put(i, timer.schedule(() -> {
          synchronized (s) {
            s.backoffs.remove(i);
          }
          try {
            task.run();
          } catch (RuntimeException | Error ex) {
            // never lost in a timer task: the target ends with it
            LOG.error("unexpected failure in a scheduled step of {}", PROVISION, ex);
            fail(s, i, AwsErrors.map(PROVISION, ex, 0, null, subject(s.plan.targets().get(i))), true);
          }
        }, delayNanos, TimeUnit.NANOSECONDS));
      }
    } catch (RejectedExecutionException e) {
      markUnresolvedIfAmbiguous(s, i);
      end(s, i, null);
    }
  }

  private void accept(State s, int i, String requestId, java.time.Instant created, boolean adopted) {
    SubmittedRequest accepted = new SubmittedRequest(requestId, s.plan.targets().get(i), created, adopted);
    synchronized (s) {
      s.results[i] = accepted;
      s.index.own(requestId, accepted.target(), created);
      // told under the lock: the run can only be seen finished (and the caller's wait sealed) once every
      // accepted request has been handed over
      try {
        s.onAccepted.accept(accepted);
      } catch (RuntimeException ex) {
        LOG.warn("listener of accepted requests threw; ignored", ex);
      }
    }
  }

  private void markUnresolvedIfAmbiguous(State s, int i) {
    synchronized (s) {
      if (s.ambiguous[i]) {
        s.unresolved[i] = true;
      }
    }
  }

  private static void markUnresolved(State s, int i) {
    synchronized (s) {
      s.unresolved[i] = true;
    }
  }

  /**
   * The target failed for good; the first such failure ends the submission once nothing is in flight.
   *
   * @param unresolved whether the target may have been processed anyway
   */
  private void fail(State s, int i, AwsApiException failure, boolean unresolved) {
    int attempts;
    synchronized (s) {
      attempts = s.attempts[i];
      if (unresolved || s.ambiguous[i]) {
        s.unresolved[i] = true;
      }
    }
    AwsApiException total = failure.attempts() == attempts ? failure
        : new AwsApiException(failure.kind(), failure.operation(), failure.errorCode(), failure.statusCode(),
            failure.awsMessage(), attempts, failure.hint(), failure.getCause());
    end(s, i, total);
  }

  /** One launched target is done (accepted, adopted, given up or failed): launch the next, or finish. */
  private void end(State s, int i, AwsApiException failure) {
    synchronized (s) {
      s.inFlight--;
      if (failure != null && s.failure == null) {
        s.failure = failure;
      }
    }
    launchNext(s);
    // decided after launching: launchNext may have skipped the remaining (adopted) targets without launching any,
    // and then this is the last chance to finish
    boolean finished;
    synchronized (s) {
      finished = s.scanDone && s.inFlight == 0 && (stopping || s.failure != null || s.next >= s.results.length
          || allAdoptedFrom(s, s.next));
    }
    if (finished) {
      finish(s);
    }
  }

  private static boolean allAdoptedFrom(State s, int from) {
    for (int j = from; j < s.results.length; j++) {
      if (!s.adoptedAtStart[j]) {
        return false;
      }
    }
    return true;
  }

  private void finish(State s) {
    List<SubmittedRequest> accepted;
    AwsApiException failure;
    synchronized (s) {
      accepted = new ArrayList<>(Arrays.stream(s.results).filter(Objects::nonNull).toList());
      failure = s.failure;
    }
    if (failure != null) {
      s.result.completeExceptionally(new SubmissionFailedException(failure, accepted));
    } else if (stopping) {
      s.result.completeExceptionally(new CancellationException("submission stopped"));
    } else {
      s.result.complete(accepted);
    }
    settleIfIdle(s);
  }

  private void settleIfIdle(State s) {
    Settled out;
    synchronized (s) {
      boolean idle = s.inFlight == 0 && (s.result.isDone() || stopping);
      if (!idle || settled.isDone() || (!s.result.isDone() && !s.scanned())) {
        return;
      }
      List<SubmittedRequest> accepted = new ArrayList<>();
      List<PlannedTarget> notSubmitted = new ArrayList<>();
      List<PlannedTarget> unresolved = new ArrayList<>();
      for (int i = 0; i < s.results.length; i++) {
        if (s.results[i] != null) {
          accepted.add(s.results[i]);
        } else if (s.unresolved[i]) {
          unresolved.add(s.plan.targets().get(i));
        } else {
          notSubmitted.add(s.plan.targets().get(i));
        }
      }
      out = new Settled(List.copyOf(accepted), List.copyOf(notSubmitted), List.copyOf(unresolved));
    }
    if (!s.result.isDone()) {
      s.result.completeExceptionally(new CancellationException("submission stopped"));
    }
    settled.complete(out);
  }

  /** One submission run. */
  private static final class State {
    final ProvisioningPlan plan;
    final SubmittedRequest[] results;
    final boolean[] adoptedAtStart;
    final boolean[] ambiguous;
    final boolean[] unresolved;
    final int[] attempts;
    final java.time.Instant[] marks;
    final int[] conflictRetries;
    final int[] transientRetries;
    final int[] throttleRetries;
    final AwsApiException[] lastFailure;
    final CompletableFuture<List<SubmittedRequest>> result;
    final Consumer<SubmittedRequest> onAccepted;
    final InProgressRequests index;
    int next;
    int inFlight;
    AwsApiException failure;
    boolean scanDone;
    final java.util.Map<Integer, java.util.concurrent.Future<?>> backoffs = new java.util.HashMap<>();
    /** Launched targets waiting for a budget slot, in launch order. */
    final java.util.ArrayDeque<Integer> waitingForSlot = new java.util.ArrayDeque<>();
    /** When the current run of refused asks began (on the run's clock); null when the last ask was granted. */
    Instant refusedSince;
    /** Whether an ask for slots is under way or scheduled ({@link #askAgain}): one at a time. */
    boolean asking;
    /** The next ask for slots after a refusal, or null. */
    java.util.concurrent.Future<?> askAgain;

    State(ProvisioningPlan plan, CompletableFuture<List<SubmittedRequest>> result,
          Consumer<SubmittedRequest> onAccepted, InProgressRequests index) {
      int n = plan.targets().size();
      this.plan = plan;
      this.results = new SubmittedRequest[n];
      this.adoptedAtStart = new boolean[n];
      this.ambiguous = new boolean[n];
      this.unresolved = new boolean[n];
      this.attempts = new int[n];
      this.marks = new java.time.Instant[n];
      this.conflictRetries = new int[n];
      this.transientRetries = new int[n];
      this.throttleRetries = new int[n];
      this.lastFailure = new AwsApiException[n];
      this.result = result;
      this.onAccepted = onAccepted;
      this.index = index;
    }

    boolean scanned() {
      return scanDone;
    }
  }
}
