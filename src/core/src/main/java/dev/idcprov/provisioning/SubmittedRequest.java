package dev.idcprov.provisioning;

import dev.idcprov.waiter.TrackedRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@code ProvisionPermissionSet} request AWS accepted for a planned target: one this run submitted, or one found
 * IN_PROGRESS for the same target and adopted instead of submitting again (after a lost response, a
 * ConflictException, or a previous run that was killed).
 *
 * @param requestId   the RequestId AWS returned (or the adopted request's)
 * @param target      the planned target it provisions
 * @param createdDate when AWS created it, or null when AWS did not say
 * @param adopted     true when the request was found IN_PROGRESS rather than submitted by this run; for an account
 *                    target it may be its permission set's ALL_PROVISIONED_ACCOUNTS request
 */
public record SubmittedRequest(String requestId, PlannedTarget target, Instant createdDate, boolean adopted) {

  /**
   * @param requestId   the RequestId AWS returned
   * @param target      the planned target it provisions
   * @param createdDate when AWS created it, or null when AWS did not say
   * @param adopted     true when found IN_PROGRESS rather than submitted by this run
   * @throws NullPointerException if {@code requestId} or {@code target} is null
   */
  public SubmittedRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(target, "target");
  }

  /**
   * A request this run submitted.
   *
   * @param requestId   the RequestId AWS returned
   * @param target      the planned target it provisions
   * @param createdDate when AWS created it, or null when AWS did not say
   * @throws NullPointerException if {@code requestId} or {@code target} is null
   */
  public SubmittedRequest(String requestId, PlannedTarget target, Instant createdDate) {
    this(requestId, target, createdDate, false);
  }

  /** @return this request as the waiter tracks it */
  public TrackedRequest toTracked() {
    return new TrackedRequest(requestId, target.accountId(), target.permissionSetArn(), createdDate);
  }
}
