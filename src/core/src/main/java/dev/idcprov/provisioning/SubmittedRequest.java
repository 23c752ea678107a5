package dev.idcprov.provisioning;

import dev.idcprov.waiter.TrackedRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@code ProvisionPermissionSet} call that AWS accepted.
 *
 * @param requestId   the RequestId AWS returned
 * @param target      the planned target it provisions
 * @param createdDate when AWS created it, or null when AWS did not say
 */
public record SubmittedRequest(String requestId, PlannedTarget target, Instant createdDate) {

  /**
   * @param requestId   the RequestId AWS returned
   * @param target      the planned target it provisions
   * @param createdDate when AWS created it, or null when AWS did not say
   * @throws NullPointerException if {@code requestId} or {@code target} is null
   */
  public SubmittedRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(target, "target");
  }

  /** @return this request as the waiter tracks it */
  public TrackedRequest toTracked() {
    return new TrackedRequest(requestId, target.accountId(), target.permissionSetArn(), createdDate);
  }
}
