package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.ProvisioningRunFailedException;
import dev.idcprov.provisioning.SubmissionFailedException;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitHandle;
import dev.idcprov.waiter.WaitResult;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.AwsErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code provision}: plan (unless given a plan), submit while waiting, seal, report. Holds the run's
 * state; each step, and each way it can fail, is a method. One run per instance: {@link #start()} once.
 *
 * <p>One deadline ({@link dev.idcprov.waiter.WaitOptions#timeout()}, counted from {@link #start()}) bounds planning,
 * submission and waiting. Whatever ends the run, {@link #outcome()} completes only once no provisioning call is in
 * flight any more (calls already sent are never cancelled), with every request AWS accepted.
 *
 * <p>An {@link PlannedTarget.Reason#ALL_OUTDATED} target (one {@code ALL_PROVISIONED_ACCOUNTS} request for a set
 * whose every provisioned account is outdated) is waited for like any request. If it ends FAILED, the accounts it
 * covered that are still outdated are read ({@code ListAccountsForProvisionedPermissionSet} filtered by
 * {@code LATEST_PERMISSION_SET_NOT_PROVISIONED}, sent no earlier than {@code listStaleness} after the request was
 * accepted, so its answer shows a state no older than the request: a stale answer can then only list an account
 * the request did update, which costs one needless request, never hide one it failed on) and provisioned one by one
 * as {@link PlannedTarget.Reason#FOLLOW_UP} targets, in the same wait, so that each failure comes back with its
 * account and AWS's reason. When the plan did not list the accounts the request stood for (none was up to date),
 * every account the read lists is followed up. The accounts updated by the FAILED request are those a read of the
 * up-to-date accounts ({@code LATEST_PERMISSION_SET_PROVISIONED}, sent with it) lists, among the covered ones when
 * the plan listed them: the report's per-account view ({@link ProvisioningReport#accountResults()}) names them; a
 * covered account in neither list (its assignment deleted meanwhile, say) gets no entry there. The wait is sealed
 * only once every such request has resolved and its follow-ups are submitted; on every end path the follow-ups
 * accepted are in the outcome's accepted requests and those not submitted in its not-submitted targets: each
 * covered account when the read had not answered yet, or, when the plan did not list them, the set's
 * {@link PlannedTarget.Reason#ALL_OUTDATED} target (standing for its follow-ups: the request itself was sent).
 */
public final class ProvisioningRun {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisioningRun.class);
  /** How long a stopping run lets look-ups of lost answers already started go on. */
  static final Duration LOOKUP_GRACE = Duration.ofSeconds(3);

  private final ProvisioningRequest request;
  private final ProvisioningPlan given;
  private final ApiCaller api;
  private final ApiCaller provisionApi;
  private final RequestBudget budget;
  private final ProvisioningWaiter waiter;
  private final ScheduledExecutorService scheduler;
  private final Consumer<SubmittedRequest> listener;
  /** RequestIds AWS accepted, in the order it accepted them. */
  private final List<String> accepted = new CopyOnWriteArrayList<>();
  /** Requests accepted or adopted, per target, in the order they were. */
  private final List<SubmittedRequest> acceptedRequests = new CopyOnWriteArrayList<>();
  /** RequestIds handed to the wait (an adopted ALL_PROVISIONED_ACCOUNTS request may serve several targets). */
  private final Set<String> tracked = ConcurrentHashMap.newKeySet();
  /** Terminal outcomes seen so far, by RequestId (from the wait's progress). */
  private final Map<String, RequestOutcome> seen = new ConcurrentHashMap<>();
  private final CompletableFuture<ProvisioningOutcome> outcome = new CompletableFuture<>();
  /** RequestIds accepted after the wait had already ended (its deadline passed during submission). */
  private final List<String> late = new CopyOnWriteArrayList<>();
  /** What a cancelled run cancels: the plan, the wait and the submission, as they start. */
  private final List<CompletableFuture<?>> stages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<ProvisioningReport> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  // set once by submitWhileWaiting, before it registers the callbacks that read them
  private volatile ProvisioningPlan plan;
  private volatile WaitHandle wait;
  private volatile CompletableFuture<List<SubmittedRequest>> submission;
  private volatile Submitter submitter;
  private volatile boolean scanFailed;
  /** What the run's deadline said of the phase it passed in, once it passed. */
  private volatile String deadlineDetail;
  /** The requests IN_PROGRESS before planning, and what each provisions. */
  private final InProgressRequests index;
  private final Clock clock;
  private final Instant deadline;

  /** An accepted ALL_OUTDATED request: its set, the accounts it stands for, when it was accepted (our clock). */
  private record Collapsed(String permissionSetArn, List<String> covered, Instant acceptedAt) {
  }

  /** Guards the follow-up state below. */
  private final Object followLock = new Object();
  /** ALL_OUTDATED requests accepted, by RequestId. */
  private final Map<String, Collapsed> collapsed = new ConcurrentHashMap<>();
  /** The follow-up submissions started, in order. */
  private final List<Submitter> followUps = new ArrayList<>();
  /** Their results (accepted requests), in the order started. */
  private final List<CompletableFuture<List<SubmittedRequest>>> followUpResults = new ArrayList<>();
  /** Per FAILED ALL_OUTDATED request whose follow-ups are not submitted yet, the targets that would be. */
  private final Map<String, List<PlannedTarget>> preparing = new LinkedHashMap<>();
  /** ALL_OUTDATED requests not resolved yet, or FAILED with follow-ups still being prepared or submitted. */
  private int openCollapsed;
  private boolean mainSubmitted;
  private boolean ending;
  private Throwable followUpFailure;
  private final CompletableFuture<Void> followUpsDone = new CompletableFuture<>();
  /** Per FAILED ALL_OUTDATED request, the accounts a read after it showed updated (guarded by followLock). */
  private final Map<String, List<String>> updatedAfterFailure = new LinkedHashMap<>();

  /**
   * @param request   what to provision, checked by the provisioner
   * @param given     the plan to submit, or null to plan first
   * @param api          the call boundary; stopped when the run ends and nothing is in flight
   * @param provisionApi the call boundary for {@code ProvisionPermissionSet}, made without retries or budget
   * @param budget       the rate budget of the provisioning calls
   * @param waiter       the waiter that opens the wait
   * @param scheduler    runs the first step and the deadline
   * @param clock        the context's clock
   * @param deadline     the run's deadline on {@code clock} (its start plus the timeout): bounds the submitter's
   *                     retries
   * @param listener     told of each request as soon as AWS accepts it or it is adopted (an exception it throws is
   *                     logged and ignored)
   */
  public ProvisioningRun(ProvisioningRequest request, ProvisioningPlan given, ApiCaller api, ApiCaller provisionApi,
                         RequestBudget budget, ProvisioningWaiter waiter, ScheduledExecutorService scheduler,
                         Clock clock, Instant deadline, Consumer<SubmittedRequest> listener) {
    this.clock = clock;
    this.deadline = deadline;
    this.request = request;
    this.given = given;
    this.api = api;
    this.provisionApi = provisionApi;
    this.budget = budget;
    this.index = new InProgressRequests(api, request.instanceArn());
    this.waiter = waiter;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /**
   * Starts the run on the scheduler.
   *
   * @return the report, or a future failed with the provisioner's exceptions; cancelling it stops the run
   *         (requests already accepted go on in AWS)
   * @throws IllegalStateException if the run was already started
   */
  public CompletableFuture<ProvisioningReport> start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("this run was already started: make a new ProvisioningRun for each run");
    }
    try {
      scheduler.execute(() -> {
        try {
          // armed by the first step, before anything of the run can move a (virtual) clock on, at the instant
          // every retry of the run is bounded by
          scheduleDeadline();
          plan();
        } catch (RuntimeException | Error e) {
          // never lost in a scheduler thread: the run ends with it
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("the run could not start: the threads of its "
          + "ProvisioningContext are shut down (the context was closed)", e));
    }
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        stages.forEach(s -> s.cancel(true));
      }
      Submitter sub = submitter;
      if (sub == null) {
        ended(r, e, null);
      } else {
        // provisioning calls already sent finish; look-ups of lost answers already started get LOOKUP_GRACE
        List<Submitter> all = new ArrayList<>();
        all.add(sub);
        synchronized (followLock) {
          ending = true;
          all.addAll(followUps);
        }
        all.forEach(Submitter::stop);
        Runnable cut = api::stop;
        java.util.concurrent.Future<?> grace;
        try {
          grace = scheduler.schedule(cut, LOOKUP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException rejected) {
          cut.run();
          grace = CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.Future<?> g = grace;
        CompletableFuture.allOf(all.stream().map(Submitter::settled).toArray(CompletableFuture[]::new))
            .whenComplete((v, se) -> {
              g.cancel(false);
              ended(r, e, merged(all));
            });
      }
    });
    return result;
  }

  /**
   * What every submission of the run settled with: the main one and the follow-ups, plus, as not submitted, the
   * follow-up targets still being prepared when the run ended.
   */
  private Submitter.Settled merged(List<Submitter> all) {
    List<SubmittedRequest> acc = new ArrayList<>();
    List<PlannedTarget> notSubmitted = new ArrayList<>();
    List<PlannedTarget> unresolved = new ArrayList<>();
    for (Submitter sub : all) {
      Submitter.Settled st = sub.settled().getNow(null);
      if (st != null) {
        acc.addAll(st.accepted());
        notSubmitted.addAll(st.notSubmitted());
        unresolved.addAll(st.unresolved());
      }
    }
    synchronized (followLock) {
      preparing.values().forEach(notSubmitted::addAll);
    }
    return new Submitter.Settled(List.copyOf(acc), List.copyOf(notSubmitted), List.copyOf(unresolved));
  }

  /** Runs a step from a callback: an exception it throws ends the run with it instead of vanishing. */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      LOG.error("unexpected failure in a step of the provisioning run", e);
      result.completeExceptionally(e);
    }
  }

  /** @return the outcome: completed on every end path once nothing is in flight, never exceptionally */
  public CompletableFuture<ProvisioningOutcome> outcome() {
    return outcome;
  }

  /** Stops the run: nothing new is sent, calls in flight finish, the wait stops. */
  public void stop() {
    result.cancel(true);
  }

  /** @return the requests accepted or adopted so far */
  public List<SubmittedRequest> acceptedSoFar() {
    return List.copyOf(acceptedRequests);
  }

  /** The one deadline of the run: planning, submission and waiting end by it. */
  private void scheduleDeadline() {
    Duration timeout = request.waitOptions().timeout();
    long left = Math.max(0L, Duration.between(clock.instant(), deadline).toNanos());
    try {
      var task = scheduler.schedule(() -> deadlinePassed(timeout), left, TimeUnit.NANOSECONDS);
      result.whenComplete((r, e) -> task.cancel(false));
    } catch (RejectedExecutionException e) {
      // the scheduler is shut down: start() fails the run already
      LOG.debug("deadline not scheduled: the scheduler is shut down");
    }
  }

  private void deadlinePassed(Duration timeout) {
    if (result.isDone()) {
      return;
    }
    List<String> pending = new ArrayList<>();
    List<RequestOutcome> resolved = new ArrayList<>();
    for (String id : tracked) {
      RequestOutcome o = seen.get(id);
      if (o == null) {
        pending.add(id);
      } else {
        resolved.add(o);
      }
    }
    boolean collapsedOpen;
    synchronized (followLock) {
      collapsedOpen = mainSubmitted && openCollapsed > 0;
    }
    String phase = plan == null ? "while planning"
        : collapsedOpen ? "while waiting for an ALL_PROVISIONED_ACCOUNTS request or submitting its per-account "
            + "follow-ups"
        : submission != null && !submission.isDone() ? "while submitting" : "while waiting";
    deadlineDetail = "the run's deadline passed " + phase
        + "; the timeout bounds planning, submission and waiting together";
    ProvisioningTimeoutException t = new ProvisioningTimeoutException(timeout, pending,
        new WaitResult(resolved, 0, api.calls(), timeout), deadlineDetail);
    if (result.completeExceptionally(t)) {
      stages.forEach(s -> s.cancel(true));
    }
  }

  /** Every end path: the outcome, with every accepted request and what is known of it. */
  private void ended(ProvisioningReport report, Throwable e, Submitter.Settled settled) {
    try {
      api.stop();
      provisionApi.stop();
      Throwable error = e == null ? null : AwsErrors.unwrap(e);
      if (error instanceof CancellationException c) {
        error = new ProvisioningInterruptedException(pendingIds(), c);
      }
      collectOutcomes(report, error);
      List<SubmittedRequest> all = settled != null ? settled.accepted() : acceptedSoFar();
      if (error instanceof ProvisioningTimeoutException t) {
        error = namingUnfinished(t, all);
      }
      List<ProvisioningOutcome.AcceptedRequest> known = new ArrayList<>();
      for (SubmittedRequest r : all) {
        known.add(ProvisioningOutcome.AcceptedRequest.of(r, seen.get(r.requestId())));
      }
      List<PlannedTarget> notSubmitted = settled != null ? settled.notSubmitted()
          : plan != null ? plan.targets() : List.of();
      List<PlannedTarget> unresolved = settled != null ? settled.unresolved() : List.of();
      outcome.complete(new ProvisioningOutcome(plan, known, notSubmitted, unresolved,
          error == null ? report : null, error));
    } catch (RuntimeException | Error ex) {
      LOG.error("could not build the outcome of the run", ex);
      outcome.complete(new ProvisioningOutcome(plan, List.of(), List.of(), List.of(), null, ex));
    }
  }

  /**
   * The deadline's exception, built when the deadline passed, naming also the accepted requests it could not name
   * then: a call in flight at the deadline whose answer (a RequestId) came afterwards. Every request accepted and
   * not known to have ended is named.
   */
  private ProvisioningTimeoutException namingUnfinished(ProvisioningTimeoutException t, List<SubmittedRequest> all) {
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(t.pendingRequestIds());
    for (SubmittedRequest r : all) {
      if (!seen.containsKey(r.requestId())) {
        ids.add(r.requestId());
      }
    }
    int added = ids.size() - t.pendingRequestIds().size();
    if (added == 0) {
      return t;
    }
    String phase = deadlineDetail;
    ProvisioningTimeoutException out = new ProvisioningTimeoutException(t.timeout(), List.copyOf(ids),
        t.partialResult(), (phase == null ? "" : phase + "; ") + added + " of them accepted by AWS once the deadline"
        + " had passed (their calls were in flight then)");
    out.addSuppressed(t);
    return out;
  }

  private List<String> pendingIds() {
    List<String> out = new ArrayList<>();
    for (String id : tracked) {
      if (!seen.containsKey(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private void collectOutcomes(ProvisioningReport report, Throwable error) {
    WaitResult r = report != null ? report.waitResult().orElse(null)
        : error instanceof ProvisioningFailedException f ? f.result()
        : error instanceof ProvisioningTimeoutException t ? t.partialResult()
        : error instanceof SubmissionFailedException s ? s.acceptedOutcomes().orElse(null) : null;
    if (r != null) {
      r.outcomes().forEach(o -> seen.put(o.requestId(), o));
    }
  }

  /** @return the RequestIds AWS accepted so far (for the exception of an interrupted sync call) */
  public List<String> acceptedRequestIds() {
    return List.copyOf(accepted);
  }

  /**
   * Step 1: looks for the requests already IN_PROGRESS (before planning, so that one finishing meanwhile is still
   * adopted rather than provisioned a second time), then plans, unless given a plan; an empty plan is the report.
   */
  private void plan() {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<Void> scan = index.scan().handle((v, e) -> {
      if (e != null) {
        LOG.warn("could not list the IN_PROGRESS provisioning requests to adopt ({}); every planned target will be "
            + "submitted", AwsErrors.unwrap(e).getMessage());
        scanFailed = true;
      }
      return null;
    });
    stages.add(scan);
    CompletableFuture<ProvisioningPlan> planned = scan.thenCompose(v -> given != null
        ? CompletableFuture.completedFuture(given) : new Planner(api.client(), api, scheduler).plan(request));
    stages.add(planned);
    planned.whenComplete((p, e) -> guarded(() -> {
      if (e != null) {
        result.completeExceptionally(AwsErrors.unwrap(e));
        return;
      }
      LOG.debug("plan: {}", p.summary());
      if (p.isEmpty()) {
        plan = p;
        result.complete(new ProvisioningReport(p, List.of(), null));
      } else if (!result.isDone()) {
        submitWhileWaiting(p);
      }
    }));
  }

  /**
   * Step 2: opens the wait first, adds each request as soon as AWS accepts it and seals when submission ends, so
   * requests that finish during a long submission are seen (and reported) while it goes on.
   */
  private void submitWhileWaiting(ProvisioningPlan p) {
    plan = p;
    ProgressListener user = request.listener();
    wait = waiter.open(request.instanceArn(), request.waitOptions(), progress -> {
      progress.newlyResolved().forEach(o -> {
        seen.put(o.requestId(), o);
        if (collapsed.containsKey(o.requestId())) {
          guarded(() -> collapsedResolved(o));
        }
      });
      user.onProgress(progress);
    });
    stages.add(wait.result());
    submitter = newSubmitter();
    CompletableFuture<List<SubmittedRequest>> main = submitter.submit(plan, this::accepted);
    stages.add(main);
    // submission ends once the plan is submitted and every ALL_OUTDATED request has resolved with its follow-ups
    // submitted: the wait is sealed only then, so a follow-up is never accepted after the seal
    submission = main.thenCompose(subs -> {
      synchronized (followLock) {
        mainSubmitted = true;
        followUpsMaybeDone();
      }
      return followUpsDone.thenApply(v -> withFollowUps(subs));
    });
    stages.add(submission);
    wait.result().whenComplete((r, e) -> guarded(() -> waitEnded(e)));
    submission.whenComplete((subs, e) -> guarded(() -> submissionEnded(subs, e)));
  }

  private Submitter newSubmitter() {
    Submitter sub = Submitter.of(request, api, provisionApi, scheduler, budget, clock, () -> deadline);
    if (!scanFailed) {
      sub.scannedBefore(index);
    }
    return sub;
  }

  /** The main submission's accepted requests followed by the follow-ups'. */
  private List<SubmittedRequest> withFollowUps(List<SubmittedRequest> main) {
    List<SubmittedRequest> all = new ArrayList<>(main);
    List<CompletableFuture<List<SubmittedRequest>>> results;
    synchronized (followLock) {
      results = List.copyOf(followUpResults);
    }
    results.forEach(f -> all.addAll(f.join()));
    return all;
  }

  /** Called under followLock: completes followUpsDone once nothing is left to follow up. */
  private void followUpsMaybeDone() {
    if (mainSubmitted && openCollapsed == 0) {
      if (followUpFailure != null) {
        followUpsDone.completeExceptionally(followUpFailure);
      } else {
        followUpsDone.complete(null);
      }
    }
  }

  /** An ALL_OUTDATED request (or its follow-ups) is done with. */
  private void collapsedDone() {
    synchronized (followLock) {
      openCollapsed--;
      followUpsMaybeDone();
    }
  }

  /** An ALL_OUTDATED request resolved: nothing more when it SUCCEEDED; follow-ups when it FAILED. */
  private void collapsedResolved(RequestOutcome o) {
    Collapsed c = collapsed.get(o.requestId());
    if (o.status() != RequestOutcome.Status.FAILED) {
      collapsedDone();
      return;
    }
    LOG.info("the ALL_PROVISIONED_ACCOUNTS request {} of {} FAILED ({}); provisioning the accounts still outdated "
        + "one by one", o.requestId(), c.permissionSetArn(), o.failureReason());
    // named as not submitted if the run ends before the read answers: the covered accounts, or, unlisted, the set's
    // ALL_OUTDATED target, which then stands for its follow-ups (see ProvisioningOutcome.notSubmitted())
    List<PlannedTarget> candidates = c.covered().isEmpty()
        ? List.of(new PlannedTarget(c.permissionSetArn(), null, PlannedTarget.Reason.ALL_OUTDATED))
        : followUpTargets(c, c.covered());
    synchronized (followLock) {
      preparing.put(o.requestId(), candidates);
      if (ending) {
        return;
      }
    }
    // sent once listStaleness has passed since the request was accepted: its answer shows no older state
    Instant readAt = c.acceptedAt().plus(request.waitOptions().listStaleness());
    long delay = Math.max(0L, Duration.between(clock.instant(), readAt).toNanos());
    try {
      var task = scheduler.schedule(() -> guarded(() -> readStillOutdated(o.requestId(), c)), delay,
          TimeUnit.NANOSECONDS);
      CompletableFuture<Void> cancelling = new CompletableFuture<>();
      cancelling.whenComplete((v, e) -> task.cancel(false));
      stages.add(cancelling);
    } catch (RejectedExecutionException e) {
      LOG.debug("follow-up read not scheduled: the scheduler is shut down");
    }
  }

  /**
   * The follow-ups among {@code accounts}: the covered ones in the plan's order, or every one (in the order read)
   * when the plan did not list the covered accounts (an empty candidate list before the read).
   */
  private static List<PlannedTarget> followUpTargets(Collapsed c, java.util.Collection<String> accounts) {
    List<PlannedTarget> out = new ArrayList<>();
    for (String a : c.covered().isEmpty() ? accounts : c.covered()) {
      if (accounts.contains(a)) {
        out.add(new PlannedTarget(c.permissionSetArn(), a, PlannedTarget.Reason.FOLLOW_UP));
      }
    }
    return out;
  }

  /** Reads the covered accounts still outdated and submits them one by one. */
  private void readStillOutdated(String requestId, Collapsed c) {
    synchronized (followLock) {
      if (ending) {
        return;
      }
    }
    Planner reader = new Planner(api.client(), api, scheduler);
    CompletableFuture<Set<String>> read = reader.listAccounts(request.instanceArn(), c.permissionSetArn(),
        ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED);
    stages.add(read);
    // which covered accounts the request updated is read beside (for the per-account view only), positively: an
    // account missing from the outdated list may have lost its assignment meanwhile, not be up to date
    CompletableFuture<Set<String>> latest = reader.listAccounts(request.instanceArn(), c.permissionSetArn(),
        ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED).thenApply(upToDate -> {
          if (c.covered().isEmpty()) {
            return upToDate;
          }
          Set<String> updated = new java.util.LinkedHashSet<>(c.covered());
          updated.retainAll(upToDate);
          return updated;
        });
    stages.add(latest);
    CompletableFuture<Void> viewRead = latest.handle((updated, e) -> {
      if (e != null) {
        if (!(AwsErrors.unwrap(e) instanceof CancellationException)) {
          LOG.warn("could not read the accounts the FAILED ALL_PROVISIONED_ACCOUNTS request {} updated ({}); the "
              + "report's per-account view will not name them", requestId, AwsErrors.unwrap(e).getMessage());
        }
      } else {
        synchronized (followLock) {
          updatedAfterFailure.put(requestId, List.copyOf(updated));
        }
      }
      return null;
    });
    read.whenComplete((outdated, e) -> guarded(() -> {
      if (e != null) {
        Throwable cause = AwsErrors.unwrap(e);
        if (!(cause instanceof CancellationException)) {
          synchronized (followLock) {
            if (followUpFailure == null) {
              followUpFailure = cause;
            }
          }
          collapsedDone();
        }
        return;
      }
      List<PlannedTarget> targets = followUpTargets(c, outdated);
      LOG.info("{} account(s) of {} still outdated after its ALL_PROVISIONED_ACCOUNTS request {} FAILED ({})",
          targets.size(), c.permissionSetArn(), requestId, c.covered().isEmpty() ? "it stood for every account"
              : "of the " + c.covered().size() + " it stood for");
      Submitter sub;
      CompletableFuture<List<SubmittedRequest>> f;
      synchronized (followLock) {
        preparing.put(requestId, targets);
        if (ending) {
          return;
        }
        if (targets.isEmpty()) {
          preparing.remove(requestId);
          viewRead.whenComplete((v, ve) -> collapsedDone());
          return;
        }
        preparing.remove(requestId);
        sub = newSubmitter().neverAdopting(List.of(requestId));
        followUps.add(sub);
        f = sub.submit(new ProvisioningPlan(request.instanceArn(), targets, Map.of()), this::accepted);
        followUpResults.add(f);
      }
      f.whenComplete((subs, fe) -> {
        if (fe != null && !(AwsErrors.unwrap(fe) instanceof CancellationException)) {
          synchronized (followLock) {
            if (followUpFailure == null) {
              followUpFailure = AwsErrors.unwrap(fe);
            }
          }
        }
        viewRead.whenComplete((v, ve) -> collapsedDone());
      });
    }));
  }

  private void accepted(SubmittedRequest r) {
    if (r.target().reason() == PlannedTarget.Reason.ALL_OUTDATED && !collapsed.containsKey(r.requestId())) {
      // registered before the wait tracks it, so its outcome always finds it
      synchronized (followLock) {
        openCollapsed++;
      }
      collapsed.put(r.requestId(), new Collapsed(r.target().permissionSetArn(),
          plan.coveredBy(r.target().permissionSetArn()), clock.instant()));
    }
    acceptedRequests.add(r);
    if (tracked.add(r.requestId())) {
      accepted.add(r.requestId());
      try {
        if (!wait.add(r.toTracked())) {
          late.add(r.requestId());
        }
      } catch (IllegalStateException e) {
        // sealed already (the run is ending): still named in the outcome
        late.add(r.requestId());
      }
    }
    try {
      listener.accept(r);
    } catch (RuntimeException e) {
      LOG.warn("listener of accepted requests threw; ignored", e);
    }
  }

  /**
   * A wait that failed on an API error while submitting stops the submission; the result is failed first, so the
   * submission's own cancellation does not replace the reason. At a deadline, submission runs on, so that the
   * timeout names every request AWS accepted.
   */
  private void waitEnded(Throwable e) {
    Throwable cause = e == null ? null : AwsErrors.unwrap(e);
    if (cause != null && !(cause instanceof ProvisioningTimeoutException) && !submission.isDone()) {
      result.completeExceptionally(cause);
      submission.cancel(true);
    }
  }

  /** Step 3: submission ended; seal the wait and report, or take one of the failure paths. */
  private void submissionEnded(List<SubmittedRequest> submitted, Throwable e) {
    if (e == null) {
      wait.seal();
      wait.result().whenComplete((r, we) -> guarded(() -> report(submitted, r, we)));
      return;
    }
    Throwable cause = AwsErrors.unwrap(e);
    if (cause instanceof SubmissionFailedException sfe && wait.result().isCompletedExceptionally()) {
      wait.result().whenComplete((r, we) -> guarded(() -> submissionFailedAfterWait(sfe, we)));
    } else if (cause instanceof SubmissionFailedException sfe && !wait.result().isDone()) {
      LOG.debug("submission failed; waiting for the {} accepted request(s) before reporting it",
          sfe.accepted().size());
      wait.seal();
      wait.result().whenComplete((r, we) -> guarded(() -> result.completeExceptionally(withOutcomes(sfe, r, we))));
    } else {
      wait.result().cancel(true);
      result.completeExceptionally(cause);
    }
  }

  /** Step 4: every request ended; the report, or the wait's failure (naming requests accepted late). */
  private void report(List<SubmittedRequest> submitted, WaitResult r, Throwable waitError) {
    if (waitError == null) {
      result.complete(reportOf(submitted, r));
      return;
    }
    Throwable w = withLate(AwsErrors.unwrap(waitError));
    if (w instanceof ProvisioningFailedException f && onlyFollowedUpFailed(f.result())) {
      // every account targeted is provisioned: by the FAILED ALL_PROVISIONED_ACCOUNTS request itself, or by its
      // follow-ups, all of which SUCCEEDED; the run succeeds, the FAILED request stays in the report
      for (RequestOutcome o : f.failures()) {
        Collapsed c = collapsed.get(o.requestId());
        LOG.warn("the ALL_PROVISIONED_ACCOUNTS request {} of {} FAILED ({}); each account it covered ({}) is "
            + "provisioned now, by it or by a per-account follow-up that SUCCEEDED", o.requestId(),
            c.permissionSetArn(), o.failureReason(), c.covered().isEmpty() ? "every account of the set"
                : c.covered().size());
      }
      result.complete(reportOf(submitted, f.result()));
    } else if (w instanceof ProvisioningFailedException f) {
      // the same failure, carrying the report (its per-account view) as well
      ProvisioningRunFailedException withReport = new ProvisioningRunFailedException(reportOf(submitted, f.result()));
      withReport.setStackTrace(f.getStackTrace());
      for (Throwable s : f.getSuppressed()) {
        withReport.addSuppressed(s);
      }
      result.completeExceptionally(withReport);
    } else {
      result.completeExceptionally(w);
    }
  }

  private ProvisioningReport reportOf(List<SubmittedRequest> submitted, WaitResult r) {
    Map<String, List<String>> updated;
    synchronized (followLock) {
      updated = new LinkedHashMap<>(updatedAfterFailure);
    }
    return new ProvisioningReport(plan, submitted, r, updated);
  }

  /**
   * @return true when the only FAILED requests are ALL_OUTDATED requests of this run, all followed up (the wait is
   *         sealed only once each FAILED one's follow-ups were submitted, and those are in the same wait)
   */
  private boolean onlyFollowedUpFailed(WaitResult r) {
    return !r.failed().isEmpty()
        && r.failed().stream().allMatch(o -> collapsed.containsKey(o.requestId()));
  }

  /**
   * Submission failed after the wait had failed: a timeout wins (it names the pending requests) with the
   * submission's failure suppressed; otherwise the submission's failure.
   */
  private void submissionFailedAfterWait(SubmissionFailedException sfe, Throwable waitError) {
    Throwable w = withLate(AwsErrors.unwrap(waitError));
    if (w instanceof ProvisioningTimeoutException) {
      w.addSuppressed(sfe);
      result.completeExceptionally(w);
    } else {
      result.completeExceptionally(sfe);
    }
  }

  /** A timeout that ended the wait during submission, naming also the requests accepted after it. */
  private Throwable withLate(Throwable waitError) {
    if (!(waitError instanceof ProvisioningTimeoutException t) || late.isEmpty()) {
      return waitError;
    }
    List<String> pending = new ArrayList<>(t.pendingRequestIds());
    pending.addAll(late);
    return new ProvisioningTimeoutException(t.timeout(), pending, t.partialResult(), late.size() + " of them accepted"
        + " by AWS after the deadline had passed while submitting (the timeout counts from the last accepted"
        + " request until submission ends)");
  }

  /** The submission's failure, carrying the outcomes of the requests it had got accepted. */
  private static Throwable withOutcomes(SubmissionFailedException sfe, WaitResult r, Throwable waitError) {
    Throwable we = waitError == null ? null : AwsErrors.unwrap(waitError);
    WaitResult outcomes = r != null ? r
        : we instanceof ProvisioningFailedException f ? f.result()
        : we instanceof ProvisioningTimeoutException t ? t.partialResult() : null;
    if (outcomes == null) {
      if (we != null) {
        sfe.addSuppressed(we);
      }
      return sfe;
    }
    SubmissionFailedException out = new SubmissionFailedException(sfe, outcomes);
    if (we instanceof ProvisioningTimeoutException) {
      out.addSuppressed(we);
    }
    return out;
  }
}
