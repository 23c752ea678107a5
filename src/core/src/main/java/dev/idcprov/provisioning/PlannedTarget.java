package dev.idcprov.provisioning;

import java.util.Objects;

/**
 * One {@code ProvisionPermissionSet} call the provisioner will make.
 *
 * @param permissionSetArn the permission set
 * @param accountId        the account of an account target; null for an {@code ALL_PROVISIONED_ACCOUNTS} request
 *                         ({@link Reason#ALL_PROVISIONED_ACCOUNTS}, {@link Reason#ALL_OUTDATED})
 * @param reason           why it is provisioned
 */
public record PlannedTarget(String permissionSetArn, String accountId, Reason reason) {

  /** Why a target is provisioned. */
  public enum Reason {
    /** The account runs an older version of the permission set. */
    OUTDATED,
    /** The permission set was never provisioned to the account. */
    NOT_PROVISIONED,
    /** Provisioning was forced, though the account is up to date. */
    FORCED,
    /** One request covering every account the permission set is provisioned to (forced). */
    ALL_PROVISIONED_ACCOUNTS,
    /**
     * One {@code ALL_PROVISIONED_ACCOUNTS} request standing for the outdated accounts of a permission set whose every
     * provisioned account is outdated (an update after a policy change): one call instead of one per account. The
     * accounts it covers are {@link ProvisioningPlan#coveredBy(String)} when planning listed them (empty when it
     * decided from no account being up to date: every account the set is provisioned to); if it FAILS, those still
     * outdated are provisioned one by one as {@link #FOLLOW_UP} targets.
     */
    ALL_OUTDATED,
    /**
     * An account still outdated after its permission set's {@link #ALL_OUTDATED} request FAILED: provisioned on its
     * own, so that its failure (if any) comes back with its account and AWS's reason.
     */
    FOLLOW_UP;

    /** @return true for the reasons of an {@code ALL_PROVISIONED_ACCOUNTS} request (no account) */
    public boolean coversAllAccounts() {
      return this == ALL_PROVISIONED_ACCOUNTS || this == ALL_OUTDATED;
    }
  }

  /**
   * @param permissionSetArn the permission set
   * @param accountId        the account of an account target; null for an {@code ALL_PROVISIONED_ACCOUNTS}
   *                         request
   * @param reason           why it is provisioned
   * @throws NullPointerException     if {@code permissionSetArn} or {@code reason} is null
   * @throws IllegalArgumentException if {@code accountId} is null for an account target, or set for an
   *                                  ALL_PROVISIONED_ACCOUNTS or ALL_OUTDATED target
   */
  public PlannedTarget {
    Objects.requireNonNull(permissionSetArn, "permissionSetArn");
    Objects.requireNonNull(reason, "reason");
    if (reason.coversAllAccounts() != (accountId == null)) {
      throw new IllegalArgumentException("accountId must be null exactly when reason is ALL_PROVISIONED_ACCOUNTS or "
          + "ALL_OUTDATED, got reason " + reason + " and accountId " + accountId);
    }
  }

  /** @return {@code AWS_ACCOUNT} or {@code ALL_PROVISIONED_ACCOUNTS}, the API's TargetType */
  public String targetType() {
    return accountId == null ? "ALL_PROVISIONED_ACCOUNTS" : "AWS_ACCOUNT";
  }
}
