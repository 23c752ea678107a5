package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * The component's inputs once resolved and checked, with the identity the component acts as: the explicit inputs,
 * else an aws {@code Provider} from the options, else the stack's {@code aws:*} config (what the pulumi-aws default
 * provider reads), else the AWS SDK's chains.
 *
 * @param instanceArn            the instance
 * @param permissionSetArns      the permission sets
 * @param accountIds             the target accounts; empty when {@code allProvisionedAccounts}
 * @param allProvisionedAccounts whether the targets are every provisioned account
 * @param force                  whether up-to-date targets are provisioned too
 * @param timeoutSeconds         the wait's deadline, input seconds
 * @param pollIntervalSeconds    the shortest gap between polls, input seconds
 * @param maxRequestsPerSecond   the requested call rate, or null for the default
 * @param identity               who the component acts as
 * @param collapseToAllProvisionedAccounts whether an update of a fully outdated set may be one
 *                               ALL_PROVISIONED_ACCOUNTS request
 */
public record ResolvedInputs(String instanceArn, List<String> permissionSetArns, List<String> accountIds,
                             boolean allProvisionedAccounts, boolean force, int timeoutSeconds,
                             int pollIntervalSeconds, Double maxRequestsPerSecond,
                             AwsIdentity identity, boolean collapseToAllProvisionedAccounts) {
  /** Deadline when {@code timeoutSeconds} is not given: 15 minutes. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 900;
  /** Poll interval when {@code pollIntervalSeconds} is not given. */
  public static final int DEFAULT_POLL_INTERVAL_SECONDS = 1;

  /**
   * The inputs with {@code collapseToAllProvisionedAccounts} at its default (true).
   *
   * @param instanceArn            the instance
   * @param permissionSetArns      the permission sets
   * @param accountIds             the target accounts; empty when {@code allProvisionedAccounts}
   * @param allProvisionedAccounts whether the targets are every provisioned account
   * @param force                  whether up-to-date targets are provisioned too
   * @param timeoutSeconds         the wait's deadline, input seconds
   * @param pollIntervalSeconds    the shortest gap between polls, input seconds
   * @param maxRequestsPerSecond   the requested call rate, or null for the default
   * @param identity               who the component acts as
   */
  public ResolvedInputs(String instanceArn, List<String> permissionSetArns, List<String> accountIds,
                        boolean allProvisionedAccounts, boolean force, int timeoutSeconds, int pollIntervalSeconds,
                        Double maxRequestsPerSecond, AwsIdentity identity) {
    this(instanceArn, permissionSetArns, accountIds, allProvisionedAccounts, force, timeoutSeconds,
        pollIntervalSeconds, maxRequestsPerSecond, identity, true);
  }

  /** The raw values of the inputs as they resolved; any may be null. */
  public record Raw(String instanceArn, List<String> permissionSetArns, List<String> accountIds,
                    Boolean allProvisionedAccounts, Boolean force, Number timeoutSeconds,
                    Number pollIntervalSeconds, Number maxRequestsPerSecond, String region, String profile,
                    String endpoint, Access access, Boolean collapseToAllProvisionedAccounts) {
    /**
     * The raw values without {@code collapseToAllProvisionedAccounts} (null: its default).
     *
     * @param instanceArn            the instance
     * @param permissionSetArns      the permission sets
     * @param accountIds             the target accounts
     * @param allProvisionedAccounts whether the targets are every provisioned account
     * @param force                  whether up-to-date targets are provisioned too
     * @param timeoutSeconds         the deadline, seconds
     * @param pollIntervalSeconds    the shortest gap between polls, seconds
     * @param maxRequestsPerSecond   the requested call rate
     * @param region                 the region
     * @param profile                the profile
     * @param endpoint               the endpoint
     * @param access                 the identity inputs
     */
    public Raw(String instanceArn, List<String> permissionSetArns, List<String> accountIds,
               Boolean allProvisionedAccounts, Boolean force, Number timeoutSeconds, Number pollIntervalSeconds,
               Number maxRequestsPerSecond, String region, String profile, String endpoint, Access access) {
      this(instanceArn, permissionSetArns, accountIds, allProvisionedAccounts, force, timeoutSeconds,
          pollIntervalSeconds, maxRequestsPerSecond, region, profile, endpoint, access, null);
    }
  }

  /**
   * The raw identity inputs; any may be null.
   *
   * @param expectedAccountId     the account the component must act in
   * @param assumeRoleArn         a role to assume instead of the config's
   * @param assumeRoleSessionName its session name
   * @param assumeRoleExternalId  its external id
   * @param noAssumeRole          with a Provider: it assumes no role
   * @param stsEndpoint           the STS endpoint override
   * @param provider              what an aws Provider of the options exposes, or null without one
   */
  public record Access(String expectedAccountId, String assumeRoleArn, String assumeRoleSessionName,
                       String assumeRoleExternalId, Boolean noAssumeRole, String stsEndpoint,
                       ProviderSettings provider) {
  }

  /**
   * What an aws {@code Provider} handed to the component exposes; any value may be null. Its assume-role settings
   * are not exposed, so they must come from the component's inputs.
   *
   * @param name      the provider's resource name
   * @param region    its region
   * @param profile   its profile
   * @param accessKey its access key
   * @param secretKey its secret key
   * @param token     its session token
   */
  public record ProviderSettings(String name, String region, String profile, String accessKey, String secretKey,
                                 String token) {
    @Override
    public String toString() {
      return "ProviderSettings{" + name + ", region=" + region + ", profile=" + profile + ", accessKey="
          + (accessKey == null ? null : AwsIdentity.redact(accessKey)) + '}';
    }
  }

  /**
   * Checks the raw values and settles the identity: inputs first, then an aws Provider of the options (whose
   * assume-role settings must be given as inputs, or {@code noAssumeRole}), else the stack's {@code aws:*} config.
   *
   * @param raw    the resolved values
   * @param config the stack's {@code aws:*} config
   * @return the checked inputs
   * @throws IllegalArgumentException naming the input, if one is missing or invalid, or targets conflict
   */
  public static ResolvedInputs check(Raw raw, AwsStackConfig config) {
    if (raw.instanceArn() == null) {
      throw new IllegalArgumentException("instanceArn is required: give the IAM Identity Center instance ARN");
    }
    String instanceArn = InputChecks.instanceArn(raw.instanceArn());
    if (raw.permissionSetArns() == null) {
      throw new IllegalArgumentException("permissionSetArns is required: give at least one permission set ARN");
    }
    List<String> permissionSetArns = InputChecks.permissionSetArns(raw.permissionSetArns());
    InputChecks.sameInstance(instanceArn, permissionSetArns);
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
    AwsIdentity identity = identity(raw, config);
    return new ResolvedInputs(instanceArn, permissionSetArns, accountIds, all,
        Boolean.TRUE.equals(raw.force()), timeout, poll, rate, identity,
        !Boolean.FALSE.equals(raw.collapseToAllProvisionedAccounts()));
  }

  private static AwsIdentity identity(Raw raw, AwsStackConfig config) {
    Access access = raw.access() == null ? new Access(null, null, null, null, null, null, null) : raw.access();
    ProviderSettings provider = access.provider();
    String expected = access.expectedAccountId() == null ? null
        : InputChecks.accountId("expectedAccountId", access.expectedAccountId());
    List<AwsIdentity.RoleHop> inputRoles = List.of();
    if (access.assumeRoleArn() != null) {
      if (Boolean.TRUE.equals(access.noAssumeRole())) {
        throw new IllegalArgumentException("assumeRoleArn and noAssumeRole conflict: give a role to assume, or "
            + "noAssumeRole=true, not both");
      }
      inputRoles = List.of(new AwsIdentity.RoleHop(InputChecks.roleArn(access.assumeRoleArn()),
          access.assumeRoleSessionName(), access.assumeRoleExternalId(), null, null, null, List.of(),
          java.util.Map.of(), List.of()));
    } else if (access.assumeRoleSessionName() != null || access.assumeRoleExternalId() != null) {
      throw new IllegalArgumentException("assumeRoleSessionName and assumeRoleExternalId need assumeRoleArn: give "
          + "the role to assume");
    }
    URI sts = access.stsEndpoint() == null ? null
        : InputChecks.toUri(named("stsEndpoint", () -> InputChecks.endpoint(access.stsEndpoint())));
    URI ssoadmin = raw.endpoint() == null ? null : InputChecks.toUri(InputChecks.endpoint(raw.endpoint()));
    if (provider != null) {
      // An explicit provider does not read the stack's aws:* config, and does not expose its assume-role settings:
      // the inputs must say which role it assumes, or that it assumes none, so the component never acts as another
      // identity than the resources beside it.
      if (access.assumeRoleArn() == null && !Boolean.TRUE.equals(access.noAssumeRole())) {
        throw new IllegalArgumentException("assumeRoleArn is required with the aws Provider '" + provider.name()
            + "' in the options: a Provider does not expose its assume-role settings, so give the role it assumes "
            + "(assumeRoleArn, and assumeRoleSessionName/assumeRoleExternalId if it sets them), or "
            + "noAssumeRole=true if it assumes none");
      }
      String region = raw.region() != null ? InputChecks.region(raw.region())
          : provider.region() != null ? InputChecks.region(provider.region()) : null;
      String profile = raw.profile() != null ? InputChecks.profile(raw.profile()) : provider.profile();
      boolean keys = raw.profile() == null && provider.accessKey() != null;
      return new AwsIdentity(region, profile, keys ? provider.accessKey() : null,
          keys ? provider.secretKey() : null, keys ? provider.token() : null, inputRoles, ssoadmin, sts, List.of(),
          List.of(), expected, "aws Provider '" + provider.name() + "'");
    }
    if (Boolean.TRUE.equals(access.noAssumeRole())) {
      throw new IllegalArgumentException("noAssumeRole is only for an aws Provider given in the options; without one "
          + "the component follows the stack's aws:assumeRole/aws:assumeRoles config");
    }
    String region = raw.region() != null ? InputChecks.region(raw.region())
        : config.region() != null ? configValue("aws:region", () -> InputChecks.region(config.region())) : null;
    String profile = raw.profile() != null ? InputChecks.profile(raw.profile())
        : config.profile() != null ? configValue("aws:profile", () -> InputChecks.profile(config.profile())) : null;
    // Static keys in config win over a profile in pulumi-aws too; an explicit profile input replaces both.
    boolean keys = raw.profile() == null && config.accessKey() != null;
    return new AwsIdentity(region, profile, keys ? config.accessKey() : null, keys ? config.secretKey() : null,
        keys ? config.token() : null, access.assumeRoleArn() != null ? inputRoles : config.roles(),
        ssoadmin != null ? ssoadmin : config.ssoadminEndpoint(), sts != null ? sts : config.stsEndpoint(),
        config.allowedAccountIds(), config.forbiddenAccountIds(), expected,
        "stack config aws:*");
  }

  private static String named(String field, Supplier<String> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg.replaceFirst("^endpoint", field), e);
    }
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
        .listStaleness(time.scaled(WaitOptions.DEFAULT_LIST_STALENESS))
        .build();
    ProvisioningRequest.Builder b = ProvisioningRequest.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(permissionSetArns)
        .force(force)
        .collapseToAllProvisionedAccounts(collapseToAllProvisionedAccounts)
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
