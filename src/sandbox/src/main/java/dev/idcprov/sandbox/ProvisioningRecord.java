package dev.idcprov.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The sandbox's ground truth about one {@code ProvisionPermissionSet} request, for tests and benchmarks to compare with
 * what a client observed over the API.
 *
 * @param requestId the request id returned by {@code ProvisionPermissionSet}
 * @param instanceArn the instance the request was made in
 * @param permissionSetArn the permission set being provisioned
 * @param targetType {@code AWS_ACCOUNT} or {@code ALL_PROVISIONED_ACCOUNTS}
 * @param accountId the target account, {@code null} for {@code ALL_PROVISIONED_ACCOUNTS}
 * @param coveredAccounts every account the request applies to, in sandbox order
 * @param status {@code IN_PROGRESS}, {@code SUCCEEDED} or {@code FAILED}
 * @param failureReason the service's failure reason when {@code FAILED}, otherwise {@code null}
 * @param createdAt when the request was accepted (sandbox clock)
 * @param completedAt the wall-clock moment the request became terminal, {@code null} while in progress
 */
public record ProvisioningRecord(
    String requestId,
    String instanceArn,
    String permissionSetArn,
    String targetType,
    String accountId,
    List<String> coveredAccounts,
    String status,
    String failureReason,
    Instant createdAt,
    Instant completedAt) {

  /**
   * Copies {@code coveredAccounts}; rejects null required components.
   *
   * @param requestId the request id returned by {@code ProvisionPermissionSet}
   * @param instanceArn the instance the request was made in
   * @param permissionSetArn the permission set being provisioned
   * @param targetType {@code AWS_ACCOUNT} or {@code ALL_PROVISIONED_ACCOUNTS}
   * @param accountId the target account, {@code null} for {@code ALL_PROVISIONED_ACCOUNTS}
   * @param coveredAccounts every account the request applies to, in sandbox order
   * @param status {@code IN_PROGRESS}, {@code SUCCEEDED} or {@code FAILED}
   * @param failureReason the service's failure reason when {@code FAILED}, otherwise {@code null}
   * @param createdAt when the request was accepted (sandbox clock)
   * @param completedAt the wall-clock moment the request became terminal, {@code null} while in progress
   */
  public ProvisioningRecord {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
    coveredAccounts = List.copyOf(coveredAccounts);
  }

  /** @return whether the request has reached {@code SUCCEEDED} or {@code FAILED} */
  public boolean isTerminal() {
    return !"IN_PROGRESS".equals(status);
  }
}
