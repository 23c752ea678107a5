package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;

/**
 * Issue 9's "false success" scenario over real HTTP against the sandbox: list answers up to 20 s stale, a different
 * staleness on every call (reads that go back in time), 60 accounts of which 20 FAIL, 300 requests of history, a
 * fixed seed. The library runs with its default timings, scaled with the sandbox (time scale 100: one sandbox second
 * is 10 ms), so its 5 s {@code listStaleness} is four times shorter than the lag, as in the issue. Every status it
 * reports must be the sandbox's own record: no FAILED request reported SUCCEEDED, none left out, none provisioned
 * twice.
 */
class StaleListsAgainstSandboxTest {
  private static final double SCALE = 100;
  private static final int ACCOUNTS = 60;
  private static final int FAILING = 20;
  private static final int HISTORY = 300;
  private static final String POLICY = SandboxSeed.DEFAULT_READ_ONLY_POLICY;

  private static Duration scaled(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() / SCALE));
  }

  @Test
  void listsTwentySecondsStaleVaryingPerCall_everyReportedStatusIsTheSandboxRecord() {
    List<SandboxSeed.Account> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      // every third account lacks the customer managed policy the set references: its provisioning FAILS
      boolean failing = i % 3 == 2;
      accounts.add(new SandboxSeed.Account(String.format("%012d", 500_000_000_000L + i), "acct-" + i, "ACTIVE",
          failing ? List.of() : List.of(new SandboxSeed.Policy(POLICY, "/"))));
    }
    SandboxSeed base = SandboxSeed.defaults();
    SandboxSeed seed = new SandboxSeed(base.instanceArn(), base.identityStoreId(), base.ownerAccountId(),
        base.instanceName(), accounts, base.users(), base.groups());
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().seed(seed).timeScale(SCALE).randomSeed(5)
        .requestsPerSecond(1000).provisioningDuration(Duration.ofSeconds(2), Duration.ofSeconds(60)).build().start();
         SsoAdminClient sso = SsoAdminClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTALE", "s")))
             .httpClient(UrlConnectionHttpClient.create())
             .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      String instance = sandbox.instanceArn();
      // 300 requests of history: ALL_PROVISIONED_ACCOUNTS of a set provisioned nowhere
      String history = sso.createPermissionSet(r -> r.instanceArn(instance).name("History")).permissionSet()
          .permissionSetArn();
      IntStream.range(0, HISTORY).parallel().forEach(i -> sso.provisionPermissionSet(r -> r.instanceArn(instance)
          .permissionSetArn(history).targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS)));
      String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Stale")).permissionSet()
          .permissionSetArn();
      sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
          .customerManagedPolicyReference(p -> p.name(POLICY)));
      // from now on every list answer is up to 20 s stale, a different staleness per call
      sandbox.faults().listVisibilityLag(Duration.ofSeconds(20)).listLagVaries(true);

      WaitOptions options = WaitOptions.builder()
          .timeout(scaled(WaitOptions.DEFAULT_TIMEOUT))
          .pollInterval(scaled(WaitOptions.DEFAULT_POLL_INTERVAL))
          .maxPollInterval(scaled(WaitOptions.DEFAULT_MAX_POLL_INTERVAL))
          .retryBaseDelay(scaled(WaitOptions.DEFAULT_RETRY_BASE_DELAY))
          .retryMaxDelay(scaled(WaitOptions.DEFAULT_RETRY_MAX_DELAY))
          .listStaleness(scaled(WaitOptions.DEFAULT_LIST_STALENESS))
          .build();
      ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(instance).permissionSetArns(List.of(ps))
          .accountIds(sandbox.accountIds()).waitOptions(options)
          .conflictBaseDelay(scaled(ProvisioningRequest.DEFAULT_CONFLICT_BASE_DELAY))
          .conflictMaxDelay(scaled(ProvisioningRequest.DEFAULT_CONFLICT_MAX_DELAY)).build();
      PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder().client(sso)
          .requestBudget(RequestBudget.of(1000)).build();

      ProvisioningOutcome outcome = provisioner.start(request, r -> { }).awaitOutcome();

      // the sandbox's ground truth for the permission set (the history excluded)
      Map<String, ProvisioningRecord> truth = sandbox.provisioningRecords().stream()
          .filter(r -> r.permissionSetArn().equals(ps))
          .collect(Collectors.toMap(ProvisioningRecord::requestId, Function.identity()));
      assertThat(sandbox.faults().listVisibilityLag()).isEqualTo(Duration.ofSeconds(20));
      assertThat(truth).as("one request per account, none twice").hasSize(ACCOUNTS);
      assertThat(truth.values()).filteredOn(r -> r.status().equals("FAILED")).hasSize(FAILING);
      assertThat(outcome.reason()).as(String.valueOf(outcome.error().orElse(null)))
          .isEqualTo(ProvisioningOutcome.EndReason.FAILED);
      assertThat(outcome.notSubmitted()).isEmpty();
      assertThat(outcome.unresolved()).isEmpty();
      Map<String, String> reported = new HashMap<>();
      for (ProvisioningOutcome.AcceptedRequest a : outcome.accepted()) {
        reported.put(a.request().requestId(), a.status().name());
        ProvisioningRecord r = truth.get(a.request().requestId());
        assertThat(r).as("accepted request %s is in the sandbox's record", a.request().requestId()).isNotNull();
        assertThat(a.request().target().accountId()).isEqualTo(r.accountId());
        assertThat(a.status().name()).as("status of %s (account %s)", r.requestId(), r.accountId())
            .isEqualTo(r.status());
        assertThat(a.failureReason()).isEqualTo(r.failureReason());
      }
      assertThat(reported.keySet()).isEqualTo(truth.keySet());
    }
  }
}
