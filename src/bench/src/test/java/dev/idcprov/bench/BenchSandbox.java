package dev.idcprov.bench;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxMetrics;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * A fresh sandbox set up for one workload: seeded accounts (some SUSPENDED or lacking the customer managed policy when
 * the workload asks), the permission sets created through the SDK, faults switched on only once setup is done.
 */
final class BenchSandbox implements AutoCloseable {
  /** The customer managed policy every set references when a workload mixes in accounts lacking it. */
  static final String POLICY = SandboxSeed.DEFAULT_READ_ONLY_POLICY;
  /** The reason of the FAILED requests seeded in the history. */
  static final String HISTORY_FAILURE = "Request to provision the permission set in account 121212121212 takes "
      + "longer than usual. Please try again.";

  private final Workload workload;
  private final SsoAdminSandbox sandbox;
  private final List<String> permissionSetArns = new ArrayList<>();
  private final List<String> accountIds = new ArrayList<>();
  private final Map<String, String> expectedFailure = new HashMap<>();
  private SandboxMetrics before;
  /** The permission set of the history requests, if any. */
  private String historySet = "";

  BenchSandbox(Workload workload) {
    this.workload = workload;
    SandboxSeed seed = seed(workload);
    for (SandboxSeed.Account a : seed.accounts()) {
      accountIds.add(a.id());
      if (!a.active()) {
        expectedFailure.put(a.id(), "SUSPENDED");
      } else if (workload.accountsWithoutPolicy() > 0 && a.customerManagedPolicies().isEmpty()) {
        expectedFailure.put(a.id(), "policy missing");
      }
    }
    sandbox = SsoAdminSandbox.builder()
        .seed(seed)
        .timeScale(workload.timeScale())
        .randomSeed(workload.seed())
        .requestsPerSecond(workload.quotaPerSecond())
        .provisioningDuration(workload.provisioningMin(), workload.provisioningMax())
        .build();
    sandbox.start();
    createPermissionSets();
    Workload.Faults f = workload.faults();
    createHistory(f.history(), f.failedHistory());
    if (workload.kind() == Workload.Kind.UPDATE) {
      outdateEveryPair();
    }
    sandbox.faults().throttleRate(f.throttleRate()).serverErrorRate(f.serverErrorRate())
        .dropConnectionRate(f.dropRate()).listVisibilityLag(f.listVisibilityLag()).listLagVaries(f.listLagVaries());
    before = sandbox.metrics();
  }

  /** Seeds {@code accounts} ACTIVE accounts holding the policy, some SUSPENDED or without it, spread evenly. */
  static SandboxSeed seed(Workload w) {
    SandboxSeed base = SandboxSeed.defaults().withGeneratedAccounts(w.accounts());
    int failing = w.suspendedAccounts() + w.accountsWithoutPolicy();
    if (failing == 0) {
      return base;
    }
    int step = w.accounts() / failing;
    List<SandboxSeed.Account> accounts = new ArrayList<>();
    int suspended = 0;
    int noPolicy = 0;
    for (int i = 0; i < base.accounts().size(); i++) {
      SandboxSeed.Account a = base.accounts().get(i);
      boolean pick = i % step == step / 2 && i / step < failing;
      if (pick && suspended < w.suspendedAccounts()) {
        a = new SandboxSeed.Account(a.id(), a.name(), "SUSPENDED", a.customerManagedPolicies());
        suspended++;
      } else if (pick && noPolicy < w.accountsWithoutPolicy()) {
        a = new SandboxSeed.Account(a.id(), a.name(), "ACTIVE", List.of());
        noPolicy++;
      }
      accounts.add(a);
    }
    return new SandboxSeed(base.instanceArn(), base.identityStoreId(), base.ownerAccountId(), base.instanceName(),
        accounts, base.users(), base.groups());
  }

  /**
   * Fills the status history with {@code requests} finished requests of a set provisioned nowhere, {@code failed} of
   * them FAILED (spread evenly through the history), seeded directly (a test facility of the sandbox: 50,000 real
   * requests would take minutes).
   */
  private void createHistory(int requests, int failed) {
    if (requests == 0) {
      return;
    }
    try (SsoAdminClient admin = setupClient()) {
      historySet = admin.createPermissionSet(b -> b.instanceArn(sandbox.instanceArn()).name("bench-history"))
          .permissionSet().permissionSetArn();
    }
    int chunks = Math.max(1, failed);
    int succeeded = requests - failed;
    for (int i = 0; i < chunks; i++) {
      int ok = succeeded / chunks + (i < succeeded % chunks ? 1 : 0);
      sandbox.control().seedHistory(historySet, ok, null);
      if (failed > 0) {
        sandbox.control().seedHistory(historySet, 1, HISTORY_FAILURE);
      }
    }
  }

  /**
   * The update of W7: every set provisioned to every account with its current version (seeded directly), then
   * changed through the API by attaching the customer managed policy {@link #POLICY}, so that every pair is
   * outdated and the accounts lacking that policy will FAIL.
   */
  private void outdateEveryPair() {
    try (SsoAdminClient admin = setupClient()) {
      for (String arn : permissionSetArns) {
        sandbox.control().seedProvisioned(arn, accountIds);
        admin.attachCustomerManagedPolicyReferenceToPermissionSet(b -> b.instanceArn(sandbox.instanceArn())
            .permissionSetArn(arn).customerManagedPolicyReference(r -> r.name(POLICY).path("/")));
      }
    }
  }

  private SsoAdminClient setupClient() {
    return SsoAdminClient.builder()
        .endpointOverride(sandbox.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDBENCHMARKSETUP00", "benchmark-setup-secret-not-a-credential")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private void createPermissionSets() {
    try (SsoAdminClient admin = setupClient()) {
      String prefix = "bench-" + workload.id().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      for (int i = 0; i < workload.permissionSets(); i++) {
        String name = prefix + "-" + i;
        String arn = admin.createPermissionSet(b -> b.instanceArn(sandbox.instanceArn())
                .name(name).description("benchmark permission set " + name))
            .permissionSet().permissionSetArn();
        if (workload.accountsWithoutPolicy() > 0 && workload.kind() != Workload.Kind.UPDATE) {
          admin.attachCustomerManagedPolicyReferenceToPermissionSet(b -> b.instanceArn(sandbox.instanceArn())
              .permissionSetArn(arn).customerManagedPolicyReference(r -> r.name(POLICY).path("/")));
        }
        permissionSetArns.add(arn);
      }
    }
  }

  /**
   * @param contender the contender's name
   * @return the target a contender is given
   */
  Target target(String contender) {
    return new Target(workload.id(), sandbox.endpoint().toString(), sandbox.instanceArn(),
        List.copyOf(permissionSetArns), List.copyOf(accountIds), workload.provisionings(), workload.timeScale(),
        workload.quotaPerSecond(), workload.real(workload.deadline()).toMillis(),
        workload.kind() == Workload.Kind.UPDATE);
  }

  /** @return the ground truth: every provisioning request the sandbox accepted, but the history's */
  List<ProvisioningRecord> records() {
    return sandbox.provisioningRecords().stream().filter(r -> !r.permissionSetArn().equals(historySet)).toList();
  }

  /** @return per-operation counters since setup finished */
  Map<String, SandboxMetrics.Counts> metricsSinceSetup() {
    SandboxMetrics after = sandbox.metrics();
    Map<String, SandboxMetrics.Counts> out = new java.util.TreeMap<>();
    for (var e : after.byOperation().entrySet()) {
      SandboxMetrics.Counts b = before.operation(e.getKey());
      SandboxMetrics.Counts a = e.getValue();
      SandboxMetrics.Counts d = new SandboxMetrics.Counts(a.calls() - b.calls(), a.throttled() - b.throttled(),
          a.failed() - b.failed(), a.dropped() - b.dropped());
      if (d.calls() > 0) {
        out.put(e.getKey(), d);
      }
    }
    return out;
  }

  /**
   * Reads, through the API after the run, how many (set, account) pairs have the set's latest version provisioned:
   * the ground truth of an update. Call after {@link #metricsSinceSetup()} (these calls count in the metrics).
   *
   * @return pairs whose latest version is provisioned
   */
  int latestProvisionedPairs() {
    sandbox.faults().throttleRate(0).serverErrorRate(0).dropConnectionRate(0);
    int n = 0;
    try (SsoAdminClient admin = setupClient()) {
      for (String arn : permissionSetArns) {
        n += (int) admin.listAccountsForProvisionedPermissionSetPaginator(b -> b.instanceArn(sandbox.instanceArn())
            .permissionSetArn(arn).provisioningStatus("LATEST_PERMISSION_SET_PROVISIONED")).accountIds().stream()
            .count();
      }
    }
    return n;
  }

  /** @return account id to why its provisioning is expected to FAIL */
  Map<String, String> expectedFailures() {
    return expectedFailure;
  }

  /** @return the underlying sandbox */
  SsoAdminSandbox sandbox() {
    return sandbox;
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
