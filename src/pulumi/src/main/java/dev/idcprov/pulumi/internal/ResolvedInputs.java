package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The component's inputs once resolved and checked, with the stack-config defaults applied.
 *
 * @param instanceArn            the instance
 * @param permissionSetArns      the permission sets
 * @param accountIds             the target accounts; empty when {@code allProvisionedAccounts}
 * @param allProvisionedAccounts whether the targets are every provisioned account
 * @param force                  whether up-to-date targets are provisioned too
 * @param timeoutSeconds         the wait's deadline, input seconds
 * @param pollIntervalSeconds    the shortest gap between polls, input seconds
 * @param maxRequestsPerSecond   the requested call rate, or null for the default
 * @param clientSettings         how to build the SSO Admin client
 */
public record ResolvedInputs(String instanceArn, List<String> permissionSetArns, List<String> accountIds,
                             boolean allProvisionedAccounts, boolean force, int timeoutSeconds,
                             int pollIntervalSeconds, Double maxRequestsPerSecond,
                             AwsClientSettings clientSettings) {
  /** Deadline when {@code timeoutSeconds} is not given: 15 minutes. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 900;
  /** Poll interval when {@code pollIntervalSeconds} is not given. */
  public static final int DEFAULT_POLL_INTERVAL_SECONDS = 1;

  /** The raw values of the inputs as they resolved; any may be null. */
  public record Raw(String instanceArn, List<String> permissionSetArns, List<String> accountIds,
                    Boolean allProvisionedAccounts, Boolean force, Number timeoutSeconds,
                    Number pollIntervalSeconds, Number maxRequestsPerSecond, String region, String profile,
                    String endpoint) {
  }

  /**
   * Checks the raw values; stack config fills region and profile where the inputs leave them unset.
   *
   * @param raw           the resolved values
   * @param configRegion  the stack's {@code aws:region}, or null
   * @param configProfile the stack's {@code aws:profile}, or null
   * @return the checked inputs
   * @throws IllegalArgumentException naming the input, if one is missing or invalid, or targets conflict
   */
  public static ResolvedInputs check(Raw raw, String configRegion, String configProfile) {
    if (raw.instanceArn() == null) {
      throw new IllegalArgumentException("instanceArn is required: give the IAM Identity Center instance ARN");
    }
    String instanceArn = InputChecks.instanceArn(raw.instanceArn());
    if (raw.permissionSetArns() == null) {
      throw new IllegalArgumentException("permissionSetArns is required: give at least one permission set ARN");
    }
    List<String> permissionSetArns = InputChecks.permissionSetArns(raw.permissionSetArns());
    boolean all = Boolean.TRUE.equals(raw.allProvisionedAccounts());
    if (all && raw.accountIds() != null) {
      throw new IllegalArgumentException(
          "accountIds and allProvisionedAccounts conflict: give either accountIds or allProvisionedAccounts=true, "
              + "not both");
    }
    if (!all && raw.accountIds() == null) {
      throw new IllegalArgumentException("targets are required: give accountIds, or allProvisionedAccounts=true");
    }
    List<String> accountIds = all ? List.of() : InputChecks.accountIds(raw.accountIds());
    int timeout = raw.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS
        : InputChecks.timeoutSeconds(whole("timeoutSeconds", raw.timeoutSeconds()));
    int poll = raw.pollIntervalSeconds() == null ? DEFAULT_POLL_INTERVAL_SECONDS
        : InputChecks.pollIntervalSeconds(whole("pollIntervalSeconds", raw.pollIntervalSeconds()));
    if (poll > timeout) {
      throw new IllegalArgumentException("pollIntervalSeconds (" + poll + ") must not exceed timeoutSeconds ("
          + timeout + ")");
    }
    Double rate = raw.maxRequestsPerSecond() == null ? null
        : InputChecks.maxRequestsPerSecond(raw.maxRequestsPerSecond().doubleValue());
    String region = raw.region() != null ? InputChecks.region(raw.region())
        : configRegion != null ? configValue("aws:region", () -> InputChecks.region(configRegion)) : null;
    String profile = raw.profile() != null ? InputChecks.profile(raw.profile())
        : configProfile != null ? configValue("aws:profile", () -> InputChecks.profile(configProfile)) : null;
    AwsClientSettings.Builder settings = AwsClientSettings.builder().region(region).profile(profile);
    if (raw.endpoint() != null) {
      settings.endpoint(InputChecks.toUri(InputChecks.endpoint(raw.endpoint())));
    }
    return new ResolvedInputs(instanceArn, permissionSetArns, accountIds, all,
        Boolean.TRUE.equals(raw.force()), timeout, poll, rate, settings.build());
  }

  /**
   * @param listener receives progress while waiting
   * @param time     the length of an input second
   * @return the library request for these inputs, durations in {@code time}
   */
  public ProvisioningRequest toRequest(ProgressListener listener, ComponentTime time) {
    Duration poll = time.seconds(pollIntervalSeconds);
    Duration maxPoll = time.seconds(Math.max(pollIntervalSeconds, WaitOptions.DEFAULT_MAX_POLL_INTERVAL.toSeconds()));
    WaitOptions wait = WaitOptions.builder()
        .timeout(time.seconds(timeoutSeconds))
        .pollInterval(poll)
        .maxPollInterval(maxPoll)
        .retryBaseDelay(time.scaled(WaitOptions.DEFAULT_RETRY_BASE_DELAY))
        .retryMaxDelay(time.scaled(WaitOptions.DEFAULT_RETRY_MAX_DELAY))
        .build();
    ProvisioningRequest.Builder b = ProvisioningRequest.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(permissionSetArns)
        .force(force)
        .waitOptions(wait)
        .listener(listener)
        .conflictBaseDelay(time.scaled(ProvisioningRequest.DEFAULT_CONFLICT_BASE_DELAY))
        .conflictMaxDelay(time.scaled(ProvisioningRequest.DEFAULT_CONFLICT_MAX_DELAY));
    if (allProvisionedAccounts) {
      b.allProvisionedAccounts();
    } else {
      b.accountIds(accountIds);
    }
    return b.build();
  }

  /**
   * @param time the length of an input second
   * @return the deadline as a real duration
   */
  public Duration timeout(ComponentTime time) {
    return time.seconds(timeoutSeconds);
  }

  private static int whole(String field, Number n) {
    double d = n.doubleValue();
    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + " must be a whole number of seconds, got " + n);
    }
    return (int) d;
  }

  private static String configValue(String key, Supplier<String> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stack config " + key + ": " + e.getMessage(), e);
    }
  }
}
