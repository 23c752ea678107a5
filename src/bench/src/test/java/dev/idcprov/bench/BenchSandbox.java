package dev.idcprov.bench;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxMetrics;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;

/**
 * A fresh sandbox set up for one workload: seeded accounts (some SUSPENDED or lacking the customer managed policy when
 * the workload asks), the permission sets created through the SDK, faults switched on only once setup is done.
 */
final class BenchSandbox implements AutoCloseable {
  /** The customer managed policy every set references when a workload mixes in accounts lacking it. */
  static final String POLICY = SandboxSeed.DEFAULT_READ_ONLY_POLICY;

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
    createHistory(f.history());
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
   * Fills the status history with {@code requests} finished requests: ALL_PROVISIONED_ACCOUNTS provisionings of a
   * permission set provisioned nowhere, which cover no account and so finish side by side without queueing.
   */
  private void createHistory(int requests) {
    if (requests == 0) {
      return;
    }
    try (SsoAdminClient admin = setupClient()) {
      String arn = admin.createPermissionSet(b -> b.instanceArn(sandbox.instanceArn()).name("bench-history"))
          .permissionSet().permissionSetArn();
      historySet = arn;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          calls.add(pool.submit(() -> admin.provisionPermissionSet(b -> b.instanceArn(sandbox.instanceArn())
              .permissionSetArn(arn).targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS))));
        }
        for (Future<?> call : calls) {
          call.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating the history", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("creating the history failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sandbox.provisioningRecords().stream().anyMatch(r -> !r.isTerminal())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("history requests still in progress after 60 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the history finished", e);
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
        if (workload.accountsWithoutPolicy() > 0) {
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
        workload.quotaPerSecond(), workload.real(workload.deadline()).toMillis());
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
