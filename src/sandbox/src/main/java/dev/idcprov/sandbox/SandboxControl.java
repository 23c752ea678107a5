package dev.idcprov.sandbox;

import dev.idcprov.sandbox.internal.Controls;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Changes the world around a running sandbox, as happens around IAM Identity Center while a deployment runs: an account
 * suspended, closed or removed from the organization, a customer managed policy created or deleted in an account, an
 * account's IAM quota raised, the instance quotas, the eventual-consistency lag. Thread-safe; each change applies to the
 * next request and to every provisioning that completes after it. Obtain it with {@link SsoAdminSandbox#control()}.
 * The same changes are offered over HTTP by {@code POST /_sandbox/control} (docs/SANDBOX.md).
 *
 * <pre>{@code
 * sandbox.control().suspend("222222222222");          // provisioning there now FAILS
 * sandbox.control().deleteCustomerManagedPolicy("333333333333", "SandboxReadOnly", "/");
 * }</pre>
 */
public final class SandboxControl {
  private final Controls controls;
  private final SandboxFaults faults;

  SandboxControl(Controls controls, SandboxFaults faults) {
    this.controls = controls;
    this.faults = faults;
  }

  /**
   * @param accountId an account of the seed
   * @param status {@code ACTIVE}, {@code SUSPENDED} or {@code PENDING_CLOSURE} (AWS Organizations' statuses; a closed
   *     account is {@code SUSPENDED} there until AWS removes it)
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed or the status is unknown
   */
  public SandboxControl accountStatus(String accountId, String status) {
    controls.accountStatus(Objects.requireNonNull(accountId, "accountId"), Objects.requireNonNull(status, "status"));
    return this;
  }

  /**
   * @param accountId an account of the seed
   * @return {@code ACTIVE}, {@code SUSPENDED}, {@code PENDING_CLOSURE}, or {@code REMOVED} once removed from the
   *     organization
   * @throws IllegalArgumentException when the account is not in the seed
   */
  public String accountStatus(String accountId) {
    return controls.accountStatus(Objects.requireNonNull(accountId, "accountId"));
  }

  /**
   * @param accountId an account of the seed, suspended from now on
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed
   */
  public SandboxControl suspend(String accountId) {
    return accountStatus(accountId, "SUSPENDED");
  }

  /**
   * @param accountId an account of the seed, removed from the organization from now on (it keeps being listed where
   *     its sets were provisioned, as on AWS; new provisioning to it fails)
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed
   */
  public SandboxControl removeFromOrganization(String accountId) {
    controls.member(Objects.requireNonNull(accountId, "accountId"), false);
    return this;
  }

  /**
   * @param accountId an account of the seed, back in the organization
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed
   */
  public SandboxControl addToOrganization(String accountId) {
    controls.member(Objects.requireNonNull(accountId, "accountId"), true);
    return this;
  }

  /**
   * @param accountId an account of the seed
   * @param name the policy name
   * @param path the policy path, {@code /} when null
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed or the name or path is invalid
   */
  public SandboxControl createCustomerManagedPolicy(String accountId, String name, String path) {
    controls.policy(Objects.requireNonNull(accountId, "accountId"), new SandboxSeed.Policy(name, path), true);
    return this;
  }

  /**
   * @param accountId an account of the seed
   * @param name the policy name
   * @param path the policy path, {@code /} when null
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed or the name or path is invalid
   */
  public SandboxControl deleteCustomerManagedPolicy(String accountId, String name, String path) {
    controls.policy(Objects.requireNonNull(accountId, "accountId"), new SandboxSeed.Policy(name, path), false);
    return this;
  }

  /**
   * @param accountId an account of the seed
   * @param quota IAM's quota "Managed policies attached to an IAM role" in that account: 10 by default, 20 at most;
   *     provisioning a set with more AWS managed plus customer managed policies there FAILS
   * @return this
   * @throws IllegalArgumentException when the account is not in the seed or the quota is outside 1..20
   */
  public SandboxControl managedPoliciesPerRole(String accountId, int quota) {
    controls.managedPoliciesPerRole(Objects.requireNonNull(accountId, "accountId"), quota);
    return this;
  }

  /**
   * @param permissionSets permission sets the instance may hold: 2000 by default (adjustable on AWS)
   * @param provisionedPerAccount permission sets provisioned to one account: 250 by default (adjustable on AWS)
   * @return this
   * @throws IllegalArgumentException when either is below 1
   */
  public SandboxControl quotas(int permissionSets, int provisionedPerAccount) {
    controls.quotas(permissionSets, provisionedPerAccount);
    return this;
  }

  /**
   * @param delay how long a change to a permission set takes to propagate (sandbox time): another write to the same
   *     set sooner (a change, a provisioning, an account assignment) is answered {@code ConflictException}, the
   *     exception AWS documents for "a conflict with a previous successful write" that "did not have time to
   *     propagate"; {@link Duration#ZERO} (the default) turns it off
   * @return this
   * @throws NullPointerException when null
   * @throws IllegalArgumentException when negative
   */
  public SandboxControl writePropagation(Duration delay) {
    controls.writePropagation(Objects.requireNonNull(delay, "delay"));
    return this;
  }

  /**
   * @param lag how far in the past list operations read the state (sandbox time)
   * @param varies whether each list call draws its own lag between 0 and {@code lag}
   * @return this
   * @throws NullPointerException when {@code lag} is null
   * @throws IllegalArgumentException when {@code lag} is negative
   */
  public SandboxControl listVisibilityLag(Duration lag, boolean varies) {
    faults.listVisibilityLag(lag).listLagVaries(varies);
    return this;
  }

  /**
   * Test facility (no AWS counterpart): from now on, requests that reach the end of their provisioning stay
   * IN_PROGRESS until {@link #releaseCompletions()}, however long that takes. Lets a test keep requests running
   * across a step whose duration it does not control (a JVM starting, a process killed and rerun) without wall-clock
   * margins.
   *
   * @return this
   */
  public SandboxControl holdCompletions() {
    controls.holdCompletions(true);
    return this;
  }

  /**
   * Test facility (no AWS counterpart): ends {@link #holdCompletions()}: every completion held meanwhile is applied
   * now, in the order they fell due.
   *
   * @return this
   */
  public SandboxControl releaseCompletions() {
    controls.holdCompletions(false);
    return this;
  }

  /**
   * @return how many requests have reached their end but are held IN_PROGRESS by {@link #holdCompletions()}
   */
  public int heldCompletions() {
    return controls.heldCompletions();
  }

  /**
   * Test facility (no AWS counterpart): adds {@code count} finished provisioning requests of the set to the status
   * history directly, accepted and completed now, without an API call. Benchmarks use it to start on a large instance
   * (for example 50,000 history entries, some FAILED) in milliseconds; where the set is provisioned is unchanged.
   *
   * @param permissionSetArn an existing permission set of the instance
   * @param count requests to add, at least 0
   * @param failureReason null: the requests SUCCEEDED; otherwise they FAILED with this reason
   * @return the request ids added, in history order
   * @throws IllegalArgumentException when the set is unknown or the count negative
   */
  public List<String> seedHistory(String permissionSetArn, int count, String failureReason) {
    return controls.seedHistory(Objects.requireNonNull(permissionSetArn, "permissionSetArn"), count, failureReason);
  }

  /**
   * Test facility (no AWS counterpart): marks the set's current version provisioned to the accounts directly, as if
   * a provisioning had completed there now, without a request in the status history. Benchmarks use it to set up an
   * update (sets already provisioned to thousands of accounts) before the timed part.
   *
   * @param permissionSetArn an existing permission set of the instance
   * @param accountIds accounts of the seed
   * @return this
   * @throws IllegalArgumentException when the set or an account is unknown
   */
  public SandboxControl seedProvisioned(String permissionSetArn, Collection<String> accountIds) {
    controls.seedProvisioned(Objects.requireNonNull(permissionSetArn, "permissionSetArn"),
        List.copyOf(Objects.requireNonNull(accountIds, "accountIds")));
    return this;
  }
}
