package dev.idcprov.provisioning;

import dev.idcprov.provisioning.internal.Planner;
import dev.idcprov.provisioning.internal.Submitter;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.CallerBuilder;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.WaitHandle;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitResult;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.AwsErrors;
import dev.idcprov.waiter.internal.Futures;
import dev.idcprov.waiter.internal.RetrySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final Logger LOG = LoggerFactory.getLogger(PermissionSetProvisioner.class);

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
   * </ul>
   *
   * @param request what to provision
   * @return the plan; empty when nothing is outdated
   * @throws NullPointerException                if {@code request} is null
   * @throws IllegalArgumentException            if a permission set belongs to another instance
   * @throws dev.idcprov.waiter.AwsApiException if a read call failed for good
   * @throws ProvisioningInterruptedException    if interrupted (the flag is set again)
   */
  public ProvisioningPlan plan(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    validate(request);
    ApiCaller api = caller(request);
    CompletableFuture<ProvisioningPlan> f = new CompletableFuture<>();
    scheduler.execute(() -> relay(new Planner(client, api).plan(request), f));
    f.whenComplete((r, e) -> api.stop());
    return Futures.await(f, List::of);
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
   * @throws ProvisioningInterruptedException if interrupted (the flag is set again)
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
    ApiCaller api = caller(request);
    CompletableFuture<List<SubmittedRequest>> f = new CompletableFuture<>();
    scheduler.execute(() -> relay(submitter(request, api).submit(plan, onAccepted), f));
    f.whenComplete((r, e) -> api.stop());
    return Futures.await(f, List::of);
  }

  /**
   * Plans, submits and waits: the sync twin of {@link #provisionAsync(ProvisioningRequest)}.
   *
   * @param request what to provision
   * @return the report, every request SUCCEEDED; {@link ProvisioningReport#nothingToDo()} when nothing was
   *         outdated (then no provisioning call was made)
   * @throws NullPointerException                                if {@code request} is null
   * @throws IllegalArgumentException                            if a permission set belongs to another instance
   * @throws dev.idcprov.waiter.ProvisioningFailedException      if any request FAILED
   * @throws dev.idcprov.waiter.ProvisioningTimeoutException     if the deadline passed
   * @throws ProvisioningInterruptedException                    if interrupted (the flag is set again)
   * @throws SubmissionFailedException                           if a provisioning call failed for good
   * @throws dev.idcprov.waiter.AwsApiException                  if another API call failed for good
   */
  public ProvisioningReport provision(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    validate(request);
    List<String> accepted = new CopyOnWriteArrayList<>();
    return Futures.await(start(request, null, r -> { }, accepted), () -> List.copyOf(accepted));
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
    return start(request, null, r -> { }, new CopyOnWriteArrayList<>());
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
   * @throws dev.idcprov.waiter.ProvisioningFailedException      if any request FAILED
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
    List<String> accepted = new CopyOnWriteArrayList<>();
    return Futures.await(start(request, plan, onAccepted, accepted), () -> List.copyOf(accepted));
  }

  /** Plans (unless {@code given} a plan), then submits and waits. */
  private CompletableFuture<ProvisioningReport> start(ProvisioningRequest request, ProvisioningPlan given,
                                                      Consumer<SubmittedRequest> onAccepted, List<String> accepted) {
    CompletableFuture<ProvisioningReport> result = new CompletableFuture<>();
    List<CompletableFuture<?>> stages = new CopyOnWriteArrayList<>();
    ApiCaller api = caller(request);
    ProvisioningWaiter w = waiter != null ? waiter : ProvisioningWaiter.builder().client(client).context(context)
        .requestBudget(budgetFor(request)).build();
    scheduler.execute(() -> {
      if (result.isDone()) {
        return;
      }
      CompletableFuture<ProvisioningPlan> planned = given != null ? CompletableFuture.completedFuture(given)
          : new Planner(client, api).plan(request);
      stages.add(planned);
      planned.whenComplete((plan, e) -> {
        if (e != null) {
          result.completeExceptionally(AwsErrors.unwrap(e));
          return;
        }
        LOG.debug("plan: {}", plan.summary());
        if (plan.isEmpty()) {
          result.complete(new ProvisioningReport(plan, List.of(), null));
        } else if (!result.isDone()) {
          submitAndWait(request, plan, api, w, onAccepted, accepted, stages, result);
        }
      });
    });
    result.whenComplete((r, e) -> {
      api.stop();
      if (result.isCancelled()) {
        stages.forEach(s -> s.cancel(true));
      }
    });
    return result;
  }

  /**
   * Opens the wait first, adds each request as soon as AWS accepts it and seals when submission ends, so requests
   * that finish during a long submission are seen (and reported) while it goes on. A wait that fails meanwhile
   * (an API error, or its deadline) stops the submission. A submission that fails for good seals the wait with
   * what was accepted, waits for those, then fails with the {@link SubmissionFailedException} carrying their
   * outcomes.
   */
  private void submitAndWait(ProvisioningRequest request, ProvisioningPlan plan, ApiCaller api, ProvisioningWaiter w,
                             Consumer<SubmittedRequest> onAccepted, List<String> accepted,
                             List<CompletableFuture<?>> stages,
                             CompletableFuture<ProvisioningReport> result) {
    WaitHandle wait = w.open(request.instanceArn(), request.waitOptions(), request.listener());
    stages.add(wait.result());
    // requests accepted after the wait had already ended (its deadline passed during submission)
    List<String> late = new CopyOnWriteArrayList<>();
    CompletableFuture<List<SubmittedRequest>> submitted = submitter(request, api).submit(plan, r -> {
      accepted.add(r.requestId());
      if (!wait.add(r.toTracked())) {
        late.add(r.requestId());
      }
      onAccepted.accept(r);
    });
    stages.add(submitted);
    wait.result().whenComplete((r, e) -> {
      Throwable cause = e == null ? null : AwsErrors.unwrap(e);
      if (cause != null && !(cause instanceof ProvisioningTimeoutException) && !submitted.isDone()) {
        // the wait failed on an API error: stop submitting; the result is failed first, so the submission's own
        // cancellation does not replace the reason. (At a deadline, submission runs on, so that the timeout
        // names every request AWS accepted.)
        result.completeExceptionally(cause);
        submitted.cancel(true);
      }
    });
    submitted.whenComplete((subs, e) -> {
      if (e == null) {
        wait.seal();
        wait.result().whenComplete((r, we) -> {
          if (we == null) {
            result.complete(new ProvisioningReport(plan, subs, r));
          } else {
            result.completeExceptionally(withLate(AwsErrors.unwrap(we), late));
          }
        });
        return;
      }
      Throwable cause = AwsErrors.unwrap(e);
      if (cause instanceof SubmissionFailedException && wait.result().isCompletedExceptionally()) {
        wait.result().whenComplete((r, we) -> {
          Throwable w2 = withLate(AwsErrors.unwrap(we), late);
          if (w2 instanceof ProvisioningTimeoutException) {
            w2.addSuppressed(cause);
            result.completeExceptionally(w2);
          } else {
            result.completeExceptionally(cause);
          }
        });
        return;
      }
      if (cause instanceof SubmissionFailedException sfe && !wait.result().isDone()) {
        LOG.debug("submission failed; waiting for the {} accepted request(s) before reporting it",
            sfe.accepted().size());
        wait.seal();
        wait.result().whenComplete((r, we) -> result.completeExceptionally(withOutcomes(sfe, r, we)));
        return;
      }
      wait.result().cancel(true);
      result.completeExceptionally(cause);
    });
  }

  /** A timeout that ended the wait during submission, naming also the requests accepted after it. */
  private static Throwable withLate(Throwable waitError, List<String> late) {
    if (!(waitError instanceof ProvisioningTimeoutException t) || late.isEmpty()) {
      return waitError;
    }
    List<String> pending = new ArrayList<>(t.pendingRequestIds());
    pending.addAll(late);
    return new ProvisioningTimeoutException(t.timeout(), pending, t.partialResult(), late.size() + " of them accepted"
        + " by AWS after the deadline had passed while submitting (the timeout counts from the last accepted"
        + " request until submission ends)");
  }

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
    WaitOptions o = request.waitOptions();
    return new ApiCaller(client, context.timer(), context.ioExecutor(), budgetFor(request),
        new RetrySpec(o.maxRetries(), o.retryBaseDelay(), o.retryMaxDelay()));
  }

  private static Submitter submitter(ProvisioningRequest request, ApiCaller api) {
    return new Submitter(api.client(), api,
        new RetrySpec(request.maxConflictRetries(), request.conflictBaseDelay(), request.conflictMaxDelay()));
  }

  /** Checks what the request's own builder cannot: every permission set belongs to the request's instance. */
  private static void requireSameInstance(ProvisioningRequest request, ProvisioningPlan plan) {
    if (!plan.instanceArn().equals(request.instanceArn())) {
      throw new IllegalArgumentException("plan is for instance " + plan.instanceArn() + " but request.instanceArn is "
          + request.instanceArn() + ": submit a plan made for the same request");
    }
  }

  private static void validate(ProvisioningRequest request) {
    String instanceId = request.instanceArn().substring(request.instanceArn().lastIndexOf('/') + 1);
    String partition = request.instanceArn().split(":")[1];
    int i = 0;
    for (String ps : request.permissionSetArns()) {
      String[] parts = ps.split("/");
      if (!parts[1].equals(instanceId) || !ps.split(":")[1].equals(partition)) {
        throw new IllegalArgumentException("permissionSetArns[" + i + "] '" + ps + "' belongs to instance "
            + parts[1] + " (partition " + ps.split(":")[1] + "), not to instanceArn " + request.instanceArn()
            + ": give permission sets of that instance");
      }
      i++;
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
