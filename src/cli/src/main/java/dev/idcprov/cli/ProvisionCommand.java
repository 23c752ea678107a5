package dev.idcprov.cli;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.InstanceArn;
import dev.idcprov.waiter.PermissionSetArn;
import dev.idcprov.waiter.ProvisioningException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.WaitOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** {@code provision}: plans, calls ProvisionPermissionSet for the outdated targets and waits for the result. */
@Command(name = "provision", sortOptions = false,
    header = "Provision permission sets to accounts and wait for the result.",
    description = {
        "Provisions permission sets to accounts and waits until AWS reports each request SUCCEEDED or FAILED.",
        "By default only accounts where the latest version is not provisioned (and given accounts that never had"
            + " the set) are provisioned; --force provisions every target. When nothing is outdated, no"
            + " provisioning call is made."},
    footer = {"", "Examples:",
        "  provision --permission-set-arn PS_ARN --account 111111111111,222222222222",
        "  provision --permission-set-arn PS1,PS2 --all-provisioned-accounts --dry-run",
        "  provision --permission-set-arn PS_ARN --account 111111111111 --no-wait -o json \\",
        "    | idc-provisioning wait -",
        "  provision --outdated --instance-arn INSTANCE_ARN      # what 'check' reports, and nothing else"})
final class ProvisionCommand implements Callable<Integer> {
  private final CliServices services;

  @Spec
  private CommandSpec spec;

  @Option(names = "--instance-arn", paramLabel = "ARN",
      description = "IAM Identity Center instance ARN (default: the instance named in the permission set ARNs).")
  private String instanceArn;

  @Option(names = "--permission-set-arn", paramLabel = "ARN", split = ",",
      description = "Permission set to provision; repeat the option or separate ARNs with commas (with --outdated:"
          + " the sets to check, default every set of the instance).")
  private List<String> permissionSetArns = new ArrayList<>();

  @Option(names = "--account", paramLabel = "ACCOUNT_ID", split = ",",
      description = "12-digit target account id; repeat the option or separate ids with commas.")
  private List<String> accounts = new ArrayList<>();

  @Option(names = "--all-provisioned-accounts",
      description = "Target every account each permission set is provisioned to (instead of --account).")
  private boolean allProvisionedAccounts;

  @Option(names = "--force", description = "Provision every target, even those already up to date.")
  private boolean force;

  @Option(names = "--per-account-requests",
      description = "One ProvisionPermissionSet request per account, always. Default: a set whose every provisioned"
          + " account is outdated and targeted (an update after a policy change) is updated with one"
          + " ALL_PROVISIONED_ACCOUNTS request; if it FAILS, the accounts still outdated are provisioned one by one.")
  private boolean perAccountRequests;

  @Option(names = "--outdated",
      description = "Provision exactly what 'check' reports: every account where a set of the instance (or of"
          + " --permission-set-arn) is outdated, or whose last provisioning FAILED; instead of --account.")
  private boolean outdated;

  @Option(names = "--no-wait", description = "Print the RequestIds and targets once AWS accepted them; do not wait.")
  private boolean noWait;

  @Option(names = "--journal", paramLabel = "FILE",
      description = "Also append each request AWS accepts to FILE, one JSON line each, flushed at once (the"
          + " journal lines of stderr); opened before any AWS call.")
  private Path journalFile;

  @Option(names = "--dry-run", description = "Print the plan only; makes read-only calls.")
  private boolean dryRun;

  @Mixin
  private WaitTimingOptions timing;

  @Mixin
  private AwsOptions aws;

  ProvisionCommand(CliServices services, Environment env) {
    this.services = services;
    this.aws = new AwsOptions(env);
  }

  @Override
  public Integer call() {
    ProvisioningRequest request = validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var settings = aws.settings();
    aws.applyVerbosity();
    aws.applyRate(services.context(), request.instanceArn());
    try (AcceptedJournal journal = openJournal(err, request.instanceArn());
         SsoAdminClient client = services.createClient(settings, aws.clientOptions())) {
      ProvisioningWaiter waiter = services.waiter(client);
      PermissionSetProvisioner provisioner = services.provisioner(client, waiter);
      // --timeout bounds the whole command: planning, then submission and waiting with what is left
      RunDeadline deadline = new RunDeadline(request.waitOptions().timeout());
      ProvisioningPlan plan;
      try {
        if (outdated) {
          // the plan is what check found, not a new read of each set
          DriftCheck.Result drift = new DriftCheck(client, services.context(), provisioner, err)
              .run(request.instanceArn(), checkedSets);
          plan = drift.toPlan(!perAccountRequests);
          request = outdatedRequest(request, plan);
        } else {
          plan = deadline.plan(provisioner, request);
        }
      } catch (ProvisioningException e) {
        // nothing was submitted; still the result, in the requested format
        String reason = e instanceof ProvisioningTimeoutException ? "TIMED_OUT"
            : e instanceof ProvisioningInterruptedException ? "INTERRUPTED" : "API_ERROR";
        RunOutcomeView.print(new ResultView("provision", request.instanceArn()).outcome(reason)
            .connection(AwsOptions.regionOf(client, settings), AwsOptions.endpointOf(settings)), reason, List.of(),
            List.of(), e.getMessage(), aws.output(), out);
        throw e;
      }
      err.println("plan: " + plan.summary());
      err.flush();
      ResultView view = new ResultView("provision", request.instanceArn()).plan(plan)
          .connection(AwsOptions.regionOf(client, settings), AwsOptions.endpointOf(settings));
      if (dryRun) {
        printPlan(view.outcome("DRY_RUN"), plan, out);
        return ExitCodes.OK;
      }
      if (plan.isEmpty()) {
        err.println("nothing to provision: every target runs the latest version (use --force to provision anyway)");
        printPlan(view.outcome("NOTHING_TO_DO"), plan, out);
        return ExitCodes.OK;
      }
      if (noWait) {
        // --timeout bounds a submission without waiting too: what planning left of it ends every retry
        return submitOnly(provisioner, deadline.rest(request), plan, journal, view, out, err);
      }
      // The provisioner waits while it submits; progress is held back until the submission line is printed
      // (the same output as waiting afterwards). Every end path prints the full outcome on stdout, then exits
      // with the code of its reason (a signal interrupts this thread: the run stops, calls already sent finish).
      HeldProgress progress = new HeldProgress(new ProgressPrinter(err));
      AtomicInteger acceptedCount = new AtomicInteger();
      int planned = plan.targets().size();
      ProvisioningOutcome outcome;
      try {
        outcome = provisioner.start(deadline.rest(request).toBuilder().listener(progress).build(), plan, r -> {
          journal.accept(r);
          if (acceptedCount.incrementAndGet() == planned) {
            err.println("submitted " + planned + " provisioning request(s)");
            err.flush();
            progress.release();
          }
        }).awaitOutcome();
      } finally {
        progress.release();
      }
      RunOutcomeView.print(view, outcome, aws.output(), out);
      outcome.report().ifPresent(r -> r.followedUpFailures().forEach(f -> err.println("warning: the "
          + "ALL_PROVISIONED_ACCOUNTS request " + f.requestId() + " of " + f.permissionSetArn() + " FAILED ("
          + f.failureReason() + "); every account it covered is provisioned now, by it or by a per-account "
          + "follow-up that SUCCEEDED")));
      err.flush();
      outcome.reportOrThrow();
      return ExitCodes.OK;
    }
  }

  /**
   * {@code --no-wait}: submits, journaling each accepted request; prints every accepted request and the targets
   * never submitted, on success as on an API error or a signal (calls already sent are waited for first).
   */
  private int submitOnly(PermissionSetProvisioner provisioner, ProvisioningRequest request, ProvisioningPlan plan,
                         AcceptedJournal journal, ResultView view, PrintWriter out, PrintWriter err) {
    List<SubmittedRequest> accepted = new CopyOnWriteArrayList<>();
    String reason = "SUBMITTED";
    RuntimeException failure = null;
    try {
      provisioner.submit(request, plan, r -> {
        accepted.add(r);
        journal.accept(r);
      });
      err.println("submitted " + accepted.size() + " provisioning request(s)");
      long collapsed = plan.targets().stream()
          .filter(t -> t.reason() == dev.idcprov.provisioning.PlannedTarget.Reason.ALL_OUTDATED).count();
      if (collapsed > 0) {
        err.println("note: --no-wait submitted " + collapsed + " ALL_PROVISIONED_ACCOUNTS update(s);"
            + " if one FAILS, nothing provisions the accounts it left outdated: check the request (wait) and run"
            + " provision again, which plans the accounts still outdated");
      }
      err.flush();
    } catch (ProvisioningInterruptedException e) {
      reason = "INTERRUPTED";
      failure = e;
    } catch (AwsApiException e) {
      reason = "API_ERROR";
      failure = e;
    }
    List<SubmittedRequest> sorted = inPlanOrder(plan, accepted);
    List<PlannedTarget> notSubmitted = new ArrayList<>(plan.targets());
    sorted.forEach(r -> notSubmitted.remove(r.target()));
    RunOutcomeView.print(view.outcome(reason).submitted(sorted, null), reason, notSubmitted, List.of(),
        failure == null ? null : failure.getMessage(), aws.output(), out);
    if (failure != null) {
      throw failure;
    }
    return ExitCodes.OK;
  }

  /** The journal, with the {@code --journal} file opened for appending; a file that cannot be opened is bad input. */
  private AcceptedJournal openJournal(PrintWriter err, String instance) {
    try {
      return AcceptedJournal.open(err, instance, journalFile);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(spec.commandLine(), "--journal '" + journalFile + "' cannot be opened for"
          + " appending (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "): give a writable file path");
    }
  }

  /** Accepted requests in the order of the plan (they are accepted a few at a time, in any order). */
  private static List<SubmittedRequest> inPlanOrder(ProvisioningPlan plan, List<SubmittedRequest> accepted) {
    List<SubmittedRequest> sorted = new ArrayList<>(accepted);
    sorted.sort(Comparator.comparingInt(r -> plan.targets().indexOf(r.target())));
    return sorted;
  }

  private void printPlan(ResultView view, ProvisioningPlan plan, PrintWriter out) {
    view.printPlan(aws.output(), out);
  }

  /** The sets {@code --outdated} checks (empty: every set of the instance). */
  private List<String> checkedSets = List.of();

  /** The request of {@code --outdated}: the sets of the plan (the plan, not the request, names the accounts). */
  private static ProvisioningRequest outdatedRequest(ProvisioningRequest checked, ProvisioningPlan plan) {
    List<String> sets = plan.targets().stream().map(t -> t.permissionSetArn()).distinct().toList();
    return sets.isEmpty() ? checked : checked.toBuilder().permissionSetArns(sets).build();
  }

  /** Checks every option before any AWS call and builds the library's request. */
  private ProvisioningRequest validate() {
    var cmd = spec.commandLine();
    if (outdated) {
      return validateOutdated();
    }
    if (permissionSetArns.isEmpty()) {
      throw new ParameterException(cmd, "--permission-set-arn is required: give the permission set(s) to provision,"
          + " or --outdated to provision what 'check' reports");
    }
    List<String> sets = Inputs.distinct(cmd, "--permission-set-arn", permissionSetArns,
        AwsIds::requirePermissionSetArn, "permission set");
    // checked above: these parses cannot fail
    List<PermissionSetArn> parsed = sets.stream().map(PermissionSetArn::parse).toList();
    InstanceArn instance = instanceArn != null ? InstanceArn.parse(Inputs.instanceArn(cmd, instanceArn))
        : parsed.get(0).instanceArn();
    for (PermissionSetArn ps : parsed) {
      if (!ps.belongsTo(instance)) {
        boolean samePartition = ps.partition().equals(instance.partition());
        throw new ParameterException(cmd, "--permission-set-arn '" + ps + "' belongs to instance " + ps.instanceId()
            + (samePartition ? "" : " in partition " + ps.partition()) + ", not to " + instance.instanceId()
            + (samePartition ? "" : " in partition " + instance.partition())
            + (instanceArn != null ? " (--instance-arn)" : " (the first permission set's)")
            + ": every permission set must belong to the same instance");
      }
    }
    if (allProvisionedAccounts && !accounts.isEmpty()) {
      throw new ParameterException(cmd, "--account and --all-provisioned-accounts exclude each other: give"
          + " either the accounts or --all-provisioned-accounts");
    }
    if (!allProvisionedAccounts && accounts.isEmpty()) {
      throw new ParameterException(cmd, "targets are missing: give --account ACCOUNT_ID (repeatable) or"
          + " --all-provisioned-accounts");
    }
    if (dryRun && noWait) {
      throw new ParameterException(cmd, "--dry-run and --no-wait exclude each other: --dry-run submits nothing,"
          + " --no-wait submits without waiting");
    }
    WaitOptions waitOptions = timing.toWaitOptions();
    aws.validateRate();
    ProvisioningRequest.Builder b = ProvisioningRequest.builder()
        .instanceArn(instance.toString())
        .permissionSetArns(sets)
        .force(force)
        .collapseToAllProvisionedAccounts(!perAccountRequests)
        .waitOptions(waitOptions);
    if (allProvisionedAccounts) {
      b.allProvisionedAccounts();
    } else {
      b.accountIds(Inputs.distinct(cmd, "--account", accounts, AwsIds::requireAccountId, "account"));
    }
    return b.build();
  }

  /** {@code --outdated}: the instance and sets to check; the targets come from the check. */
  private ProvisioningRequest validateOutdated() {
    var cmd = spec.commandLine();
    if (!accounts.isEmpty() || allProvisionedAccounts || force) {
      throw new ParameterException(cmd, "--outdated excludes --account, --all-provisioned-accounts and --force:"
          + " --outdated provisions exactly the accounts 'check' reports");
    }
    if (dryRun && noWait) {
      throw new ParameterException(cmd, "--dry-run and --no-wait exclude each other: --dry-run submits nothing,"
          + " --no-wait submits without waiting");
    }
    CheckCommand.Target target = CheckCommand.target(cmd, instanceArn, permissionSetArns);
    checkedSets = target.permissionSets();
    WaitOptions waitOptions = timing.toWaitOptions();
    aws.validateRate();
    // a placeholder set until the check has found the outdated ones: the request must name one
    String placeholder = target.permissionSets().isEmpty()
        ? target.instanceArn().replace(":instance/", ":permissionSet/") + "/ps-0000000000000000"
        : target.permissionSets().get(0);
    return ProvisioningRequest.builder().instanceArn(target.instanceArn()).permissionSetArns(List.of(placeholder))
        .allProvisionedAccounts().collapseToAllProvisionedAccounts(!perAccountRequests).waitOptions(waitOptions)
        .build();
  }
}
