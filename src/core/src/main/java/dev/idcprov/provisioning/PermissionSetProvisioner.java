package dev.idcprov.provisioning;

import dev.idcprov.provisioning.internal.Planner;
import dev.idcprov.provisioning.internal.ProvisioningRun;
import dev.idcprov.provisioning.internal.Submitter;
import dev.idcprov.waiter.CallerBuilder;
import dev.idcprov.waiter.InstanceArn;
import dev.idcprov.waiter.PermissionSetArn;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.WaitHandle;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.AwsErrors;
import dev.idcprov.waiter.internal.Futures;
import dev.idcprov.waiter.internal.RetrySpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Decides which accounts need a permission set provisioned, provisions them and waits for the result.
 *
 * <ul>
 *   <li>{@link #plan(ProvisioningRequest)} makes read-only calls only
 *       ({@code ListAccountsForProvisionedPermissionSet} with {@code LATEST_PERMISSION_SET_NOT_PROVISIONED}
 *       and without the filter): by default only outdated accounts, and given accounts that never had the
 *       set, are planned; {@code force} plans every target.</li>
 *   <li>{@link #submit(ProvisioningRequest, ProvisioningPlan)} calls {@code ProvisionPermissionSet} once per
 *       planned target inside the {@link RequestBudget}, retrying ConflictException with bounded backoff.
 *       An empty plan makes no call.</li>
 *   <li>{@link #provision(ProvisioningRequest)} plans, submits and hands the RequestIds to the
 *       {@link ProvisioningWaiter}.</li>
 * </ul>
 *
 * <p>The provisioner does not own the client it is given.
 *
 * <pre>{@code
 * PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder().client(ssoAdminClient).build();
 * ProvisioningReport report = provisioner.provision(request);   // throws ProvisioningFailedException on FAILED
 * }</pre>
 */
public final class PermissionSetProvisioner {
  private final CallerBuilder.CallerSettings settings;
  private final SsoAdminClient client;
  private final ProvisioningContext context;
  private final Executor scheduler;
  private final ProvisioningWaiter waiter;

  private PermissionSetProvisioner(CallerBuilder.CallerSettings settings, ProvisioningWaiter waiter) {
    this.settings = settings;
    this.client = settings.client();
    this.context = settings.context();
    this.scheduler = context.timer();
    this.waiter = waiter;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides what to provision, with read-only calls ({@code ListAccountsForProvisionedPermissionSet}, every
   * page, per permission set: filtered by {@code LATEST_PERMISSION_SET_NOT_PROVISIONED}, and unfiltered).
   * <ul>
   *   <li>Given accounts: outdated ones are {@link PlannedTarget.Reason#OUTDATED}, those that never had the set
   *       {@link PlannedTarget.Reason#NOT_PROVISIONED}; the rest are up to date, or
   *       {@link PlannedTarget.Reason#FORCED} with {@code force}.</li>
   *   <li>All provisioned accounts: each outdated account; with {@code force}, one
   *       {@code ALL_PROVISIONED_ACCOUNTS} request per set instead (and no read call).</li>
   *   <li>Either way, when the outdated targets of a set are exactly every account it is provisioned to (an update
   *       after a policy change), they are one {@link PlannedTarget.Reason#ALL_OUTDATED} target: one
   *       {@code ALL_PROVISIONED_ACCOUNTS} request ({@link ProvisioningPlan#coveredBy(String)} lists its accounts
   *       with given accounts, and an unfiltered read of every account the set is provisioned to confirms they are
   *       exactly the outdated targets; with all provisioned accounts it is decided from no account being up to
   *       date and the accounts are not listed), by the rule of
   *       {@link ProvisioningPlan#collapses(boolean, boolean, boolean, boolean)}, unless
   *       {@link ProvisioningRequest#collapseToAllProvisionedAccounts()} is off or {@code force} is set.
   *       A run ({@link #provision}, {@link #start}) follows a FAILED one with one request per account still
   *       outdated; when every follow-up SUCCEEDED the run succeeds, the FAILED request in
   *       {@link ProvisioningReport#followedUpFailures()}; when one FAILED, the run fails naming it
   *       ({@link ProvisioningRunFailedException}, carrying the report). Per account:
   *       {@link ProvisioningReport#accountResults()}.</li>
   * </ul>
   * List answers may be up to {@link dev.idcprov.waiter.WaitOptions#listStaleness()} stale, so one read right after
   * another tool's provisioning can still show its accounts outdated. Without {@code force}, a set whose first
   * filtered read finds outdated targets is read again (filtered) once {@code listStaleness} has passed since that
   * read began, and only the accounts that confirmation still lists are {@link PlannedTarget.Reason#OUTDATED}: it
   * costs the reads made after that wait (for all provisioned accounts they replace the listing of the outdated
   * accounts: one page first, then the rest) and up to {@code listStaleness} of waiting, and saves a needless
   * {@code ProvisionPermissionSet} per account already brought up to date. Accounts that never had the set need no
   * confirmation.
   *
   * @param request what to provision
   * @return the plan; empty when nothing is outdated
   * @throws NullPointerException                if {@code request} is null
   * @throws IllegalArgumentException            if a permission set belongs to another instance
   * @throws dev.idcprov.waiter.AwsApiException if a read call failed for good
   * @throws ProvisioningInterruptedException    if interrupted (the flag is set again)
   */
  public ProvisioningPlan plan(ProvisioningRequest request) {
    return Futures.await(planAsync(request), List::of);
  }

  /**
   * The non-blocking twin of {@link #plan(ProvisioningRequest)}: the same read-only calls, no thread blocked while
   * they run. The future completes with the plan, or exceptionally with an {@link dev.idcprov.waiter.AwsApiException}
   * (or a {@link ProvisioningInterruptedException} if the context is closed first).
   *
   * @param request what to provision
   * @return the future plan
   * @throws NullPointerException     if {@code request} is null
   * @throws IllegalArgumentException if a permission set belongs to another instance
   */
  public CompletableFuture<ProvisioningPlan> planAsync(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    validate(request);
    ApiCaller api = caller(request);
    CompletableFuture<ProvisioningPlan> f = onTimer(() -> new Planner(client, api, context.timer()).plan(request),
        List::of);
    f.whenComplete((r, e) -> api.stop());
    return f;
  }


  /**
   * Calls {@code ProvisionPermissionSet} for each planned target, a few at a time inside the
   * {@link RequestBudget}; makes no call for an empty plan. A ConflictException is retried with bounded
   * exponential backoff and jitter ({@link ProvisioningRequest#maxConflictRetries()}); throttling, 5xx and I/O
   * errors as the request's {@link ProvisioningRequest#waitOptions()} say. AWS updates one permission set role
   * per account at a time, so several sets for one account may conflict and be retried.
   *
   * @param request the request the plan was made for (conflict retry settings)
   * @param plan    the plan
   * @return the accepted requests, in plan order
   * @throws NullPointerException             if an argument is null
   * @throws IllegalArgumentException         if the plan is for another instance than the request
   * @throws SubmissionFailedException        if a call failed for good; it lists the requests already accepted,
   *                                          which go on in AWS (kind CONFLICT when conflicts outlived their
   *                                          retries)
   * @throws ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public List<SubmittedRequest> submit(ProvisioningRequest request, ProvisioningPlan plan) {
    return submit(request, plan, r -> { });
  }

  /**
   * As {@link #submit(ProvisioningRequest, ProvisioningPlan)}, telling {@code onAccepted} of each request as soon as
   * AWS accepts it (from a scheduler thread; an exception it throws is logged and ignored): hand them to a
   * {@link WaitHandle} to wait while submitting.
   *
   * <pre>{@code
   * WaitHandle wait = waiter.open(instanceArn, request.waitOptions(), listener);
   * List<SubmittedRequest> submitted = provisioner.submit(request, plan, r -> wait.add(r.toTracked()));
   * WaitResult result = wait.seal().await();
   * }</pre>
   *
   * @param request    the request the plan was made for
   * @param plan       the plan
   * @param onAccepted told of each accepted request
   * @return the accepted requests, in plan order
   * @throws NullPointerException             if an argument is null
   * @throws IllegalArgumentException         if the plan is for another instance than the request
   * @throws SubmissionFailedException        if a call failed for good (see the two-argument form)
   * @throws ProvisioningInterruptedException if interrupted (the flag is set again), once the calls already sent
   *                                          have been answered: it names every request AWS accepted
   */
  public List<SubmittedRequest> submit(ProvisioningRequest request, ProvisioningPlan plan,
                                       Consumer<SubmittedRequest> onAccepted) {
    Objects.requireNonNull(onAccepted, "onAccepted");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(plan, "plan");
    validate(request);
    requireSameInstance(request, plan);
    if (plan.isEmpty()) {
      return List.of();
    }
    // no wait bounds a submission alone: its timeout, from now, is the deadline of every retry it makes (each
    // look-up's own window would otherwise start again at each look-up, a whole timeout every time)
    Instant deadline = context.clock().instant().plus(request.waitOptions().timeout());
    ApiCaller api = caller(request, () -> deadline);
    ApiCaller provisionApi = provisionCaller(request);
    Submitter submitter = Submitter.of(request, api, provisionApi, context.timer(), budgetFor(request),
        context.clock(), () -> deadline);
    List<String> accepted = new CopyOnWriteArrayList<>();
    CompletableFuture<List<SubmittedRequest>> f = onTimer(() -> submitter.submit(plan, r -> {
      accepted.add(r.requestId());
      onAccepted.accept(r);
    }), () -> List.copyOf(accepted));
    f.whenComplete((r, e) -> {
      // calls already sent finish (their RequestIds reach onAccepted) before the call boundaries stop
      submitter.stop();
      submitter.settled().whenComplete((s, se) -> {
        api.stop();
        provisionApi.stop();
      });
    });
    try {
      return Futures.await(f, () -> List.copyOf(accepted));
    } catch (ProvisioningInterruptedException e) {
      // calls already sent are not cancelled: wait for them, so the exception names every request AWS accepted
      submitter.stop();
      boolean interrupted = Thread.interrupted();
      try {
        submitter.settled().join();
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      throw new ProvisioningInterruptedException(List.copyOf(accepted), e.getCause());
    }
  }

  /**
   * Plans, submits and waits: the sync twin of {@link #provisionAsync(ProvisioningRequest)}.
   *
   * @param request what to provision
   * @return the report, every request SUCCEEDED (but a FAILED {@code ALL_PROVISIONED_ACCOUNTS} request whose
   *         accounts were all provisioned by follow-ups: {@link ProvisioningReport#followedUpFailures()});
   *         {@link ProvisioningReport#nothingToDo()} when nothing was outdated (then no provisioning call was made)
   * @throws NullPointerException                                if {@code request} is null
   * @throws IllegalArgumentException                            if a permission set belongs to another instance
   * @throws dev.idcprov.waiter.ProvisioningFailedException      if any request FAILED, but an
   *                                                            ALL_PROVISIONED_ACCOUNTS one whose accounts were all
   *                                                            provisioned by follow-ups
   *                                                            ({@link ProvisioningReport#followedUpFailures()})
   * @throws dev.idcprov.waiter.ProvisioningTimeoutException     if the deadline passed
   * @throws ProvisioningInterruptedException                    if interrupted (the flag is set again)
   * @throws SubmissionFailedException                           if a provisioning call failed for good
   * @throws dev.idcprov.waiter.AwsApiException                  if another API call failed for good
   */
  public ProvisioningReport provision(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    validate(request);
    ProvisioningRun run = run(request, null, r -> { });
    return Futures.await(started(run), run::acceptedRequestIds);
  }

  /**
   * Starts a run (plan, submit while waiting, report) and hands back its {@link ProvisioningExecution}: the
   * journal of a run. {@code onAccepted} is told of each request the moment AWS accepts it (or the run adopts one
   * already IN_PROGRESS for a target), and the execution's {@link ProvisioningExecution#outcome()} completes on
   * every end path (success, FAILED, deadline, API error, {@link ProvisioningExecution#stop()}, an unexpected
   * exception) with every accepted request and its last known status, the targets never submitted and the reason
   * the run ended, once no provisioning call is in flight any more.
   *
   * <pre>{@code
   * ProvisioningExecution run = provisioner.start(request, r -> journal.println(r.requestId()));
   * ProvisioningOutcome outcome = run.awaitOutcome();
   * }</pre>
   *
   * @param request    what to provision
   * @param onAccepted told of each accepted request, from a scheduler thread (an exception it throws is logged and
   *                   ignored)
   * @return the running execution
   * @throws NullPointerException     if an argument is null
   * @throws IllegalArgumentException if a permission set belongs to another instance
   */
  public ProvisioningExecution start(ProvisioningRequest request, Consumer<SubmittedRequest> onAccepted) {
    return start(request, null, onAccepted);
  }

  /**
   * As {@link #start(ProvisioningRequest, Consumer)}, for a plan already made with
   * {@link #plan(ProvisioningRequest)} (null: plan first).
   *
   * @param request    what to provision
   * @param plan       the plan, or null to plan first
   * @param onAccepted told of each accepted request
   * @return the running execution
   * @throws NullPointerException     if {@code request} or {@code onAccepted} is null
   * @throws IllegalArgumentException if a permission set belongs to another instance, or the plan to another
   *                                  instance
   */
  public ProvisioningExecution start(ProvisioningRequest request, ProvisioningPlan plan,
                                     Consumer<SubmittedRequest> onAccepted) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(onAccepted, "onAccepted");
    validate(request);
    if (plan != null) {
      requireSameInstance(request, plan);
    }
    ProvisioningRun run = run(request, plan, onAccepted);
    started(run);
    return new ProvisioningExecution(run.outcome(), run::stop, run::acceptedSoFar);
  }

  /**
   * The non-blocking twin of {@link #provision(ProvisioningRequest)}: the future completes with the report, or
   * exceptionally with the same exceptions. Cancelling it stops the run (requests already accepted go on in
   * AWS).
   *
   * <pre>{@code
   * provisioner.provisionAsync(request).thenAccept(report -> log(report.plan().summary()));
   * }</pre>
   *
   * @param request what to provision
   * @return the future report
   * @throws NullPointerException     if {@code request} is null
   * @throws IllegalArgumentException if a permission set belongs to another instance
   */
  public CompletableFuture<ProvisioningReport> provisionAsync(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    validate(request);
    return started(run(request, null, r -> { }));
  }

  /**
   * Submits and waits for a plan already made with {@link #plan(ProvisioningRequest)} (for example one shown to a
   * person first), telling {@code onAccepted} of each request as soon as AWS accepts it. The wait starts before
   * the first submission, exactly as in {@link #provision(ProvisioningRequest)}; an empty plan makes no call.
   *
   * <pre>{@code
   * ProvisioningPlan plan = provisioner.plan(request);
   * System.err.println(plan.summary());
   * ProvisioningReport report = provisioner.provision(request, plan, r -> System.err.println("accepted " + r));
   * }</pre>
   *
   * @param request    the request the plan was made for
   * @param plan       the plan
   * @param onAccepted told of each accepted request (from a scheduler thread; an exception it throws is logged
   *                   and ignored)
   * @return the report, every request SUCCEEDED
   * @throws NullPointerException                                if an argument is null
   * @throws IllegalArgumentException                            if the plan is for another instance than the request
   * @throws dev.idcprov.waiter.ProvisioningFailedException      if any request FAILED, but an
   *                                                            ALL_PROVISIONED_ACCOUNTS one whose accounts were all
   *                                                            provisioned by follow-ups
   *                                                            ({@link ProvisioningReport#followedUpFailures()})
   * @throws dev.idcprov.waiter.ProvisioningTimeoutException     if the deadline passed
   * @throws ProvisioningInterruptedException                    if interrupted (the flag is set again)
   * @throws SubmissionFailedException                           if a provisioning call failed for good
   * @throws dev.idcprov.waiter.AwsApiException                  if another API call failed for good
   */
  public ProvisioningReport provision(ProvisioningRequest request, ProvisioningPlan plan,
                                      Consumer<SubmittedRequest> onAccepted) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(onAccepted, "onAccepted");
    validate(request);
    requireSameInstance(request, plan);
    ProvisioningRun run = run(request, plan, onAccepted);
    return Futures.await(started(run), run::acceptedRequestIds);
  }

  /** Starts a run, ended with a {@link ProvisioningInterruptedException} if the context closes first. */
  private CompletableFuture<ProvisioningReport> started(ProvisioningRun run) {
    return context.endOnClose(run.start(), run::acceptedRequestIds);
  }

  /**
   * Runs {@code work} on the context's timer and relays its result: ended with a
   * {@link ProvisioningInterruptedException} naming {@code pending} if the context closes first; an exception thrown
   * while starting the work fails the future instead of being lost on the timer thread.
   */
  private <T> CompletableFuture<T> onTimer(Supplier<CompletableFuture<T>> work, Supplier<List<String>> pending) {
    CompletableFuture<T> f = context.endOnClose(new CompletableFuture<>(), pending);
    try {
      scheduler.execute(() -> {
        try {
          relay(work.get(), f);
        } catch (RuntimeException | Error e) {
          f.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new ProvisioningInterruptedException(pending.get(), e));
    }
    return f;
  }

  private static <T> void relay(CompletableFuture<T> from, CompletableFuture<T> to) {
    from.whenComplete((r, e) -> {
      if (e == null) {
        to.complete(r);
      } else {
        to.completeExceptionally(AwsErrors.unwrap(e));
      }
    });
    to.whenComplete((r, e) -> {
      if (to.isCancelled()) {
        from.cancel(true);
      }
    });
  }

  private RequestBudget budgetFor(ProvisioningRequest request) {
    return settings.budgetFor(request.instanceArn());
  }

  private ApiCaller caller(ProvisioningRequest request) {
    return caller(request, null);
  }

  /** A call boundary whose time-bound retries end at {@code deadline} at the latest (null: each call's window). */
  private ApiCaller caller(ProvisioningRequest request, Supplier<Instant> deadline) {
    WaitOptions o = request.waitOptions();
    // throttling, 5xx and I/O errors are retried for as long as the wait's timeout: never end a submission early
    return new ApiCaller(client, context.timer(), context.ioExecutor(), budgetFor(request),
        RetrySpec.untilDeadline(o.retryBaseDelay(), o.retryMaxDelay(), o.timeout()), context.clock(), deadline);
  }

  /**
   * The boundary of {@code ProvisionPermissionSet}: no retries and no budget of its own, the submitter decides each
   * retry and waits for each permit of {@link #budgetFor} itself.
   */
  private ApiCaller provisionCaller(ProvisioningRequest request) {
    WaitOptions o = request.waitOptions();
    return new ApiCaller(client, context.timer(), context.ioExecutor(), RequestBudget.unlimited(),
        new RetrySpec(0, o.retryBaseDelay(), o.retryMaxDelay()));
  }

  /** A run of {@code provision}, on its own call boundary, with the given waiter or one of its own. */
  private ProvisioningRun run(ProvisioningRequest request, ProvisioningPlan plan,
                              Consumer<SubmittedRequest> onAccepted) {
    // the run's one deadline (it starts at once) ends the retries of its look-ups too
    Instant deadline = context.clock().instant().plus(request.waitOptions().timeout());
    ApiCaller api = caller(request, () -> deadline);
    ProvisioningWaiter w = waiter != null ? waiter : ProvisioningWaiter.builder().client(client).context(context)
        .requestBudget(budgetFor(request)).build();
    return new ProvisioningRun(request, plan, api, provisionCaller(request), budgetFor(request), w, context.timer(),
        context.clock(), deadline, onAccepted);
  }

  /** Checks a plan was made for the request's instance. */
  private static void requireSameInstance(ProvisioningRequest request, ProvisioningPlan plan) {
    if (!plan.instanceArn().equals(request.instanceArn())) {
      throw new IllegalArgumentException("plan is for instance " + plan.instanceArn() + " but request.instanceArn is "
          + request.instanceArn() + ": submit a plan made for the same request");
    }
  }

  /** Checks what the request's builder cannot: every permission set belongs to the request's instance. */
  private static void validate(ProvisioningRequest request) {
    InstanceArn instance = InstanceArn.parse("instanceArn", request.instanceArn());
    List<String> sets = request.permissionSetArns();
    for (int i = 0; i < sets.size(); i++) {
      PermissionSetArn set = PermissionSetArn.parse("permissionSetArns[" + i + "]", sets.get(i));
      if (!set.belongsTo(instance)) {
        throw new IllegalArgumentException("permissionSetArns[" + i + "] '" + set + "' belongs to instance "
            + set.instanceId() + " (partition " + set.partition() + "), not to instanceArn " + instance
            + ": give permission sets of that instance");
      }
    }
  }

  /** Builds a {@link PermissionSetProvisioner}. */
  public static final class Builder extends CallerBuilder<Builder> {
    private ProvisioningWaiter waiter;

    private Builder() {
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param waiter the waiter (default: one built on the same client, context and budget)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder waiter(ProvisioningWaiter waiter) {
      this.waiter = Objects.requireNonNull(waiter, "waiter");
      return this;
    }

    /**
     * @return the provisioner
     * @throws IllegalStateException if no client was set
     */
    public PermissionSetProvisioner build() {
      return new PermissionSetProvisioner(settings(), waiter);
    }
  }
}
