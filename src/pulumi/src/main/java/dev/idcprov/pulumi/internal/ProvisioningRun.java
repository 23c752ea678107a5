package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningExecution;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.BudgetUse;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningException;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One component's run, entirely asynchronous: waits for its inputs (and dependencies), checks them, then plans
 * (preview) or provisions and waits (update). Never throws: every failure becomes a {@link RunOutcome.Failure}.
 * Creates no Pulumi resources, so it may run on any thread.
 */
public final class ProvisioningRun {
  /** Longest silence of the component's log while requests are pending: one line at least this often. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /** Time allowed beyond the wait's deadline (planning, submitting) before the run gives up on its own. */
  public static final Duration SAFETY_MARGIN = Duration.ofMinutes(5);

  /**
   * What a run needs besides its inputs.
   *
   * @param name          the component's name, used in messages
   * @param dryRun        whether this is a preview
   * @param awsConfig     the stack's {@code aws:*} config values (read when the inputs resolve)
   * @param context       the clock, threads and rate budgets shared with the program's other components
   * @param log           the component's log
   */
  public record Settings(String name, boolean dryRun, Function<String, Optional<String>> awsConfig,
                         ProvisioningContext context, ComponentLog log) {
  }

  private final Settings settings;
  private final ComponentTime time;
  private volatile Heartbeat heartbeat = new Heartbeat(HEARTBEAT, System.nanoTime());

  private ProvisioningRun(Settings settings) {
    this.settings = settings;
    this.time = ComponentTime.of(settings.context());
  }

  /**
   * Starts a run once the inputs resolve.
   *
   * @param settings the run's settings
   * @param inputs   the inputs as they resolve; null when not known yet (a preview before they are created)
   * @return the outcome; never completes exceptionally
   */
  public static CompletableFuture<RunOutcome> start(Settings settings,
                                                    CompletableFuture<ResolvedInputs.Raw> inputs) {
    ProvisioningRun run = new ProvisioningRun(settings);
    return inputs.thenCompose(run::onInputs).exceptionally(run::failure);
  }

  private CompletableFuture<RunOutcome> onInputs(ResolvedInputs.Raw data) {
    if (data == null) {
      settings.log().info("plan unknown: some inputs or dependencies are not known until they are created or "
          + "updated; nothing is read or provisioned in this preview");
      return CompletableFuture.completedFuture(RunOutcome.planUnknown());
    }
    ResolvedInputs in;
    try {
      in = ResolvedInputs.check(data, AwsStackConfig.read(settings.awsConfig()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInput(e);
    }
    ProvisioningContext context = settings.context();
    double rate = time.perRealSecond(in.maxRequestsPerSecond() == null
        ? RequestBudget.DEFAULT_REQUESTS_PER_SECOND : in.maxRequestsPerSecond());
    BudgetUse use = context.useBudget(in.instanceArn(), rate);
    RequestBudget budget = use.budget();
    if (in.maxRequestsPerSecond() != null && budget.requestsPerSecond() != rate) {
      settings.log().warn("maxRequestsPerSecond " + in.maxRequestsPerSecond() + " ignored: another component of "
          + "this program set the budget of " + in.instanceArn() + " first, and all share it");
    }
    if (use.others() > 0) {
      settings.log().info("sharing the SSO Admin call budget of " + in.instanceArn() + " with " + use.others()
          + " other component(s) running in this process");
    }
    ClientLeases.Lease lease = null;
    try {
      lease = context.extension(ClientLeases.class, ClientLeases::new).acquire(in.identity());
      PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder()
          .client(lease.client())
          .context(context)
          .requestBudget(budget)
          .build();
      AwsSession session = lease.session();
      CompletableFuture<RunOutcome> outcome = CompletableFuture
          .supplyAsync(() -> callerIdentity(session), context.ioExecutor())
          .thenCompose(caller -> {
            checkAccount(in.identity(), caller);
            return settings.dryRun() ? preview(provisioner, in, caller) : update(provisioner, in, caller);
          });
      ClientLeases.Lease held = lease;
      outcome.whenComplete((o, e) -> {
        held.close();
        use.close();
      });
      return outcome;
    } catch (RuntimeException e) {
      if (lease != null) {
        lease.close();
      }
      use.close();
      throw e;
    }
  }

  private static AwsSession.CallerIdentity callerIdentity(AwsSession session) {
    try {
      return session.callerIdentity();
    } catch (SdkException e) {
      throw new IdentityProblem("could not resolve who it acts as (sts:GetCallerIdentity with "
          + session.identity().credentialsDescription() + ", from " + session.identity().source() + "): "
          + e.getMessage() + ". Check the credentials, the role's trust policy and external id, and aws:endpoints "
          + "sts", e);
    }
  }

  /**
   * Refuses an account the identity must not act in, before any SSO Admin call.
   *
   * @param identity the identity with its account rules
   * @param caller   who the credentials resolved to
   * @throws IllegalStateException naming the account and the rule, when refused
   */
  static void checkAccount(AwsIdentity identity, AwsSession.CallerIdentity caller) {
    String account = caller.accountId();
    if (identity.expectedAccountId() != null && !identity.expectedAccountId().equals(account)) {
      throw new IdentityProblem("acts in account " + account + " (" + caller.principalArn() + ", from "
          + identity.source() + ") but expectedAccountId is " + identity.expectedAccountId()
          + ". Check the stack's aws:profile / aws:assumeRole config or the Provider", null);
    }
    if (identity.forbiddenAccountIds().contains(account)) {
      throw new IdentityProblem("refuses to act in account " + account + " (" + caller.principalArn()
          + "): it is listed in aws:forbiddenAccountIds", null);
    }
    if (!identity.allowedAccountIds().isEmpty() && !identity.allowedAccountIds().contains(account)) {
      throw new IdentityProblem("refuses to act in account " + account + " (" + caller.principalArn()
          + "): aws:allowedAccountIds allows only " + String.join(", ", identity.allowedAccountIds()), null);
    }
  }

  private CompletableFuture<RunOutcome> preview(PermissionSetProvisioner provisioner, ResolvedInputs in,
                                                AwsSession.CallerIdentity caller) {
    settings.log().info("preview as " + caller + " (" + in.identity().source() + "); read-only calls");
    return provisioner.planAsync(in.toRequest(ProgressListener.NONE, time))
        .orTimeout(SAFETY_MARGIN.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(plan -> {
          RunOutcome outcome = RunOutcome.previewed(plan);
          settings.log().info(outcome.summary());
          return outcome;
        });
  }

  private CompletableFuture<RunOutcome> update(PermissionSetProvisioner provisioner, ResolvedInputs in,
                                               AwsSession.CallerIdentity caller) {
    settings.log().info("as " + caller + ": " + startMessage(in));
    // The journal: each request is logged the moment AWS accepts it, so it is on record even if the deployment is
    // cancelled or the program dies before the run ends.
    ProvisioningExecution execution = provisioner.start(in.toRequest(this::onProgress, time),
        r -> settings.log().info(RunJournal.accepted(in.instanceArn(), r)));
    Duration safety = in.timeout(time).plus(SAFETY_MARGIN);
    CompletableFuture<ProvisioningOutcome> guarded =
        execution.outcome().orTimeout(safety.toMillis(), TimeUnit.MILLISECONDS);
    heartbeat = new Heartbeat(HEARTBEAT, System.nanoTime());
    // Wall time, not the context's time scale: the heartbeat is for the person watching `pulumi up`.
    ScheduledFuture<?> beating = settings.context().timer().scheduleAtFixedRate(this::beat,
        HEARTBEAT.toMillis() / 6, HEARTBEAT.toMillis() / 6, TimeUnit.MILLISECONDS);
    return guarded.handle((o, e) -> {
      beating.cancel(false);
      if (e != null) {
        // the safety net: the run did not hand back its outcome; stop it and name what it accepted so far
        execution.stop();
        String accepted = RunJournal.acceptedSoFar(execution.acceptedSoFar());
        settings.log().warn("run gave up: " + accepted);
        RunOutcome.Failure f = failureOf(e);
        return RunOutcome.failed(new RunOutcome.Failure(f.message() + "\n" + accepted, f.cause(), f.showStack()));
      }
      return ended(o);
    });
  }

  /** The component's outcome of a run's outcome; the end report is logged, and added to any failure. */
  private RunOutcome ended(ProvisioningOutcome o) {
    String journal = RunJournal.ended(o);
    RunOutcome outcome = o.error().map(e -> RunOutcome.failed(failureOf(e)))
        .orElseGet(() -> outcomeOf(settings.name(), o.report().orElseThrow()));
    if (outcome.failure() == null) {
      o.report().ifPresent(r -> r.followedUpFailures().forEach(f -> settings.log().warn("the "
          + "ALL_PROVISIONED_ACCOUNTS request " + f.requestId() + " of " + f.permissionSetArn() + " FAILED ("
          + f.failureReason() + "); every account it covered is provisioned now, by it or by a per-account "
          + "follow-up that SUCCEEDED")));
      settings.log().info(journal);
      settings.log().info(outcome.summary());
      return outcome;
    }
    settings.log().warn(journal);
    RunOutcome.Failure f = outcome.failure();
    return RunOutcome.failed(new RunOutcome.Failure(f.message() + "\n" + journal, f.cause(), f.showStack()));
  }

  /**
   * The outcome of an update's report. The provisioner raises FAILED as an exception, but a report is checked
   * here too: success is reported only when every submitted request has a SUCCEEDED outcome.
   */
  static RunOutcome outcomeOf(String name, ProvisioningReport report) {
    List<String> problems = new ArrayList<>();
    // a FAILED ALL_PROVISIONED_ACCOUNTS request whose accounts the follow-ups all provisioned is not a failure of
    // the run (the library succeeded); the summary names it
    List<String> followedUp = report.followedUpFailures().stream().map(RequestOutcome::requestId).toList();
    for (RequestOutcome o : report.outcomes()) {
      if (o.failed() && !followedUp.contains(o.requestId())) {
        problems.add("permission set " + o.permissionSetArn() + " to account " + o.accountId() + " (request "
            + o.requestId() + ") FAILED: " + o.failureReason());
      }
    }
    for (SubmittedRequest s : report.submitted()) {
      if (report.waitResult().flatMap(r -> r.outcome(s.requestId())).isEmpty()) {
        problems.add("permission set " + s.target().permissionSetArn() + " to account "
            + RunOutcome.accountOf(s.target()) + " (request " + s.requestId() + ") has no final status");
      }
    }
    if (problems.isEmpty()) {
      return RunOutcome.updated(report);
    }
    return RunOutcome.failed(new RunOutcome.Failure("PermissionSetProvisioning '" + name + "' failed: "
        + problems.size() + " request(s) did not succeed:\n  " + String.join("\n  ", problems)
        + "\nCheck them with DescribePermissionSetProvisioningStatus.", null, false));
  }

  /** The first line of an update: what is checked; the plan summary follows once the plan is made. */
  static String startMessage(ResolvedInputs in) {
    int sets = in.permissionSetArns().size();
    String what = sets == 1 ? "1 permission set" : sets + " permission sets";
    String where = in.allProvisionedAccounts()
        ? "every account " + (sets == 1 ? "it is" : "they are") + " provisioned to"
        : in.accountIds().size() + " target account(s)";
    return in.force() ? "provisioning " + what + " to " + where + " (forced: up-to-date accounts too)"
        : "checking " + what + " across " + where + "; provisioning only those not up to date";
  }

  private void onProgress(WaitProgress p) {
    String progress = p.succeeded() + "/" + p.total() + " accounts provisioned, " + p.failed() + " failed, "
        + p.pending() + " in progress";
    heartbeat.logged(System.nanoTime(), progress);
    settings.log().info("waiting: " + progress);
  }

  private void beat() {
    String line = heartbeat.due(System.nanoTime());
    if (line != null) {
      settings.log().info(line);
    }
  }

  private RunOutcome failure(Throwable thrown) {
    return RunOutcome.failed(failureOf(thrown));
  }

  private RunOutcome.Failure failureOf(Throwable thrown) {
    Throwable t = unwrap(thrown);
    String prefix = "PermissionSetProvisioning '" + settings.name() + "' ";
    if (t instanceof InvalidInput e) {
      return new RunOutcome.Failure(prefix + "has an invalid input: " + e.getCause().getMessage()
          + ". Nothing was read or provisioned.", e.getCause(), false);
    }
    if (t instanceof IdentityProblem e) {
      return new RunOutcome.Failure(prefix + e.getMessage() + ". Nothing was read or provisioned.",
          e.getCause(), false);
    }
    if (t instanceof ProvisioningFailedException e) {
      return new RunOutcome.Failure(prefix + "failed: " + e.getMessage(), e, false);
    }
    if (t instanceof ProvisioningTimeoutException e) {
      return new RunOutcome.Failure(prefix + "did not finish in time: " + e.getMessage()
          + " (input timeoutSeconds)", e, false);
    }
    if (t instanceof AwsApiException || t instanceof ProvisioningException) {
      return new RunOutcome.Failure(prefix + "failed: " + t.getMessage(), t, false);
    }
    if (t instanceof TimeoutException) {
      return new RunOutcome.Failure(prefix + "gave up: provisioning did not end within the "
          + "deadline plus " + SAFETY_MARGIN.toMinutes() + " minutes. Requests already submitted may go on in AWS; "
          + "check them with ListPermissionSetProvisioningStatus", t, false);
    }
    return new RunOutcome.Failure(prefix + "failed unexpectedly: " + t, t, true);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The identity could not be resolved, or resolved to an account the component must not act in. */
  private static final class IdentityProblem extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private IdentityProblem(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An input failed its check; carries the check's exception. */
  private static final class InvalidInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private InvalidInput(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
