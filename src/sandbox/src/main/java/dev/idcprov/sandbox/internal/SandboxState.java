package dev.idcprov.sandbox.internal;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxFaults;
import dev.idcprov.sandbox.SandboxSeed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Everything one sandbox holds: the seeded instance and organization, the permission sets, the account assignments,
 * where each set is provisioned over time, the asynchronous requests and their status histories, the clock and the
 * random source. Every read and write happens under {@link #lock}: the handler routes take it around each operation and
 * the {@link OperationScheduler} around each completion, so the state is always consistent.
 */
final class SandboxState {
  /** The one lock over all of this state. */
  final Object lock = new Object();

  final SandboxConfig config;
  final SandboxFaults faults;
  final SandboxSeed seed;
  final String instanceId;
  final Instant instanceCreated;
  final PageTokens tokens = new PageTokens();
  // one random source for ids, durations and lag draws: the same seed and request sequence give the same run
  private final Random random;

  final Map<String, AccountState> accounts = new LinkedHashMap<>();
  private final Map<String, Integer> accountOrder = new HashMap<>();
  final Map<String, PermissionSet> permissionSets = new LinkedHashMap<>();
  final Map<String, String> instanceTags = new LinkedHashMap<>();
  /** permission set ARN -> account -> provisioned version over time (null = not provisioned). */
  final Map<String, Map<String, Timeline<Integer>>> provisioned = new HashMap<>();
  final Map<String, AsyncRequest> provisioning = new LinkedHashMap<>();
  final Map<String, AsyncRequest> creations = new LinkedHashMap<>();
  final Map<String, AsyncRequest> deletions = new LinkedHashMap<>();
  /** {@link Assignment#key} -> assignment, including the ones deleted since. */
  final Map<String, Assignment> assignments = new LinkedHashMap<>();
  /** Account instances made by {@code CreateInstance}: ARN -> instance. */
  final Map<String, AccountInstance> accountInstances = new LinkedHashMap<>();
  /** The organization instance's name, changed by {@code UpdateInstance}. */
  String instanceName;
  /** Permission sets an instance may hold (IAM Identity Center quota, adjustable). */
  int permissionSetQuota = PERMISSION_SET_QUOTA;
  /** Permission sets that may be provisioned to one account (IAM Identity Center quota, adjustable). */
  int provisionedPerAccountQuota = PROVISIONED_PER_ACCOUNT_QUOTA;
  /** How long a write to a permission set takes to propagate (sandbox time): a write before that is a Conflict. */
  Duration writePropagation = Duration.ZERO;
  /** Whether finished asynchronous requests are held IN_PROGRESS (a test facility); guarded by {@link #lock}. */
  boolean completionsHeld;
  /** Completions due while held, run in order on release; guarded by {@link #lock}. */
  final java.util.List<Runnable> heldCompletions = new java.util.ArrayList<>();
  private long sequence;

  /** The IAM Identity Center quotas page's default: permission sets allowed in IAM Identity Center. */
  static final int PERMISSION_SET_QUOTA = 2000;
  /** The IAM Identity Center quotas page's default: provisioned permission sets allowed per AWS account. */
  static final int PROVISIONED_PER_ACCOUNT_QUOTA = 250;

  /** An account instance: made by CreateInstance, listed by ListInstances, holds no permission sets here. */
  static final class AccountInstance {
    final String arn;
    final String identityStoreId;
    final Instant createdAt;
    String name;

    AccountInstance(String arn, String identityStoreId, String name, Instant createdAt) {
      this.arn = arn;
      this.identityStoreId = identityStoreId;
      this.name = name;
      this.createdAt = createdAt;
    }
  }

  SandboxState(SandboxConfig config, SandboxFaults faults) {
    this.config = config;
    this.faults = faults;
    this.seed = config.seed();
    this.instanceId = seed.instanceArn().substring(seed.instanceArn().indexOf("instance/") + "instance/".length());
    this.random = new Random(config.randomSeed());
    this.instanceCreated = config.clock().instant();
    this.instanceName = seed.instanceName();
    int i = 0;
    for (SandboxSeed.Account a : seed.accounts()) {
      accounts.put(a.id(), new AccountState(a));
      accountOrder.put(a.id(), i++);
    }
  }

  // ---------------------------------------------------------------- ground truth for tests

  /** @return every provisioning request, in submission order */
  List<ProvisioningRecord> provisioningRecords() {
    synchronized (lock) {
      return provisioning.values().stream().map(this::record).toList();
    }
  }

  /** @return the record of {@code requestId}, if the sandbox issued it */
  Optional<ProvisioningRecord> provisioningRecord(String requestId) {
    synchronized (lock) {
      AsyncRequest op = provisioning.get(requestId);
      return op == null ? Optional.empty() : Optional.of(record(op));
    }
  }

  private ProvisioningRecord record(AsyncRequest op) {
    return new ProvisioningRecord(op.id, seed.instanceArn(), op.permissionSetArn, op.targetType, op.accountId,
        op.covered, op.status.now(), op.failureReason, op.createdAt, op.completedAt);
  }

  // ---------------------------------------------------------------- time, ids, order

  Instant now() {
    return config.clock().instant();
  }

  /** @return the moment list operations read the state at: now minus the (possibly varying) visibility lag */
  Instant listCutoff() {
    Duration lag = config.toReal(faults.listVisibilityLag());
    if (faults.listLagVaries() && !lag.isZero()) {
      lag = Duration.ofNanos((long) (random.nextDouble() * lag.toNanos()));
    }
    return now().minus(lag);
  }

  /** @return the next sequence number: creation order of permission sets, policies, requests and assignments */
  long nextSequence() {
    return ++sequence;
  }

  /** @return a fixed-width page key for a sequence number */
  static String key(long seq) {
    return String.format("%019d", seq);
  }

  /** @return the page key of an account: seed order first, unknown accounts last by id */
  String accountKey(String accountId) {
    return key(accountOrder(accountId)) + accountId;
  }

  /** @return the account's position in the seed, {@link Integer#MAX_VALUE} when it is not in the seed */
  int accountOrder(String accountId) {
    return accountOrder.getOrDefault(accountId, Integer.MAX_VALUE);
  }

  /** @return a random version-4 UUID from the seeded source */
  String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  /** @return 16 random hex digits from the seeded source */
  String hex16() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** @return a uniform draw in {@code [0, 1)} from the seeded source */
  double nextDouble() {
    return random.nextDouble();
  }

  // ---------------------------------------------------------------- lookups shared by the handlers

  /** @throws AwsError ResourceNotFound when the request names another instance */
  void checkInstance(Req req) {
    String arn = req.str("InstanceArn", Shape.INSTANCE_ARN, true);
    if (!arn.equals(seed.instanceArn())) {
      throw AwsError.notFound("Could not find instance with InstanceArn " + arn);
    }
  }

  /**
   * @return the live permission set the request names, after checking its instance
   * @throws AwsError ResourceNotFound when the instance or the set is unknown, or the set is deleted
   */
  PermissionSet permissionSet(Req req) {
    checkInstance(req);
    String arn = req.str("PermissionSetArn", Shape.PERMISSION_SET_ARN, true);
    PermissionSet ps = permissionSets.get(arn);
    if (ps == null || ps.deletedAt != null) {
      throw AwsError.notFound("Could not find PermissionSet with PermissionSetArn " + arn);
    }
    return ps;
  }

  /**
   * @return the live permission set a write names, after checking that its previous write has propagated
   * @throws AwsError ResourceNotFound as {@link #permissionSet(Req)}; Conflict when the set's previous write is more
   *     recent than the write propagation delay (AWS's documented cause of ConflictException)
   */
  PermissionSet permissionSetToWrite(Req req) {
    PermissionSet ps = permissionSet(req);
    if (!writePropagation.isZero() && ps.lastWriteAt.isAfter(now().minus(config.toReal(writePropagation)))) {
      throw AwsError.conflict("A conflict with a previous successful write to " + ps.arn + " was detected: it has "
          + "not propagated yet. Retry with backoff.");
    }
    return ps;
  }

  /** @return account -> provisioned version over time for the set, empty when it was never provisioned */
  Map<String, Timeline<Integer>> provisionedAccounts(String psArn) {
    return provisioned.getOrDefault(psArn, Map.of());
  }
}
