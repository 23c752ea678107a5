package dev.idcprov.pulumi;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import dev.idcprov.pulumi.internal.InputChecks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@link PermissionSetProvisioning}. Every input is an {@link Output}, so it can come straight from
 * another resource (for example a pulumi-aws {@code ssoadmin.PermissionSet}'s ARN); plain values are wrapped.
 *
 * <p>Required: {@code instanceArn}, {@code permissionSetArns}, and the targets, either {@code accountIds} or
 * {@code allProvisionedAccounts(true)}. Optional, with their defaults:
 * <ul>
 *   <li>{@code force}: false, provision only accounts that do not run the latest version;</li>
 *   <li>{@code collapseToAllProvisionedAccounts}: true, a set whose every provisioned account is outdated and
 *       targeted (an update after a policy change) is updated with one {@code ALL_PROVISIONED_ACCOUNTS} request
 *       (accounts still outdated after it FAILED are then provisioned one by one); false: one request per
 *       account;</li>
 *   <li>{@code timeoutSeconds}: 900, the deadline of the wait;</li>
 *   <li>{@code pollIntervalSeconds}: 1, the shortest gap between status polls;</li>
 *   <li>{@code maxRequestsPerSecond}: 15, the SSO Admin call budget shared by every component of the
 *       program that targets the same instance;</li>
 *   <li>{@code region}, {@code profile}: the stack's {@code aws:region} / {@code aws:profile} config, then
 *       the AWS SDK's chains;</li>
 *   <li>{@code endpoint}: the AWS endpoint (set it to a local sandbox's URL for rehearsals); default the
 *       stack's {@code aws:endpoints} {@code ssoadmin} entry;</li>
 *   <li>{@code stsEndpoint}: the STS endpoint; default the stack's {@code aws:endpoints} {@code sts} entry;</li>
 *   <li>{@code assumeRoleArn}, {@code assumeRoleSessionName}, {@code assumeRoleExternalId}: a role to assume
 *       instead of the stack's {@code aws:assumeRole}/{@code aws:assumeRoles}; required with an aws
 *       {@code Provider} in the options (it does not expose its own), unless {@code noAssumeRole(true)};</li>
 *   <li>{@code expectedAccountId}: the account the component must act in; checked before any write.</li>
 * </ul>
 * Without these, the component acts as the pulumi-aws default provider would: {@code aws:region},
 * {@code aws:profile}, {@code aws:accessKey}/{@code aws:secretKey}/{@code aws:token}, {@code aws:assumeRole}
 * (pulumi-aws 6.x) or {@code aws:assumeRoles} (7.x), {@code aws:endpoints}, {@code aws:allowedAccountIds} /
 * {@code aws:forbiddenAccountIds}.
 * Values are checked when they resolve, before any AWS call; {@link Builder#build()} checks what is
 * known at once (missing required inputs, plain values).
 *
 * <p>Only field types the Pulumi component schema inference accepts are used (strings, numbers, booleans,
 * lists; no enums, no {@code Optional}, no static fields), so the component can be served to other languages.
 *
 * <pre>{@code
 * PermissionSetProvisioningArgs.builder()
 *     .instanceArn(instanceArn)
 *     .permissionSetArns(List.of(permissionSet.arn()))   // Output<String> list via Output.all(...)
 *     .accountIds(List.of("111111111111", "222222222222"))
 *     .build();
 * }</pre>
 *
 * <p>Size: over 400 lines because Pulumi's schema inference needs every input as an annotated field with a
 * getter, and the builder offers each input both as a plain value and as an {@code Output}; no logic to split out.
 */
public final class PermissionSetProvisioningArgs extends ResourceArgs {

  @Import(name = "instanceArn", required = true)
  private Output<String> instanceArn;

  @Import(name = "permissionSetArns", required = true)
  private Output<List<String>> permissionSetArns;

  @Import(name = "accountIds")
  private Output<List<String>> accountIds;

  @Import(name = "allProvisionedAccounts")
  private Output<Boolean> allProvisionedAccounts;

  @Import(name = "force")
  private Output<Boolean> force;

  @Import(name = "collapseToAllProvisionedAccounts")
  private Output<Boolean> collapseToAllProvisionedAccounts;

  @Import(name = "timeoutSeconds")
  private Output<Integer> timeoutSeconds;

  @Import(name = "pollIntervalSeconds")
  private Output<Integer> pollIntervalSeconds;

  @Import(name = "maxRequestsPerSecond")
  private Output<Double> maxRequestsPerSecond;

  @Import(name = "region")
  private Output<String> region;

  @Import(name = "profile")
  private Output<String> profile;

  @Import(name = "endpoint")
  private Output<String> endpoint;

  @Import(name = "expectedAccountId")
  private Output<String> expectedAccountId;

  @Import(name = "assumeRoleArn")
  private Output<String> assumeRoleArn;

  @Import(name = "assumeRoleSessionName")
  private Output<String> assumeRoleSessionName;

  @Import(name = "assumeRoleExternalId")
  private Output<String> assumeRoleExternalId;

  @Import(name = "noAssumeRole")
  private Output<Boolean> noAssumeRole;

  @Import(name = "stsEndpoint")
  private Output<String> stsEndpoint;

  /** For Pulumi's deserializer (multi-language construct); use {@link #builder()}. */
  private PermissionSetProvisioningArgs() {
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the IAM Identity Center instance ARN */
  public Output<String> instanceArn() {
    return instanceArn;
  }

  /** @return the permission set ARNs */
  public Output<List<String>> permissionSetArns() {
    return permissionSetArns;
  }

  /** @return the target accounts, when targets are given accounts */
  public Optional<Output<List<String>>> accountIds() {
    return Optional.ofNullable(accountIds);
  }

  /** @return whether the targets are all accounts each set is provisioned to, when set */
  public Optional<Output<Boolean>> allProvisionedAccounts() {
    return Optional.ofNullable(allProvisionedAccounts);
  }

  /** @return whether up-to-date accounts are provisioned too, when set */
  public Optional<Output<Boolean>> force() {
    return Optional.ofNullable(force);
  }

  /** @return whether an update of a fully outdated set may be one ALL_PROVISIONED_ACCOUNTS request, when set */
  public Optional<Output<Boolean>> collapseToAllProvisionedAccounts() {
    return Optional.ofNullable(collapseToAllProvisionedAccounts);
  }

  /** @return the wait's deadline in seconds, when set */
  public Optional<Output<Integer>> timeoutSeconds() {
    return Optional.ofNullable(timeoutSeconds);
  }

  /** @return the shortest gap between status polls in seconds, when set */
  public Optional<Output<Integer>> pollIntervalSeconds() {
    return Optional.ofNullable(pollIntervalSeconds);
  }

  /** @return the SSO Admin call budget per second for the instance, when set */
  public Optional<Output<Double>> maxRequestsPerSecond() {
    return Optional.ofNullable(maxRequestsPerSecond);
  }

  /** @return the AWS region, when set */
  public Optional<Output<String>> region() {
    return Optional.ofNullable(region);
  }

  /** @return the named AWS profile, when set */
  public Optional<Output<String>> profile() {
    return Optional.ofNullable(profile);
  }

  /** @return the endpoint override, when set */
  public Optional<Output<String>> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** @return the account the component must act in (12 digits); the update fails before any write when the resolved caller is in another account, when set */
  public Optional<Output<String>> expectedAccountId() {
    return Optional.ofNullable(expectedAccountId);
  }

  /** @return a role to assume instead of the stack's aws:assumeRole/aws:assumeRoles (required with an aws Provider in the options, unless noAssumeRole), when set */
  public Optional<Output<String>> assumeRoleArn() {
    return Optional.ofNullable(assumeRoleArn);
  }

  /** @return the session name of assumeRoleArn, when set */
  public Optional<Output<String>> assumeRoleSessionName() {
    return Optional.ofNullable(assumeRoleSessionName);
  }

  /** @return the external id of assumeRoleArn, when set */
  public Optional<Output<String>> assumeRoleExternalId() {
    return Optional.ofNullable(assumeRoleExternalId);
  }

  /** @return with an aws Provider in the options: true when that provider assumes no role, so its own credentials are used, when set */
  public Optional<Output<Boolean>> noAssumeRole() {
    return Optional.ofNullable(noAssumeRole);
  }

  /** @return an STS endpoint override (default: the stack's aws:endpoints sts entry, then AWS), when set */
  public Optional<Output<String>> stsEndpoint() {
    return Optional.ofNullable(stsEndpoint);
  }

  /**
   * Builds {@link PermissionSetProvisioningArgs}. Plain values are checked at once (the stack trace points at
   * the caller); {@link Output} values are checked when they resolve, still before any AWS call.
   */
  public static final class Builder {
    private final PermissionSetProvisioningArgs args = new PermissionSetProvisioningArgs();

    private Builder() {
    }

    /**
     * @param instanceArn the IAM Identity Center instance ARN
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder instanceArn(Output<String> instanceArn) {
      args.instanceArn = Objects.requireNonNull(instanceArn, "instanceArn");
      return this;
    }

    /**
     * @param instanceArn the IAM Identity Center instance ARN, such as
     *                    {@code arn:aws:sso:::instance/ssoins-0123456789abcdef}
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if not an instance ARN
     */
    public Builder instanceArn(String instanceArn) {
      return instanceArn(Output.of(InputChecks.instanceArn(instanceArn)));
    }

    /**
     * @param permissionSetArns the permission sets to provision; non-empty, distinct
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder permissionSetArns(Output<List<String>> permissionSetArns) {
      args.permissionSetArns = Objects.requireNonNull(permissionSetArns, "permissionSetArns");
      return this;
    }

    /**
     * @param permissionSetArns the permission sets to provision; non-empty, distinct
     * @return this builder
     * @throws NullPointerException     if null or an element is null
     * @throws IllegalArgumentException if empty, repeated or not permission set ARNs
     */
    public Builder permissionSetArns(List<String> permissionSetArns) {
      return permissionSetArns(Output.of(InputChecks.permissionSetArns(permissionSetArns)));
    }

    /**
     * @param permissionSetArns the permission sets to provision
     * @return this builder
     * @throws NullPointerException     if null or an element is null
     * @throws IllegalArgumentException if empty, repeated or not permission set ARNs
     */
    public Builder permissionSetArns(String... permissionSetArns) {
      return permissionSetArns(List.of(permissionSetArns));
    }

    /**
     * Targets the given accounts; exclusive with {@link #allProvisionedAccounts(boolean) allProvisionedAccounts}.
     *
     * @param accountIds 12-digit account ids; non-empty, distinct
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder accountIds(Output<List<String>> accountIds) {
      args.accountIds = Objects.requireNonNull(accountIds, "accountIds");
      return this;
    }

    /**
     * Targets the given accounts; exclusive with {@link #allProvisionedAccounts(boolean) allProvisionedAccounts}.
     *
     * @param accountIds 12-digit account ids; non-empty, distinct
     * @return this builder
     * @throws NullPointerException     if null or an element is null
     * @throws IllegalArgumentException if empty, repeated or not 12-digit ids
     */
    public Builder accountIds(List<String> accountIds) {
      return accountIds(Output.of(InputChecks.accountIds(accountIds)));
    }

    /**
     * @param accountIds 12-digit account ids
     * @return this builder
     * @throws NullPointerException     if null or an element is null
     * @throws IllegalArgumentException if empty, repeated or not 12-digit ids
     */
    public Builder accountIds(String... accountIds) {
      return accountIds(List.of(accountIds));
    }

    /**
     * @param allProvisionedAccounts true to target every account each permission set is provisioned to (one
     *                               {@code ALL_PROVISIONED_ACCOUNTS} request per set); exclusive with accountIds
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder allProvisionedAccounts(Output<Boolean> allProvisionedAccounts) {
      args.allProvisionedAccounts = Objects.requireNonNull(allProvisionedAccounts, "allProvisionedAccounts");
      return this;
    }

    /**
     * @param allProvisionedAccounts true to target every account each permission set is provisioned to
     * @return this builder
     */
    public Builder allProvisionedAccounts(boolean allProvisionedAccounts) {
      return allProvisionedAccounts(Output.of(allProvisionedAccounts));
    }

    /**
     * @param force true to provision every target even where the latest version already runs
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder force(Output<Boolean> force) {
      args.force = Objects.requireNonNull(force, "force");
      return this;
    }

    /**
     * @param force true to provision every target even where the latest version already runs
     * @return this builder
     */
    public Builder force(boolean force) {
      return force(Output.of(force));
    }

    /**
     * @param collapse true (the default) to update a set whose every provisioned account is outdated and targeted
     *                 with one ALL_PROVISIONED_ACCOUNTS request; false for one request per account
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder collapseToAllProvisionedAccounts(Output<Boolean> collapse) {
      args.collapseToAllProvisionedAccounts = Objects.requireNonNull(collapse, "collapseToAllProvisionedAccounts");
      return this;
    }

    /**
     * @param collapse true (the default) to update a set whose every provisioned account is outdated and targeted
     *                 with one ALL_PROVISIONED_ACCOUNTS request; false for one request per account
     * @return this builder
     */
    public Builder collapseToAllProvisionedAccounts(boolean collapse) {
      return collapseToAllProvisionedAccounts(Output.of(collapse));
    }

    /**
     * @param timeoutSeconds the wait's deadline in seconds; positive (default 900)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder timeoutSeconds(Output<Integer> timeoutSeconds) {
      args.timeoutSeconds = Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
      return this;
    }

    /**
     * @param timeoutSeconds the wait's deadline in seconds; positive (default 900)
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder timeoutSeconds(int timeoutSeconds) {
      return timeoutSeconds(Output.of(InputChecks.timeoutSeconds(timeoutSeconds)));
    }

    /**
     * @param pollIntervalSeconds the shortest gap between status polls in seconds; positive (default 1)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder pollIntervalSeconds(Output<Integer> pollIntervalSeconds) {
      args.pollIntervalSeconds = Objects.requireNonNull(pollIntervalSeconds, "pollIntervalSeconds");
      return this;
    }

    /**
     * @param pollIntervalSeconds the shortest gap between status polls in seconds; 1 to 60 (default 1)
     * @return this builder
     * @throws IllegalArgumentException if outside 1 to 60
     */
    public Builder pollIntervalSeconds(int pollIntervalSeconds) {
      return pollIntervalSeconds(Output.of(InputChecks.pollIntervalSeconds(pollIntervalSeconds)));
    }

    /**
     * @param maxRequestsPerSecond SSO Admin calls per second for the instance, shared by every component of
     *                             the program that targets it; 0.001 to 20 (default 15)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder maxRequestsPerSecond(Output<Double> maxRequestsPerSecond) {
      args.maxRequestsPerSecond = Objects.requireNonNull(maxRequestsPerSecond, "maxRequestsPerSecond");
      return this;
    }

    /**
     * @param maxRequestsPerSecond SSO Admin calls per second for the instance; 0.001 to 20
     * @return this builder
     * @throws IllegalArgumentException if outside [0.001, 20], or NaN
     */
    public Builder maxRequestsPerSecond(double maxRequestsPerSecond) {
      return maxRequestsPerSecond(Output.of(InputChecks.maxRequestsPerSecond(maxRequestsPerSecond)));
    }

    /**
     * @param region the AWS region of the IAM Identity Center instance (default: {@code aws:region} config,
     *               then the SDK's region chain)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder region(Output<String> region) {
      args.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * @param region the AWS region, such as {@code eu-west-1}
     * @return this builder
     * @throws IllegalArgumentException if not a region name
     */
    public Builder region(String region) {
      return region(Output.of(InputChecks.region(region)));
    }

    /**
     * @param profile a named profile of the shared AWS config files (default: {@code aws:profile} config, then
     *                the SDK's credential chain)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder profile(Output<String> profile) {
      args.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * @param profile a named profile of the shared AWS config files
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder profile(String profile) {
      return profile(Output.of(InputChecks.profile(profile)));
    }

    /**
     * @param endpoint an http(s) endpoint override, such as a local sandbox's URL (default: AWS)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder endpoint(Output<String> endpoint) {
      args.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * @param endpoint an http(s) endpoint override, such as {@code http://127.0.0.1:4566}
     * @return this builder
     * @throws IllegalArgumentException if not an absolute http(s) URL
     */
    public Builder endpoint(String endpoint) {
      return endpoint(Output.of(InputChecks.endpoint(endpoint)));
    }

    /**
     * @param expectedAccountId the account the component must act in (12 digits); the update fails before any write when the resolved caller is in another account
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder expectedAccountId(Output<String> expectedAccountId) {
      args.expectedAccountId = Objects.requireNonNull(expectedAccountId, "expectedAccountId");
      return this;
    }

    /**
     * @param expectedAccountId the account the component must act in (12 digits); the update fails before any write when the resolved caller is in another account
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if malformed
     */
    public Builder expectedAccountId(String expectedAccountId) {
      String v = expectedAccountId;
      return expectedAccountId(Output.of(InputChecks.accountId("expectedAccountId", v)));
    }

    /**
     * @param assumeRoleArn a role to assume instead of the stack's aws:assumeRole/aws:assumeRoles (required with an aws Provider in the options, unless noAssumeRole)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder assumeRoleArn(Output<String> assumeRoleArn) {
      args.assumeRoleArn = Objects.requireNonNull(assumeRoleArn, "assumeRoleArn");
      return this;
    }

    /**
     * @param assumeRoleArn a role to assume instead of the stack's aws:assumeRole/aws:assumeRoles (required with an aws Provider in the options, unless noAssumeRole)
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if malformed
     */
    public Builder assumeRoleArn(String assumeRoleArn) {
      String v = assumeRoleArn;
      return assumeRoleArn(Output.of(InputChecks.roleArn(v)));
    }

    /**
     * @param assumeRoleSessionName the session name of assumeRoleArn
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder assumeRoleSessionName(Output<String> assumeRoleSessionName) {
      args.assumeRoleSessionName = Objects.requireNonNull(assumeRoleSessionName, "assumeRoleSessionName");
      return this;
    }

    /**
     * @param assumeRoleSessionName the session name of assumeRoleArn
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if malformed
     */
    public Builder assumeRoleSessionName(String assumeRoleSessionName) {
      String v = assumeRoleSessionName;
      return assumeRoleSessionName(Output.of(Objects.requireNonNull(v, "assumeRoleSessionName")));
    }

    /**
     * @param assumeRoleExternalId the external id of assumeRoleArn
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder assumeRoleExternalId(Output<String> assumeRoleExternalId) {
      args.assumeRoleExternalId = Objects.requireNonNull(assumeRoleExternalId, "assumeRoleExternalId");
      return this;
    }

    /**
     * @param assumeRoleExternalId the external id of assumeRoleArn
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if malformed
     */
    public Builder assumeRoleExternalId(String assumeRoleExternalId) {
      String v = assumeRoleExternalId;
      return assumeRoleExternalId(Output.of(Objects.requireNonNull(v, "assumeRoleExternalId")));
    }

    /**
     * @param noAssumeRole with an aws Provider in the options: true when that provider assumes no role, so its own credentials are used
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder noAssumeRole(Output<Boolean> noAssumeRole) {
      args.noAssumeRole = Objects.requireNonNull(noAssumeRole, "noAssumeRole");
      return this;
    }

    /**
     * @param noAssumeRole with an aws Provider in the options: true when that provider assumes no role, so its own credentials are used
     * @return this builder
     */
    public Builder noAssumeRole(boolean noAssumeRole) {
      return noAssumeRole(Output.of(noAssumeRole));
    }

    /**
     * @param stsEndpoint an STS endpoint override (default: the stack's aws:endpoints sts entry, then AWS)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder stsEndpoint(Output<String> stsEndpoint) {
      args.stsEndpoint = Objects.requireNonNull(stsEndpoint, "stsEndpoint");
      return this;
    }

    /**
     * @param stsEndpoint an STS endpoint override (default: the stack's aws:endpoints sts entry, then AWS)
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if malformed
     */
    public Builder stsEndpoint(String stsEndpoint) {
      String v = stsEndpoint;
      return stsEndpoint(Output.of(InputChecks.endpoint(v)));
    }

    /**
     * @return the args
     * @throws IllegalStateException if {@code instanceArn} or {@code permissionSetArns} is missing, or no target
     *                               input ({@code accountIds} or {@code allProvisionedAccounts}) was given
     */
    public PermissionSetProvisioningArgs build() {
      if (args.instanceArn == null) {
        throw new IllegalStateException("instanceArn is required: give the IAM Identity Center instance ARN");
      }
      if (args.permissionSetArns == null) {
        throw new IllegalStateException("permissionSetArns is required: give at least one permission set ARN");
      }
      if (args.accountIds == null && args.allProvisionedAccounts == null) {
        throw new IllegalStateException(
            "targets are required: give accountIds, or allProvisionedAccounts(true)");
      }
      PermissionSetProvisioningArgs built = new PermissionSetProvisioningArgs();
      built.instanceArn = args.instanceArn;
      built.permissionSetArns = args.permissionSetArns;
      built.accountIds = args.accountIds;
      built.allProvisionedAccounts = args.allProvisionedAccounts;
      built.force = args.force;
      built.collapseToAllProvisionedAccounts = args.collapseToAllProvisionedAccounts;
      built.timeoutSeconds = args.timeoutSeconds;
      built.pollIntervalSeconds = args.pollIntervalSeconds;
      built.maxRequestsPerSecond = args.maxRequestsPerSecond;
      built.region = args.region;
      built.profile = args.profile;
      built.endpoint = args.endpoint;
      built.expectedAccountId = args.expectedAccountId;
      built.assumeRoleArn = args.assumeRoleArn;
      built.assumeRoleSessionName = args.assumeRoleSessionName;
      built.assumeRoleExternalId = args.assumeRoleExternalId;
      built.noAssumeRole = args.noAssumeRole;
      built.stsEndpoint = args.stsEndpoint;
      return built;
    }
  }
}
