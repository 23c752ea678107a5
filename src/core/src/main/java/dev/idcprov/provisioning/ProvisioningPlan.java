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

  /**
   * @param instanceArn the instance
   * @param targets     the calls to make, in order
   * @param upToDate    per permission set ARN, the targeted accounts already running the latest version
   * @throws NullPointerException if any argument is null
   */
  public ProvisioningPlan(String instanceArn, List<PlannedTarget> targets, Map<String, List<String>> upToDate) {
    this.instanceArn = Objects.requireNonNull(instanceArn, "instanceArn");
    this.targets = List.copyOf(targets);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    upToDate.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.upToDate = Collections.unmodifiableMap(copy);
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

  /** @return true when nothing needs provisioning */
  public boolean isEmpty() {
    return targets.isEmpty();
  }

  /** @return a one-line summary such as {@code "3 provisioning request(s): 2 outdated, 1 not provisioned; 5 up to date"} */
  public String summary() {
    long outdated = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.OUTDATED).count();
    long fresh = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.NOT_PROVISIONED).count();
    long forced = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.FORCED
        || t.reason() == PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS).count();
    int current = upToDate.values().stream().mapToInt(List::size).sum();
    return targets.size() + " provisioning request(s): " + outdated + " outdated, " + fresh + " not provisioned, "
        + forced + " forced; " + current + " account(s) up to date";
  }

  @Override
  public String toString() {
    return "ProvisioningPlan{" + summary() + ", targets=" + targets + '}';
  }
}
