package dev.idcprov.provisioning;

import java.util.Objects;

/**
 * One {@code ProvisionPermissionSet} call the provisioner will make.
 *
 * @param permissionSetArn the permission set
 * @param accountId        the account for {@link Reason#ALL_PROVISIONED_ACCOUNTS}-less targets; null for an
 *                         {@code ALL_PROVISIONED_ACCOUNTS} request
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
    ALL_PROVISIONED_ACCOUNTS
  }

  /**
   * @param permissionSetArn the permission set
   * @param accountId        the account for {@link Reason#ALL_PROVISIONED_ACCOUNTS}-less targets; null for an
   *                         {@code ALL_PROVISIONED_ACCOUNTS} request
   * @param reason           why it is provisioned
   * @throws NullPointerException     if {@code permissionSetArn} or {@code reason} is null
   * @throws IllegalArgumentException if {@code accountId} is null for an account target, or set for an
   *                                  ALL_PROVISIONED_ACCOUNTS target
   */
  public PlannedTarget {
    Objects.requireNonNull(permissionSetArn, "permissionSetArn");
    Objects.requireNonNull(reason, "reason");
    if ((reason == Reason.ALL_PROVISIONED_ACCOUNTS) != (accountId == null)) {
      throw new IllegalArgumentException("accountId must be null exactly when reason is ALL_PROVISIONED_ACCOUNTS");
    }
  }

  /** @return {@code AWS_ACCOUNT} or {@code ALL_PROVISIONED_ACCOUNTS}, the API's TargetType */
  public String targetType() {
    return accountId == null ? "ALL_PROVISIONED_ACCOUNTS" : "AWS_ACCOUNT";
  }
}
