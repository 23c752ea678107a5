package dev.idcprov.provisioning;

import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provisioning run did: the plan, the requests submitted and, unless it did not wait, the wait's
 * result. A report with FAILED outcomes is returned normally in one case only: an {@code ALL_PROVISIONED_ACCOUNTS}
 * request the provisioner chose for an update ({@link PlannedTarget.Reason#ALL_OUTDATED}) FAILED, and the per-account
 * follow-ups of every account it left outdated all SUCCEEDED, so every targeted account is provisioned; those FAILED
 * requests are {@link #followedUpFailures()}. Any other FAILED request rides on a
 * {@link dev.idcprov.waiter.ProvisioningFailedException} raised by the waiter.
 */
public final class ProvisioningReport {
  private final ProvisioningPlan plan;
  private final List<SubmittedRequest> submitted;
  private final WaitResult waitResult;

  /**
   * @param plan       the plan that was carried out
   * @param submitted  requests AWS accepted
   * @param waitResult the wait's result, or null when the run did not wait (or nothing was submitted)
   * @throws NullPointerException if {@code plan} or {@code submitted} is null
   */
  public ProvisioningReport(ProvisioningPlan plan, List<SubmittedRequest> submitted, WaitResult waitResult) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.submitted = List.copyOf(submitted);
    this.waitResult = waitResult;
  }

  /** @return the plan that was carried out */
  public ProvisioningPlan plan() {
    return plan;
  }

  /** @return requests AWS accepted, in submission order */
  public List<SubmittedRequest> submitted() {
    return submitted;
  }

  /** @return the wait's result; empty when the run did not wait or submitted nothing */
  public Optional<WaitResult> waitResult() {
    return Optional.ofNullable(waitResult);
  }

  /**
   * @return the terminal outcomes in submission (plan) order, whatever order AWS accepted the requests in (empty
   *         when the run did not wait)
   */
  public List<RequestOutcome> outcomes() {
    if (waitResult == null) {
      return List.of();
    }
    Map<String, RequestOutcome> byId = new HashMap<>();
    waitResult.outcomes().forEach(o -> byId.put(o.requestId(), o));
    List<RequestOutcome> ordered = new ArrayList<>();
    for (SubmittedRequest r : submitted) {
      RequestOutcome o = byId.get(r.requestId());
      if (o != null) {
        ordered.add(o);
      }
    }
    return ordered.size() == waitResult.outcomes().size() ? List.copyOf(ordered) : waitResult.outcomes();
  }

  /**
   * @return the FAILED {@code ALL_PROVISIONED_ACCOUNTS} requests whose accounts were all provisioned afterwards by
   *         per-account follow-ups that SUCCEEDED, each with AWS's reason (empty in most runs; the requests are
   *         also in {@link #outcomes()})
   */
  public List<RequestOutcome> followedUpFailures() {
    if (waitResult == null) {
      return List.of();
    }
    List<RequestOutcome> out = new ArrayList<>();
    for (SubmittedRequest r : submitted) {
      if (r.target().reason() == PlannedTarget.Reason.ALL_OUTDATED) {
        waitResult.outcome(r.requestId()).filter(RequestOutcome::failed).filter(o -> !out.contains(o))
            .ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  /** @return true when nothing needed provisioning and no provisioning call was made */
  public boolean nothingToDo() {
    return plan.isEmpty();
  }

  @Override
  public String toString() {
    return "ProvisioningReport{" + plan.summary() + ", submitted=" + submitted.size() + ", waitResult=" + waitResult
        + '}';
  }
}
