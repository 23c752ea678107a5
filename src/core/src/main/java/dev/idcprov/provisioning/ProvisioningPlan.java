package dev.idcprov.provisioning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a provisioning run will do, decided by read-only calls: the targets to provision and, per
 * permission set, the accounts already up to date. An empty plan means no provisioning call is made.
 */
public final class ProvisioningPlan {
  private final String instanceArn;
  private final List<PlannedTarget> targets;
  private final Map<String, List<String>> upToDate;
  private final Map<String, List<String>> covered;
  private final Set<String> listedUpToDate;

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
   * @param covered     per permission set ARN with an {@link PlannedTarget.Reason#ALL_OUTDATED} target whose accounts
   *                    were listed, the outdated accounts that one request stands for; a set with such a target and
   *                    no entry (or an empty one) stands for every account it is provisioned to, not listed
   * @throws NullPointerException     if any argument is null
   * @throws IllegalArgumentException if covered accounts are given for a set without an ALL_OUTDATED target
   */
  public ProvisioningPlan(String instanceArn, List<PlannedTarget> targets, Map<String, List<String>> upToDate,
                          Map<String, List<String>> covered) {
    this(instanceArn, targets, upToDate, covered, Set.of());
  }

  /**
   * @param instanceArn    the instance
   * @param targets        the calls to make, in order
   * @param upToDate       per permission set ARN, the targeted accounts already running the latest version
   * @param covered        per permission set ARN with an {@link PlannedTarget.Reason#ALL_OUTDATED} target whose
   *                       accounts were listed, the outdated accounts that one request stands for (see the
   *                       four-argument constructor)
   * @param listedUpToDate the permission sets for which planning's read of the up-to-date accounts
   *                       ({@code LATEST_PERMISSION_SET_PROVISIONED}) listed at least one account, targeted or not,
   *                       one it also listed as outdated included ({@link #anyUpToDate(String)})
   * @throws NullPointerException     if any argument is null
   * @throws IllegalArgumentException if covered accounts are given for a set without an ALL_OUTDATED target
   */
  public ProvisioningPlan(String instanceArn, List<PlannedTarget> targets, Map<String, List<String>> upToDate,
                          Map<String, List<String>> covered, Set<String> listedUpToDate) {
    this.listedUpToDate = Set.copyOf(listedUpToDate);
    this.instanceArn = Objects.requireNonNull(instanceArn, "instanceArn");
    this.targets = List.copyOf(targets);
    this.upToDate = copyOf(upToDate);
    this.covered = copyOf(covered);
    for (String ps : this.covered.keySet()) {
      if (this.targets.stream().noneMatch(t -> t.reason() == PlannedTarget.Reason.ALL_OUTDATED
          && t.permissionSetArn().equals(ps))) {
        throw new IllegalArgumentException("covered: " + ps + " has no ALL_OUTDATED target in the plan");
      }
    }
  }

  /**
   * The one rule by which the outdated targets of a permission set become one {@code ALL_PROVISIONED_ACCOUNTS}
   * request ({@link PlannedTarget.Reason#ALL_OUTDATED}): such a request provisions every account the set is
   * provisioned to, so it may stand for the outdated targets only when it touches no other account. The provisioner's
   * planning and the CLI's {@code provision --outdated} both decide by it.
   *
   * @param allowed               whether the caller allows it
   *                              ({@link ProvisioningRequest#collapseToAllProvisionedAccounts()} on, not
   *                              {@code force})
   * @param anyOutdatedTarget     whether some targeted account runs an older version of the set
   * @param everyOutdatedTargeted whether every outdated account of the set is targeted
   * @param anyUpToDate           whether some account the set is provisioned to was listed up to date by an answer
   *                              no older than the start of planning: any account that read listed, targeted or not,
   *                              even one also listed as outdated ({@link #anyUpToDate(String)})
   * @return true when the outdated targets are one {@code ALL_PROVISIONED_ACCOUNTS} request: allowed, something
   *         outdated to provision, every outdated account targeted and no provisioned account up to date
   */
  public static boolean collapses(boolean allowed, boolean anyOutdatedTarget, boolean everyOutdatedTargeted,
                                  boolean anyUpToDate) {
    return allowed && anyOutdatedTarget && everyOutdatedTargeted && !anyUpToDate;
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
   * @return the outdated accounts its {@link PlannedTarget.Reason#ALL_OUTDATED} request stands for, when they were
   *         listed; empty when the plan has none for that set, or when its accounts were not listed (planning
   *         found no account of the set up to date and did not list the outdated ones: the request stands for every
   *         account the set is provisioned to)
   */
  public List<String> coveredBy(String permissionSetArn) {
    return covered.getOrDefault(permissionSetArn, List.of());
  }

  /**
   * Whether some account of a permission set was read up to date: planning's read of its up-to-date accounts listed
   * one (targeted or not, even one also listed as outdated), or the plan has a targeted account up to date. The
   * {@code anyUpToDate} input of {@link #collapses(boolean, boolean, boolean, boolean)}, the same for the planner and
   * for a plan derived from this one (the CLI's {@code provision --outdated}).
   *
   * @param permissionSetArn a permission set
   * @return true when an account of the set was read up to date
   */
  public boolean anyUpToDate(String permissionSetArn) {
    return listedUpToDate.contains(permissionSetArn) || !upToDate.getOrDefault(permissionSetArn, List.of()).isEmpty();
  }

  /**
   * @return per permission set ARN with an ALL_OUTDATED target whose accounts were listed, the outdated accounts it
   *         stands for
   */
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
    long unlisted = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.ALL_OUTDATED
        && coveredBy(t.permissionSetArn()).isEmpty()).count();
    long fresh = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.NOT_PROVISIONED).count();
    long forced = targets.stream().filter(t -> t.reason() == PlannedTarget.Reason.FORCED
        || t.reason() == PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS).count();
    int current = upToDate.values().stream().mapToInt(List::size).sum();
    return targets.size() + " provisioning request(s): " + outdated + " outdated, " + fresh + " not provisioned, "
        + forced + " forced" + (collapsed == 0 ? "" : ", " + collapsed + " ALL_PROVISIONED_ACCOUNTS update(s) for "
        + (unlisted == 0 ? coveredAccounts + " outdated account(s)"
        : unlisted == collapsed ? "every account of their set(s), none up to date (not listed)"
        : coveredAccounts + " outdated account(s) and every account of " + unlisted
        + " set(s), none up to date (not listed)")) + "; " + current + " account(s) up to date";
  }

  @Override
  public String toString() {
    return "ProvisioningPlan{" + summary() + ", targets=" + targets + '}';
  }
}
