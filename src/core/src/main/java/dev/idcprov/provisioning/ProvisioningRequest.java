package dev.idcprov.provisioning;

import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What to provision: an instance, one or more permission sets, and the targets (given accounts, or every
 * account the set is provisioned to). Immutable; every input is checked when set, before any API call.
 *
 * <p>By default only targets where the latest version is not provisioned are provisioned; {@link
 * Builder#force(boolean)} provisions every target. Defaults: {@link #DEFAULT_MAX_CONFLICT_RETRIES} retries of a
 * ConflictException, {@link #DEFAULT_CONFLICT_BASE_DELAY} doubling up to {@link #DEFAULT_CONFLICT_MAX_DELAY}.
 *
 * <p>Updates are collapsed by default ({@link Builder#collapseToAllProvisionedAccounts(boolean)}): when every account
 * a permission set is provisioned to is outdated and targeted (typical after a policy change), one
 * {@code ALL_PROVISIONED_ACCOUNTS} request replaces one request per account.
 *
 * <pre>{@code
 * ProvisioningRequest request = ProvisioningRequest.builder()
 *     .instanceArn(instanceArn)
 *     .permissionSetArns(List.of(permissionSetArn))
 *     .accountIds(List.of("111111111111", "222222222222"))
 *     .build();
 * }</pre>
 */
public final class ProvisioningRequest {
  /** Default retries of {@code ProvisionPermissionSet} on ConflictException. */
  public static final int DEFAULT_MAX_CONFLICT_RETRIES = 6;
  /** Default first delay before retrying a ConflictException. */
  public static final Duration DEFAULT_CONFLICT_BASE_DELAY = Duration.ofSeconds(1);
  /** Default longest delay between ConflictException retries. */
  public static final Duration DEFAULT_CONFLICT_MAX_DELAY = Duration.ofSeconds(20);

  private final String instanceArn;
  private final List<String> permissionSetArns;
  private final List<String> accountIds;
  private final boolean allProvisionedAccounts;
  private final boolean force;
  private final boolean collapseToAllProvisionedAccounts;
  private final WaitOptions waitOptions;
  private final ProgressListener listener;
  private final int maxConflictRetries;
  private final Duration conflictBaseDelay;
  private final Duration conflictMaxDelay;

  private ProvisioningRequest(Builder b) {
    this.instanceArn = b.instanceArn;
    this.permissionSetArns = b.permissionSetArns;
    this.accountIds = b.accountIds == null ? List.of() : b.accountIds;
    this.allProvisionedAccounts = b.allProvisionedAccounts;
    this.force = b.force;
    this.collapseToAllProvisionedAccounts = b.collapseToAllProvisionedAccounts;
    this.waitOptions = b.waitOptions;
    this.listener = b.listener;
    this.maxConflictRetries = b.maxConflictRetries;
    this.conflictBaseDelay = b.conflictBaseDelay;
    this.conflictMaxDelay = b.conflictMaxDelay;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this request's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.instanceArn = instanceArn;
    b.permissionSetArns = permissionSetArns;
    b.accountIds = allProvisionedAccounts ? null : accountIds;
    b.allProvisionedAccounts = allProvisionedAccounts;
    b.force = force;
    b.collapseToAllProvisionedAccounts = collapseToAllProvisionedAccounts;
    b.waitOptions = waitOptions;
    b.listener = listener;
    b.maxConflictRetries = maxConflictRetries;
    b.conflictBaseDelay = conflictBaseDelay;
    b.conflictMaxDelay = conflictMaxDelay;
    return b;
  }

  /** @return the instance ARN */
  public String instanceArn() {
    return instanceArn;
  }

  /** @return the permission sets, in the order given */
  public List<String> permissionSetArns() {
    return permissionSetArns;
  }

  /** @return the target accounts; empty when {@link #allProvisionedAccounts()} */
  public List<String> accountIds() {
    return accountIds;
  }

  /** @return true when the targets are every account each set is provisioned to */
  public boolean allProvisionedAccounts() {
    return allProvisionedAccounts;
  }

  /** @return true to provision every target, up to date or not */
  public boolean force() {
    return force;
  }

  /**
   * @return true (the default) to provision a permission set whose every provisioned account is outdated and
   *         targeted with one {@code ALL_PROVISIONED_ACCOUNTS} request; false for one request per account always
   */
  public boolean collapseToAllProvisionedAccounts() {
    return collapseToAllProvisionedAccounts;
  }

  /** @return how the provisioning requests are waited for */
  public WaitOptions waitOptions() {
    return waitOptions;
  }

  /** @return the progress listener */
  public ProgressListener listener() {
    return listener;
  }

  /** @return retries of {@code ProvisionPermissionSet} on ConflictException */
  public int maxConflictRetries() {
    return maxConflictRetries;
  }

  /** @return the first delay before retrying a ConflictException */
  public Duration conflictBaseDelay() {
    return conflictBaseDelay;
  }

  /** @return the longest delay between ConflictException retries */
  public Duration conflictMaxDelay() {
    return conflictMaxDelay;
  }

  /** Builds a {@link ProvisioningRequest}. */
  public static final class Builder {
    private String instanceArn;
    private List<String> permissionSetArns;
    private List<String> accountIds;
    private boolean allProvisionedAccounts;
    private boolean force;
    private boolean collapseToAllProvisionedAccounts = true;
    private WaitOptions waitOptions = WaitOptions.defaults();
    private ProgressListener listener = ProgressListener.NONE;
    private int maxConflictRetries = DEFAULT_MAX_CONFLICT_RETRIES;
    private Duration conflictBaseDelay = DEFAULT_CONFLICT_BASE_DELAY;
    private Duration conflictMaxDelay = DEFAULT_CONFLICT_MAX_DELAY;

    private Builder() {
    }

    /**
     * @param instanceArn the IAM Identity Center instance ARN
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if it is not an instance ARN
     */
    public Builder instanceArn(String instanceArn) {
      this.instanceArn = AwsIds.requireInstanceArn("instanceArn", instanceArn);
      return this;
    }

    /**
     * @param permissionSetArns the permission sets; non-empty, distinct
     * @return this builder
     * @throws NullPointerException     if the collection or an element is null
     * @throws IllegalArgumentException if empty, repeated or not a permission set ARN
     */
    public Builder permissionSetArns(Collection<String> permissionSetArns) {
      this.permissionSetArns =
          AwsIds.requireDistinct("permissionSetArns", permissionSetArns, AwsIds::requirePermissionSetArn);
      return this;
    }

    /**
     * Targets the given accounts (exclusive with {@link #allProvisionedAccounts()}).
     *
     * @param accountIds 12-digit account ids; non-empty, distinct
     * @return this builder
     * @throws NullPointerException     if the collection or an element is null
     * @throws IllegalArgumentException if empty, repeated or not a 12-digit id
     */
    public Builder accountIds(Collection<String> accountIds) {
      this.accountIds = AwsIds.requireDistinct("accountIds", accountIds, AwsIds::requireAccountId);
      return this;
    }

    /**
     * Targets every account each permission set is provisioned to (exclusive with {@link #accountIds}).
     *
     * @return this builder
     */
    public Builder allProvisionedAccounts() {
      this.allProvisionedAccounts = true;
      return this;
    }

    /**
     * @param force true to provision every target, even where the latest version is provisioned
     * @return this builder
     */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    /**
     * Whether an update may be one {@code ALL_PROVISIONED_ACCOUNTS} request per permission set instead of one
     * request per account (default true). It is used only when the plan covers every account the set is
     * provisioned to, each of them outdated ({@code LATEST_PERMISSION_SET_NOT_PROVISIONED}, as after a policy
     * change), read after {@link WaitOptions#listStaleness()} (so no stale answer decides it); never when one
     * provisioned account is up to date or not targeted, and never for accounts the set is not provisioned to yet
     * (those still get one request each). If that request FAILS, the accounts still outdated are provisioned one
     * by one, so that every failure still comes back with its account and AWS's reason. False: one request per
     * account always (as before; costs one {@code ProvisionPermissionSet} per account).
     *
     * @param collapse true to allow one ALL_PROVISIONED_ACCOUNTS request per fully outdated set
     * @return this builder
     */
    public Builder collapseToAllProvisionedAccounts(boolean collapse) {
      this.collapseToAllProvisionedAccounts = collapse;
      return this;
    }

    /**
     * @param waitOptions how the requests are waited for
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder waitOptions(WaitOptions waitOptions) {
      this.waitOptions = Objects.requireNonNull(waitOptions, "waitOptions");
      return this;
    }

    /**
     * @param listener receives progress while waiting
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @param maxConflictRetries retries of a ConflictException, 0 to 20
     * @return this builder
     * @throws IllegalArgumentException if outside 0 to 20
     */
    public Builder maxConflictRetries(int maxConflictRetries) {
      if (maxConflictRetries < 0 || maxConflictRetries > 20) {
        throw new IllegalArgumentException("maxConflictRetries must be between 0 and 20, got " + maxConflictRetries);
      }
      this.maxConflictRetries = maxConflictRetries;
      return this;
    }

    /**
     * @param conflictBaseDelay first delay before retrying a ConflictException; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder conflictBaseDelay(Duration conflictBaseDelay) {
      this.conflictBaseDelay = positive("conflictBaseDelay", conflictBaseDelay);
      return this;
    }

    /**
     * @param conflictMaxDelay longest delay between ConflictException retries; positive
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder conflictMaxDelay(Duration conflictMaxDelay) {
      this.conflictMaxDelay = positive("conflictMaxDelay", conflictMaxDelay);
      return this;
    }

    /**
     * @return the request
     * @throws IllegalStateException if the instance, the permission sets or the targets are missing, if
     *                               both accounts and all provisioned accounts were given, or if
     *                               {@code conflictBaseDelay} exceeds {@code conflictMaxDelay}
     */
    public ProvisioningRequest build() {
      if (instanceArn == null) {
        throw new IllegalStateException("instanceArn is required");
      }
      if (permissionSetArns == null) {
        throw new IllegalStateException("permissionSetArns is required: give at least one permission set ARN");
      }
      if (accountIds != null && allProvisionedAccounts) {
        throw new IllegalStateException(
            "targets: give either accountIds or allProvisionedAccounts, not both");
      }
      if (accountIds == null && !allProvisionedAccounts) {
        throw new IllegalStateException("targets are required: give accountIds or allProvisionedAccounts");
      }
      if (conflictBaseDelay.compareTo(conflictMaxDelay) > 0) {
        throw new IllegalStateException("conflictBaseDelay (" + conflictBaseDelay
            + ") must not exceed conflictMaxDelay (" + conflictMaxDelay + ")");
      }
      return new ProvisioningRequest(this);
    }

    private static Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
      }
      if (value.compareTo(dev.idcprov.waiter.WaitOptions.MAX_DURATION) > 0) {
        throw new IllegalArgumentException(field + " must be at most " + dev.idcprov.waiter.WaitOptions.MAX_DURATION
            + " (366 days), got " + value);
      }
      return value;
    }
  }
}
