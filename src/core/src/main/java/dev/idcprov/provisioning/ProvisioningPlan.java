package dev.idcprov.provisioning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provisioning run will do, decided by read-only calls: the targets to provision and, per
 * permission set, the accounts already up to date. An empty plan means no provisioning call is made.
 */
public final class ProvisioningPlan {
  private final String instanceArn;
  private final List<PlannedTarget> targets;
  private final Map<String, List<String>> upToDate;
  private final Map<String, List<String>> covered;

  /**
   * @param instanceArn the instance
   * @param targets     the calls to make, in order
   * @param upToDate    per permission set ARN, the targeted accounts already running the latest version
   * @throws NullPointerException if any argument is null
   */
  public ProvisioningPlan(String instanceArn, List<PlannedTarget> targets, Map<String, List<String>> upToDate) {
    this(instanceArn, targets, upToDate, Map.of());
  }

  /**
   * @param instanceArn the instance
   * @param targets     the calls to make, in order
   * @param upToDate    per permission set ARN, the targeted accounts already running the latest version
   * @param covered     per permission set ARN with an {@link PlannedTarget.Reason#ALL_OUTDATED} target, the outdated
   *                    accounts that one request stands for
   * @throws NullPointerException     if any argument is null
   * @throws IllegalArgumentException if an ALL_OUTDATED target has no covered accounts, or covered accounts are
   *                                  given for a set without one
   */
  public ProvisioningPlan(String instanceArn, List<PlannedTarget> targets, Map<String, List<String>> upToDate,
                          Map<String, List<String>> covered) {
    this.instanceArn = Objects.requireNonNull(instanceArn, "instanceArn");
    this.targets = List.copyOf(targets);
    this.upToDate = copyOf(upToDate);
    this.covered = copyOf(covered);
    for (PlannedTarget t : this.targets) {
      if (t.reason() == PlannedTarget.Reason.ALL_OUTDATED && this.covered.getOrDefault(t.permissionSetArn(),
          List.of()).isEmpty()) {
        throw new IllegalArgumentException("covered: the ALL_OUTDATED target of " + t.permissionSetArn()
            + " needs the accounts it covers");
      }
    }
    for (String ps : this.covered.keySet()) {
      if (this.targets.stream().noneMatch(t -> t.reason() == PlannedTarget.Reason.ALL_OUTDATED
          && t.permissionSetArn().equals(ps))) {
        throw new IllegalArgumentException("covered: " + ps + " has no ALL_OUTDATED target in the plan");
      }
    }
  }

  private static Map<String, List<String>> copyOf(Map<String, List<String>> m) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "permission set ARN"), List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** @return the instance ARN */
  public String instanceArn() {
    return instanceArn;
  }

  /** @return the provisioning calls to make */
  public List<PlannedTarget> targets() {
    return targets;
  }

  /** @return per permission set ARN, targeted accounts already up to date */
  public Map<String, List<String>> upToDate() {
    return upToDate;
  }

  /**
   * @param permissionSetArn a permission set
   * @return the outdated accounts its {@link PlannedTarget.Reason#ALL_OUTDATED} request stands for; empty when the
   *         plan has none for that set
   */
  public List<String> coveredBy(String permissionSetArn) {
    return covered.getOrDefault(permissionSetArn, List.of());
  }

  /** @return per permission set ARN with an ALL_OUTDATED target, the outdated accounts it stands for */
  public Map<String, List<String>> covered() {
    return covered;
  }

  /** @return true when nothing needs provisioning */
  public boolean isEmpty() {
    return targets.isEmpty();
  }

  /**
   * @return a one-line summary such as {@code "3 provisioning request(s): 2 outdated, 1 not provisioned, 0 forced;
   *         5 account(s) up to date"}, plus the accounts covered by ALL_PROVISIONED_ACCOUNTS updates when there are
   */
  public String summary() {
    long outdated = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.OUTDATED
        || t.reason() == PlannedTarget.Reason.FOLLOW_UP).count();
    long collapsed = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.ALL_OUTDATED).count();
    int coveredAccounts = covered.values().stream().mapToInt(List::size).sum();
    long fresh = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.NOT_PROVISIONED).count();
    long forced = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.FORCED
        || t.reason() == PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS).count();
    int current = upToDate.values().stream().mapToInt(List::size).sum();
    return targets.size() + " provisioning request(s): " + outdated + " outdated, " + fresh + " not provisioned, "
        + forced + " forced" + (collapsed == 0 ? "" : ", " + collapsed + " ALL_PROVISIONED_ACCOUNTS update(s) for "
        + coveredAccounts + " outdated account(s)") + "; " + current + " account(s) up to date";
  }

  @Override
  public String toString() {
    return "ProvisioningPlan{" + summary() + ", targets=" + targets + '}';
  }
}
