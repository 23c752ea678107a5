package dev.idcprov.provisioning;

import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * {@link ProvisioningRunFailedException} (a {@link dev.idcprov.waiter.ProvisioningFailedException}) that carries
 * the report.
 *
 * <p>{@link #accountResults()} says per (permission set, account) which request covered it and how it ended, for
 * the accounts the run knows of: see there what each rests on.
 */
public final class ProvisioningReport {
  private final ProvisioningPlan plan;
  private final List<SubmittedRequest> submitted;
  private final WaitResult waitResult;
  private final Map<String, List<String>> updatedAfterFailure;

  /**
   * @param plan       the plan that was carried out
   * @param submitted  requests AWS accepted
   * @param waitResult the wait's result, or null when the run did not wait (or nothing was submitted)
   * @throws NullPointerException if {@code plan} or {@code submitted} is null
   */
  public ProvisioningReport(ProvisioningPlan plan, List<SubmittedRequest> submitted, WaitResult waitResult) {
    this(plan, submitted, waitResult, Map.of());
  }

  /**
   * @param plan                the plan that was carried out
   * @param submitted           requests AWS accepted
   * @param waitResult          the wait's result, or null when the run did not wait (or nothing was submitted)
   * @param updatedAfterFailure per RequestId of an {@link PlannedTarget.Reason#ALL_OUTDATED} request that FAILED,
   *                            the accounts a read of the up-to-date accounts made no earlier than
   *                            {@code listStaleness} after it was accepted listed (among those it covered, when the
   *                            plan listed them)
   * @throws NullPointerException if any argument but {@code waitResult} is null
   */
  public ProvisioningReport(ProvisioningPlan plan, List<SubmittedRequest> submitted, WaitResult waitResult,
                            Map<String, List<String>> updatedAfterFailure) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.submitted = List.copyOf(submitted);
    this.waitResult = waitResult;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(updatedAfterFailure, "updatedAfterFailure")
        .forEach((k, v) -> copy.put(Objects.requireNonNull(k, "RequestId"), List.copyOf(v)));
    this.updatedAfterFailure = Collections.unmodifiableMap(copy);
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

  /**
   * Per (permission set, account), the request that covered it and how it ended, as far as the run knows it:
   * <ul>
   *   <li>an account with its own request (an outdated, not provisioned or forced target, or a follow-up of a
   *       FAILED {@code ALL_PROVISIONED_ACCOUNTS} request): that request's outcome
   *       ({@link AccountResult.Basis#OWN_REQUEST});</li>
   *   <li>an {@code ALL_PROVISIONED_ACCOUNTS} request the provisioner chose ({@link PlannedTarget.Reason#ALL_OUTDATED})
   *       that SUCCEEDED: each account the plan listed for it ({@link ProvisioningPlan#coveredBy(String)}), SUCCEEDED
   *       ({@link AccountResult.Basis#COVERED}); when planning did not list them (no account of the set was up to
   *       date, so the accounts were not read), none: the request's own outcome ({@link #outcomes()}) says that every
   *       account the set is provisioned to runs the latest version;</li>
   *   <li>such a request that FAILED: its accounts still outdated afterwards have their follow-up's outcome, and
   *       those a read of the up-to-date accounts after it listed (among the covered ones, when the plan listed
   *       them) are SUCCEEDED through it ({@link AccountResult.Basis#READ_AFTER_FAILURE}); an account in neither
   *       list gets no entry: only what those reads showed;</li>
   *   <li>a forced {@code ALL_PROVISIONED_ACCOUNTS} request ({@link PlannedTarget.Reason#ALL_PROVISIONED_ACCOUNTS}):
   *       none (its accounts are not read).</li>
   * </ul>
   * A request without an outcome (the run did not wait) gives no entry.
   *
   * @return one result per (permission set, account): first those through an {@code ALL_PROVISIONED_ACCOUNTS}
   *         request, then those of an account's own request, each in submission order; an account's own request
   *         takes precedence over the request that stood for it
   */
  public List<AccountResult> accountResults() {
    if (waitResult == null) {
      return List.of();
    }
    Map<String, AccountResult> byPair = new LinkedHashMap<>();
    for (SubmittedRequest r : submitted) {
      PlannedTarget t = r.target();
      RequestOutcome o = waitResult.outcome(r.requestId()).orElse(null);
      if (o == null || t.reason() != PlannedTarget.Reason.ALL_OUTDATED) {
        continue;
      }
      if (o.status() == RequestOutcome.Status.SUCCEEDED) {
        for (String a : plan.coveredBy(t.permissionSetArn())) {
          byPair.put(t.permissionSetArn() + " " + a, new AccountResult(t.permissionSetArn(), a, o.requestId(),
              RequestOutcome.Status.SUCCEEDED, null, AccountResult.Basis.COVERED));
        }
      } else {
        for (String a : updatedAfterFailure.getOrDefault(o.requestId(), List.of())) {
          byPair.put(t.permissionSetArn() + " " + a, new AccountResult(t.permissionSetArn(), a, o.requestId(),
              RequestOutcome.Status.SUCCEEDED, null, AccountResult.Basis.READ_AFTER_FAILURE));
        }
      }
    }
    for (SubmittedRequest r : submitted) {
      PlannedTarget t = r.target();
      RequestOutcome o = waitResult.outcome(r.requestId()).orElse(null);
      if (o != null && t.accountId() != null) {
        String key = t.permissionSetArn() + " " + t.accountId();
        byPair.remove(key);
        byPair.put(key, new AccountResult(t.permissionSetArn(), t.accountId(), o.requestId(), o.status(),
            o.failureReason(), AccountResult.Basis.OWN_REQUEST));
      }
    }
    return List.copyOf(byPair.values());
  }

  /**
   * @return per RequestId of an {@code ALL_PROVISIONED_ACCOUNTS} request the provisioner chose that FAILED, the
   *         accounts a read after it showed updated (see {@link #accountResults()})
   */
  public Map<String, List<String>> updatedAfterFailure() {
    return updatedAfterFailure;
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
