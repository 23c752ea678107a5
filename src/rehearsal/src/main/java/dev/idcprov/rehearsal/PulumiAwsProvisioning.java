package dev.idcprov.rehearsal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * What pulumi-aws (terraform-provider-aws's {@code internal/service/ssoadmin}, which it bridges) does after each
 * write to a permission set: {@code ProvisionPermissionSet} with {@code ALL_PROVISIONED_ACCOUNTS}, then
 * {@code DescribePermissionSetProvisioningStatus} until the request ends, the first poll after 5 s, then at 0.1 s
 * doubling up to 10 s, within the resource's 10-minute timeout; a FAILED request fails the resource with the AWS
 * {@code FailureReason}. {@code ConflictException} is retried (the provider retries it on every SSO Admin call).
 * All durations are divided by the sandbox's time scale, so they pass as they would against AWS relative to the
 * sandbox's provisioning.
 */
final class PulumiAwsProvisioning {
  /** terraform-provider-aws's delay before the first Describe. */
  static final Duration FIRST_POLL = Duration.ofSeconds(5);
  /** Its shortest poll interval after the first, doubling from here. */
  static final Duration MIN_POLL = Duration.ofMillis(100);
  /** Its longest poll interval. */
  static final Duration MAX_POLL = Duration.ofSeconds(10);
  /** The resources' default create/update/delete timeout. */
  static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final int CONFLICT_ATTEMPTS = 25;

  /**
   * How one provisioning ended.
   *
   * @param requestId the request
   * @param describes how many Describe calls were made
   */
  record Result(String requestId, int describes) {
    @Override
    public String toString() {
      return "ProvisionPermissionSet ALL_PROVISIONED_ACCOUNTS " + requestId + " SUCCEEDED after " + describes
          + " Describe call(s)";
    }
  }

  private final SsoAdminClient client;
  private final double timeScale;

  PulumiAwsProvisioning(SsoAdminClient client, double timeScale) {
    this.client = Objects.requireNonNull(client, "client");
    if (!(timeScale >= 1)) {
      throw new IllegalArgumentException("timeScale must be at least 1, got " + timeScale);
    }
    this.timeScale = timeScale;
  }

  /**
   * Provisions the set to every account it is provisioned to and waits, as pulumi-aws does.
   *
   * @param resource      the pulumi-aws resource's name, for messages
   * @param instanceArn   the instance
   * @param permissionSetArn the set
   * @return how it ended
   * @throws IllegalStateException with the AWS FailureReason when the request FAILED, or when it did not end in time
   */
  Result provisionAll(String resource, String instanceArn, String permissionSetArn) {
    PermissionSetProvisioningStatus status = submit(resource, instanceArn, permissionSetArn);
    Instant deadline = Instant.now().plus(scaled(TIMEOUT));
    Duration next = scaled(FIRST_POLL);
    Duration interval = MIN_POLL;
    int describes = 0;
    while (status.status() == StatusValues.IN_PROGRESS) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(resource + ": waiting for SSO Permission Set (" + permissionSetArn
            + ") to provision: timeout while waiting for state to become 'SUCCEEDED'");
      }
      sleep(next);
      String id = status.requestId();
      status = client.describePermissionSetProvisioningStatus(r -> r.instanceArn(instanceArn)
          .provisionPermissionSetRequestId(id)).permissionSetProvisioningStatus();
      describes++;
      next = scaled(interval);
      interval = interval.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : interval.multipliedBy(2);
    }
    if (status.status() != StatusValues.SUCCEEDED) {
      throw new IllegalStateException(resource + ": waiting for SSO Permission Set (" + permissionSetArn
          + ") to provision: unexpected state '" + status.statusAsString() + "', wanted target 'SUCCEEDED'. last "
          + "error: " + status.failureReason());
    }
    return new Result(status.requestId(), describes);
  }

  private PermissionSetProvisioningStatus submit(String resource, String instanceArn, String permissionSetArn) {
    Duration backoff = MIN_POLL;
    for (int attempt = 1; ; attempt++) {
      try {
        return client.provisionPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(permissionSetArn)
            .targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS)).permissionSetProvisioningStatus();
      } catch (ConflictException e) {
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw new IllegalStateException(resource + ": provisioning SSO Permission Set (" + permissionSetArn
              + "): exceeded maximum number of attempts, " + CONFLICT_ATTEMPTS + ", " + e.getMessage(), e);
        }
        sleep(scaled(backoff));
        backoff = backoff.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : backoff.multipliedBy(2);
      }
    }
  }

  private Duration scaled(Duration d) {
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(d.toNanos() / timeScale)));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for provisioning", e);
    }
  }
}
