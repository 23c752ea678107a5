package dev.idcprov.waiter;

import java.time.Instant;
import java.util.Objects;

/**
 * The final state of one permission-set provisioning request, as reported by IAM Identity Center.
 *
 * <p>Only requests that have left {@code IN_PROGRESS} have an outcome; requests still pending when a
 * wait ends are named by {@link ProvisioningTimeoutException#pendingRequestIds()}.
 *
 * @param requestId        the RequestId returned by {@code ProvisionPermissionSet}
 * @param status           {@link Status#SUCCEEDED} or {@link Status#FAILED}
 * @param failureReason    the AWS {@code FailureReason}; non-null only when {@code status} is FAILED
 *                         (AWS may omit it, in which case a placeholder saying so is used)
 * @param accountId        the target account, or {@code null} when neither the caller nor AWS named it
 *                         (for example an {@code ALL_PROVISIONED_ACCOUNTS} request that succeeded)
 * @param permissionSetArn the permission set, or {@code null} when unknown
 * @param createdDate      when AWS created the request, or {@code null} when unknown
 */
public record RequestOutcome(String requestId, Status status, String failureReason, String accountId,
                             String permissionSetArn, Instant createdDate) {

  /** Terminal provisioning status. */
  public enum Status {
    /** The permission set's latest version is provisioned to the target. */
    SUCCEEDED,
    /** Provisioning failed; {@link RequestOutcome#failureReason()} says why. */
    FAILED
  }

  /**
   * Creates an outcome.
   *
   * @param requestId        the RequestId returned by {@code ProvisionPermissionSet}
   * @param status           {@link Status#SUCCEEDED} or {@link Status#FAILED}
   * @param failureReason    the AWS {@code FailureReason}; non-null only when {@code status} is FAILED
   *                         (AWS may omit it, in which case a placeholder saying so is used)
   * @param accountId        the target account, or {@code null} when neither the caller nor AWS named it
   *                         (for example an {@code ALL_PROVISIONED_ACCOUNTS} request that succeeded)
   * @param permissionSetArn the permission set, or {@code null} when unknown
   * @param createdDate      when AWS created the request, or {@code null} when unknown
   * @throws NullPointerException if {@code requestId} or {@code status} is null
   */
  public RequestOutcome {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
  }

  /** @return true when the request failed */
  public boolean failed() {
    return status == Status.FAILED;
  }
}
