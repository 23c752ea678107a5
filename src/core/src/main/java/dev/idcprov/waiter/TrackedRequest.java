package dev.idcprov.waiter;

import java.time.Instant;
import java.util.Objects;

/**
 * A provisioning request to wait for: its RequestId plus whatever the caller already knows about it.
 *
 * <p>The provisioner knows the account and permission set of every request it submits and passes them
 * here, so the waiter need not ask AWS for them; a caller that only has RequestIds uses
 * {@link #of(String)} and the waiter fills in what AWS reports.
 *
 * @param requestId        the RequestId returned by {@code ProvisionPermissionSet}; never null
 * @param accountId        the target account, or null when unknown or {@code ALL_PROVISIONED_ACCOUNTS}
 * @param permissionSetArn the permission set, or null when unknown
 * @param createdDate      when AWS created the request, or null when unknown
 */
public record TrackedRequest(String requestId, String accountId, String permissionSetArn, Instant createdDate) {

  /**
   * Creates a tracked request.
   *
   * @param requestId        the RequestId returned by {@code ProvisionPermissionSet}; never null
   * @param accountId        the target account, or null when unknown or {@code ALL_PROVISIONED_ACCOUNTS}
   * @param permissionSetArn the permission set, or null when unknown
   * @param createdDate      when AWS created the request, or null when unknown
   * @throws NullPointerException if {@code requestId} is null
   */
  public TrackedRequest {
    Objects.requireNonNull(requestId, "requestId");
  }

  /**
   * A request known by its id only.
   *
   * @param requestId the RequestId
   * @return the tracked request
   */
  public static TrackedRequest of(String requestId) {
    return new TrackedRequest(requestId, null, null, null);
  }
}
