package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.junit.SsoAdminSandboxExtension;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * End to end through the real AWS SDK client over HTTP against the local sandbox, at 100x time scale: every
 * duration below is real time, so 10 ms of poll interval is one sandbox second. Each test gets a sandbox of its own
 * from the extension that its nested class registers; the two classes differ only in the accounts seeded.
 */
class SandboxEndToEndTest {
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final WaitOptions FAST = WaitOptions.builder().pollInterval(Duration.ofMillis(10))
      .maxPollInterval(Duration.ofMillis(100)).retryBaseDelay(Duration.ofMillis(2))
      .retryMaxDelay(Duration.ofMillis(50)).maxRetries(12).timeout(Duration.ofSeconds(60)).build();

  SsoAdminSandbox sandbox;
  SsoAdminClient sso;
  PermissionSetProvisioner provisioner;

  /** A sandbox per test, and a client for it that never retries: retrying is the provisioner's job. */
  static SsoAdminSandboxExtension sandboxPerTest(Consumer<SsoAdminSandbox.Builder> accounts) {
    return SsoAdminSandboxExtension.builder()
        .sandbox(b -> b.timeScale(100).randomSeed(11).requestsPerSecond(1000))
        .sandbox(accounts)
        .client(c -> c.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
        .build();
  }

  @BeforeEach
  void setUp(SsoAdminSandbox sandbox, SsoAdminClient sso) {
    this.sandbox = sandbox;
    this.sso = sso;
    provisioner = PermissionSetProvisioner.builder().client(sso).requestBudget(RequestBudget.of(1000)).build();
  }

  String createPermissionSet(String name) {
    return sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name(name)).permissionSet()
        .permissionSetArn();
  }

  ProvisioningRequest.Builder request(String ps, List<String> accounts) {
    return ProvisioningRequest.builder().instanceArn(sandbox.instanceArn()).permissionSetArns(List.of(ps))
        .accountIds(accounts).waitOptions(FAST).conflictBaseDelay(Duration.ofMillis(10))
        .conflictMaxDelay(Duration.ofMillis(200));
  }

  long provisionCalls() {
    return sandbox.requests().stream().filter(r -> r.operation().equals("ProvisionPermissionSet")).count();
  }

  @Nested
  class DefaultSeed {
    @RegisterExtension
    final SsoAdminSandboxExtension sandboxes = sandboxPerTest(b -> {});

    @Test
    void newThenOutdatedAccounts_areProvisioned_andAnUpToDateRunMakesNoProvisioningCall() {
      String ps = createPermissionSet("Dev");

      ProvisioningReport first = provisioner.provision(request(ps, List.of(A, B)).build());
      ProvisioningReport idle = provisioner.provision(request(ps, List.of(A, B)).build());
      long callsBeforeUpdate = provisionCalls();
      sso.updatePermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(ps).description("v2"));
      ProvisioningReport update = provisioner.provision(request(ps, List.of(A, B)).build());

      assertThat(first.plan().targets()).extracting(PlannedTarget::reason)
          .containsOnly(PlannedTarget.Reason.NOT_PROVISIONED);
      assertThat(first.outcomes()).extracting(RequestOutcome::status).containsOnly(RequestOutcome.Status.SUCCEEDED);
      assertThat(idle.nothingToDo()).isTrue();
      assertThat(callsBeforeUpdate).isEqualTo(2);
      // every account the set is provisioned to is outdated: one ALL_PROVISIONED_ACCOUNTS request updates both
      assertThat(update.plan().targets()).extracting(PlannedTarget::reason)
          .containsExactly(PlannedTarget.Reason.ALL_OUTDATED);
      assertThat(update.plan().coveredBy(ps)).containsExactly(A, B);
      assertThat(provisionCalls()).isEqualTo(callsBeforeUpdate + 1);
      assertThat(update.outcomes()).singleElement().extracting(RequestOutcome::accountId).isNull();
      for (RequestOutcome o : update.outcomes()) {
        assertThat(sandbox.provisioningRecord(o.requestId())).get().extracting(ProvisioningRecord::status)
            .isEqualTo("SUCCEEDED");
      }
      assertThat(provisioner.plan(request(ps, List.of(A, B)).build()).isEmpty()).isTrue();
    }

    @Test
    void suspendedAccount_failsWithTheServiceReason_whileTheOtherSucceeds() {
      String ps = createPermissionSet("Ops");

      Throwable thrown = catchThrowable(() -> provisioner.provision(
          request(ps, List.of(A, SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT)).build()));

      assertThat(thrown).isInstanceOf(ProvisioningFailedException.class);
      ProvisioningFailedException e = (ProvisioningFailedException) thrown;
      RequestOutcome failed = e.failures().get(0);
      ProvisioningRecord truth = sandbox.provisioningRecord(failed.requestId()).orElseThrow();
      assertThat(failed.accountId()).isEqualTo(SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT);
      assertThat(failed.failureReason()).isEqualTo(truth.failureReason()).isNotBlank();
      assertThat(e.result().succeeded()).extracting(RequestOutcome::accountId).containsExactly(A);
      assertThat(e).hasMessageContaining(SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT).hasMessageContaining(ps);
    }

    @Test
    void waiterAlone_resolvesRequestsGivenOnlyByRequestId() {
      String ps = createPermissionSet("ByIds");
      List<SubmittedRequest> submitted = provisioner.submit(request(ps, List.of(A, B)).build(),
          provisioner.plan(request(ps, List.of(A, B)).build()));

      WaitResult result = ProvisioningWaiter.builder().client(sso).requestBudget(RequestBudget.of(1000)).build()
          .waitUntilProvisioned(WaitRequest.builder().instanceArn(sandbox.instanceArn())
              .requestIds(submitted.stream().map(SubmittedRequest::requestId).toList()).options(FAST).build());

      assertThat(result.succeeded()).hasSize(2);
      assertThat(result.apiCalls()).containsKey("ListPermissionSetProvisioningStatus");
    }
  }

  @Nested
  class FortyGeneratedAccounts {
    @RegisterExtension
    final SsoAdminSandboxExtension sandboxes = sandboxPerTest(b -> b.generatedAccounts(40));

    @Test
    void underFaults_everyReportedStatusMatchesTheSandboxRecord() {
      String ps = createPermissionSet("Faulty");
      sandbox.faults().throttleRate(0.3).serverErrorRate(0.1).dropConnectionRate(0.05)
          .listVisibilityLag(Duration.ofSeconds(3));
      List<String> accounts = sandbox.accountIds();

      WaitResult result;
      try {
        result = provisioner.provision(request(ps, accounts).build()).waitResult().orElseThrow();
      } catch (ProvisioningFailedException e) {
        result = e.result();
      }

      assertThat(sandbox.requests()).anySatisfy(r -> assertThat(r.succeeded()).isFalse());
      Map<String, ProvisioningRecord> truth = sandbox.provisioningRecords().stream()
          .collect(Collectors.toMap(ProvisioningRecord::requestId, Function.identity()));
      assertThat(result.outcomes()).hasSize(truth.size());
      for (RequestOutcome o : result.outcomes()) {
        ProvisioningRecord r = truth.get(o.requestId());
        assertThat(o.status().name()).as(o.requestId()).isEqualTo(r.status());
        assertThat(o.accountId()).isEqualTo(r.accountId());
        assertThat(o.failureReason()).isEqualTo(r.failureReason());
      }
    }
  }
}
