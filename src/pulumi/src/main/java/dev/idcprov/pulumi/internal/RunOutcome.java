package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.pulumi.PlanEntry;
import dev.idcprov.pulumi.RequestResult;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.PermissionSetArn;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one component run produced: the values of its outputs (null where a value is unknown) or the failure
 * that fails the deployment.
 *
 * @param results        per-request rows, or null when unknown
 * @param plannedTargets per-planned-call rows, or null when unknown
 * @param requestCount   requests made (preview: that would be made), or null when unknown
 * @param succeededCount requests that succeeded, or null when unknown
 * @param failedCount    requests that failed, or null when unknown
 * @param summary        the one-line summary, or null when unknown
 * @param failure        why the run failed, or null when it did not
 */
public record RunOutcome(List<RequestResult> results, List<PlanEntry> plannedTargets,
                         Integer requestCount, Integer succeededCount, Integer failedCount, String summary,
                         Failure failure) {
  /** How many planned targets a preview summary names before "and N more". */
  static final int PREVIEW_LISTED = 10;
  /** The accountId value of a row whose target is every provisioned account. */
  public static final String ALL_PROVISIONED_ACCOUNTS = "ALL_PROVISIONED_ACCOUNTS";

  /**
   * A failure of the run.
   *
   * @param message   the message a person reads in {@code pulumi up}
   * @param cause     the underlying exception
   * @param showStack whether the stack trace helps (unexpected errors only)
   */
  public record Failure(String message, Throwable cause, boolean showStack) {
  }

  /** @return the outcome of a preview whose inputs are not known yet */
  public static RunOutcome planUnknown() {
    return new RunOutcome(List.of(), null, null, null, null,
        "plan unknown in preview: some inputs or dependencies are not known until they are created or updated",
        null);
  }

  /**
   * @param plan the preview's plan
   * @return the outcome of a preview
   */
  public static RunOutcome previewed(ProvisioningPlan plan) {
    List<PlannedTarget> targets = plan.targets();
    String summary;
    if (targets.isEmpty()) {
      summary = "would provision nothing: " + upToDate(plan) + " account(s) up to date";
    } else {
      StringBuilder sb = new StringBuilder("would provision ").append(describe(plan)).append(": ");
      for (int i = 0; i < Math.min(PREVIEW_LISTED, targets.size()); i++) {
        PlannedTarget t = targets.get(i);
        sb.append(i == 0 ? "" : ", ").append(accountOf(t)).append(" (").append(shortName(t.permissionSetArn()))
            .append(' ').append(t.reason()).append(')');
      }
      if (targets.size() > PREVIEW_LISTED) {
        sb.append(" and ").append(targets.size() - PREVIEW_LISTED).append(" more");
      }
      summary = sb.append("; ").append(upToDate(plan)).append(" up to date").toString();
    }
    return new RunOutcome(List.of(), plannedRows(plan), targets.size(), 0, 0, summary, null);
  }

  /**
   * @param report the update's report; every request succeeded
   * @return the outcome of an update
   */
  public static RunOutcome updated(ProvisioningReport report) {
    List<RequestResult> rows = resultRows(report.submitted(), report.waitResult().orElse(null));
    int succeeded = (int) report.outcomes().stream().filter(o -> !o.failed()).count();
    int failed = (int) report.outcomes().stream().filter(RequestOutcome::failed).count();
    String summary = report.nothingToDo()
        ? "nothing to provision: " + upToDate(report.plan()) + " account(s) up to date"
        : describe(report.plan()) + " provisioned, " + upToDate(report.plan()) + " up to date"
        + followedUp(report);
    return new RunOutcome(rows, plannedRows(report.plan()), report.submitted().size(), succeeded, failed, summary,
        null);
  }

  /** The FAILED ALL_PROVISIONED_ACCOUNTS requests whose accounts per-account follow-ups provisioned, if any. */
  private static String followedUp(ProvisioningReport report) {
    List<RequestOutcome> f = report.followedUpFailures();
    if (f.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (RequestOutcome o : f) {
      sb.append("; ALL_PROVISIONED_ACCOUNTS request ").append(o.requestId()).append(" FAILED (")
          .append(o.failureReason()).append("), its accounts provisioned by per-account follow-ups");
    }
    return sb.toString();
  }

  /**
   * @param failure why the run failed
   * @return the outcome of a failed run: every output unknown
   */
  public static RunOutcome failed(Failure failure) {
    return new RunOutcome(null, null, null, null, null, null, failure);
  }

  /**
   * @param plan a plan
   * @return one entry per planned call
   */
  public static List<PlanEntry> plannedRows(ProvisioningPlan plan) {
    List<PlanEntry> rows = new ArrayList<>();
    for (PlannedTarget t : plan.targets()) {
      rows.add(new PlanEntry(t.permissionSetArn(), accountOf(t), t.reason().name()));
    }
    return List.copyOf(rows);
  }

  /**
   * @param submitted the accepted requests
   * @param result    the wait's result, or null
   * @return one result per request; failureReason only when FAILED
   */
  public static List<RequestResult> resultRows(List<SubmittedRequest> submitted, WaitResult result) {
    List<RequestResult> rows = new ArrayList<>();
    for (SubmittedRequest s : submitted) {
      Optional<RequestOutcome> outcome = result == null ? Optional.empty() : result.outcome(s.requestId());
      rows.add(new RequestResult(s.target().permissionSetArn(), accountOf(s.target()), s.requestId(),
          outcome.map(o -> o.status().name()).orElse("IN_PROGRESS"),
          outcome.filter(RequestOutcome::failed).map(RequestOutcome::failureReason).orElse(null)));
    }
    return List.copyOf(rows);
  }

  static String accountOf(PlannedTarget t) {
    return t.accountId() == null ? ALL_PROVISIONED_ACCOUNTS : t.accountId();
  }

  /** The {@code ps-...} id of a permission set ARN, for summaries; the ARN itself if it is none. */
  static String shortName(String permissionSetArn) {
    return PermissionSetArn.tryParse(permissionSetArn).map(PermissionSetArn::permissionSetId).orElse(permissionSetArn);
  }

  private static int upToDate(ProvisioningPlan plan) {
    return plan.upToDate().values().stream().mapToInt(List::size).sum();
  }

  private static String describe(ProvisioningPlan plan) {
    List<PlannedTarget> targets = plan.targets();
    long all = targets.stream().filter(t -> t.accountId() == null).count();
    long accounts = targets.size() - all;
    if (all == 0) {
      return accounts + " account(s)";
    }
    int covered = plan.covered().values().stream().mapToInt(List::size).sum();
    return (accounts == 0 ? "" : accounts + " account(s) and ") + all + " ALL_PROVISIONED_ACCOUNTS request(s)"
        + (covered == 0 ? "" : " (updating " + covered + " outdated account(s))");
  }
}
