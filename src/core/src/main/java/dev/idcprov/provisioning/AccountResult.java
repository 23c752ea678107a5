package dev.idcprov.provisioning;

import dev.idcprov.waiter.RequestOutcome;
import java.util.Objects;

/**
 * What a provisioning run did for one (permission set, account) pair, from {@link ProvisioningReport#accountResults()}.
 *
 * @param permissionSetArn the permission set
 * @param accountId        the account
 * @param requestId        the request that covered the account: its own, or the {@code ALL_PROVISIONED_ACCOUNTS}
 *                         request that stood for it
 * @param status           that request's status for this account
 * @param failureReason    AWS's reason when {@code status} is FAILED, else null
 * @param basis            what the status rests on
 */
public record AccountResult(String permissionSetArn, String accountId, String requestId,
                            RequestOutcome.Status status, String failureReason, Basis basis) {

  /** What an account's status rests on. */
  public enum Basis {
    /** The outcome of the account's own request (one {@code AWS_ACCOUNT} target, a follow-up included). */
    OWN_REQUEST,
    /**
     * An {@code ALL_PROVISIONED_ACCOUNTS} request that SUCCEEDED, whose accounts the plan listed
     * ({@link ProvisioningPlan#coveredBy(String)}): it provisioned the latest version to each of them.
     */
    COVERED,
    /**
     * An {@code ALL_PROVISIONED_ACCOUNTS} request that FAILED, after which a read of the set's up-to-date accounts
     * ({@code ListAccountsForProvisionedPermissionSet} filtered by {@code LATEST_PERMISSION_SET_PROVISIONED}, sent no
     * earlier than {@code listStaleness} after AWS accepted the request, so showing a state no older than it) listed
     * the account (one the request covered, when the plan listed them): it runs the latest version, provisioned by
     * that request (or, in a race, by another tool in the meantime). Reported SUCCEEDED. Always a positive read,
     * never an absence from the outdated list: a covered account in neither list (its assignment deleted
     * meanwhile, say) gets no per-account entry, and one still outdated gets its follow-up's.
     */
    READ_AFTER_FAILURE
  }

  /**
   * @param permissionSetArn the permission set
   * @param accountId        the account
   * @param requestId        the request that covered the account
   * @param status           that request's status for this account
   * @param failureReason    AWS's reason when FAILED, else null
   * @param basis            what the status rests on
   * @throws NullPointerException if any argument but {@code failureReason} is null
   */
  public AccountResult {
    Objects.requireNonNull(permissionSetArn, "permissionSetArn");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(basis, "basis");
  }
}
