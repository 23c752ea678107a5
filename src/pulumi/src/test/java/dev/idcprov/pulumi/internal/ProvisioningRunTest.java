package dev.idcprov.pulumi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisioningRunTest {
  private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-1111111111111111";
  private static final AwsIdentity IDENTITY = new AwsIdentity(null, null, null, null, null, List.of(), null, null,
      List.of(), List.of(), null, "test");
  private static final String PS = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111";
  private static final PlannedTarget TARGET_1 =
      new PlannedTarget(PS, "111111111111", PlannedTarget.Reason.NOT_PROVISIONED);
  private static final PlannedTarget TARGET_2 =
      new PlannedTarget(PS, "222222222222", PlannedTarget.Reason.OUTDATED);
  private static final ProvisioningPlan PLAN = new ProvisioningPlan(INSTANCE, List.of(TARGET_1, TARGET_2), Map.of());
  private static final List<SubmittedRequest> SUBMITTED = List.of(
      new SubmittedRequest("req-1", TARGET_1, Instant.EPOCH), new SubmittedRequest("req-2", TARGET_2, Instant.EPOCH));

  @Test
  void reportWhoseRequestsAllSucceeded_isSuccess() {
    // Given a report where both requests SUCCEEDED
    ProvisioningReport report = new ProvisioningReport(PLAN, SUBMITTED,
        result(outcome("req-1", RequestOutcome.Status.SUCCEEDED), outcome("req-2", RequestOutcome.Status.SUCCEEDED)));

    // When it becomes the component's outcome
    RunOutcome outcome = ProvisioningRun.outcomeOf("admins", report);

    // Then it succeeds with both counted
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.succeededCount()).isEqualTo(2);
    assertThat(outcome.failedCount()).isZero();
  }

  @Test
  void reportWithFailedOutcome_isNeverReportedAsSuccess() {
    // Given a report returned normally although one request FAILED
    ProvisioningReport report = new ProvisioningReport(PLAN, SUBMITTED, result(
        outcome("req-1", RequestOutcome.Status.SUCCEEDED), outcome("req-2", RequestOutcome.Status.FAILED)));

    // When it becomes the component's outcome
    RunOutcome outcome = ProvisioningRun.outcomeOf("admins", report);

    // Then the deployment fails naming the component, the account and the AWS reason
    assertThat(outcome.failure()).isNotNull();
    assertThat(outcome.failure().message()).contains("'admins'", "222222222222", "req-2", "FAILED: policy missing")
        .doesNotContain("req-1");
    assertThat(outcome.summary()).isNull();
  }

  @Test
  void failedAllProvisionedAccountsRequest_whoseFollowUpsSucceeded_isSuccess_namedInTheSummary() {
    // Given the library's report of an update whose ALL_PROVISIONED_ACCOUNTS request FAILED and whose follow-ups
    // (one per account it left outdated) SUCCEEDED
    PlannedTarget all = new PlannedTarget(PS, null, PlannedTarget.Reason.ALL_OUTDATED);
    PlannedTarget follow = new PlannedTarget(PS, "222222222222", PlannedTarget.Reason.FOLLOW_UP);
    ProvisioningPlan plan = new ProvisioningPlan(INSTANCE, List.of(all), Map.of(),
        Map.of(PS, List.of("111111111111", "222222222222")));
    List<SubmittedRequest> submitted = List.of(new SubmittedRequest("req-all", all, Instant.EPOCH),
        new SubmittedRequest("req-2", follow, Instant.EPOCH));
    RequestOutcome collapsedFailed = new RequestOutcome("req-all", RequestOutcome.Status.FAILED,
        "account suspended", null, PS, Instant.EPOCH);

    RunOutcome ok = ProvisioningRun.outcomeOf("admins", new ProvisioningReport(plan, submitted,
        result(collapsedFailed, outcome("req-2", RequestOutcome.Status.SUCCEEDED))));

    // Then the deployment succeeds; the rows keep the FAILED request with its reason, the summary names it
    assertThat(ok.failure()).isNull();
    assertThat(ok.results()).extracting(r -> r.status()).containsExactly("FAILED", "SUCCEEDED");
    assertThat(ok.summary()).contains("ALL_PROVISIONED_ACCOUNTS request req-all FAILED (account suspended)");

    // And a FAILED follow-up fails it, naming that account and its reason
    RunOutcome failed = ProvisioningRun.outcomeOf("admins", new ProvisioningReport(plan, submitted,
        result(collapsedFailed, outcome("req-2", RequestOutcome.Status.FAILED))));
    assertThat(failed.failure()).isNotNull();
    assertThat(failed.failure().message()).contains("222222222222", "req-2", "FAILED: policy missing");
  }

  @Test
  void reportMissingAnOutcome_isNeverReportedAsSuccess() {
    // Given a report returned normally without a final status for one submitted request
    ProvisioningReport report = new ProvisioningReport(PLAN, SUBMITTED,
        result(outcome("req-1", RequestOutcome.Status.SUCCEEDED)));

    // When it becomes the component's outcome
    RunOutcome outcome = ProvisioningRun.outcomeOf("admins", report);

    // Then the deployment fails naming the request without a final status
    assertThat(outcome.failure()).isNotNull();
    assertThat(outcome.failure().message()).contains("req-2", "222222222222", "no final status");
  }

  @Test
  void startMessage_saysWhatIsCheckedNotWhatIsProvisioned() {
    // Given one permission set and three target accounts
    ResolvedInputs in = new ResolvedInputs(INSTANCE, List.of(PS), List.of("111111111111", "222222222222",
        "333333333333"), false, false, 60, 1, null, IDENTITY);

    // When / Then the first line says what is checked, and forced runs say so
    assertThat(ProvisioningRun.startMessage(in))
        .isEqualTo("checking 1 permission set across 3 target account(s); provisioning only those not up to date");
    assertThat(ProvisioningRun.startMessage(new ResolvedInputs(INSTANCE, List.of(PS, PS), List.of(), true, true, 60,
        1, null, IDENTITY)))
        .isEqualTo("provisioning 2 permission sets to every account they are provisioned to (forced: up-to-date "
            + "accounts too)");
  }

  @Test
  void listStaleness_isScaledByTheTimeScaleLikeTheOtherLibraryDefaults() {
    // Given a component running 20 times faster than real time (a rehearsal against the sandbox)
    ResolvedInputs in = new ResolvedInputs(INSTANCE, List.of(PS), List.of("111111111111"), false, false, 60, 1, null,
        IDENTITY);
    ComponentTime fast = new ComponentTime(Duration.ofMillis(50));

    // When / Then the planner's confirmation read waits the 5 s default in service time (250 ms real), and 5 s
    // against AWS
    assertThat(in.toRequest(p -> { }, fast).waitOptions().listStaleness()).isEqualTo(Duration.ofMillis(250));
    assertThat(in.toRequest(p -> { }, new ComponentTime(Duration.ofSeconds(1))).waitOptions().listStaleness())
        .isEqualTo(WaitOptions.DEFAULT_LIST_STALENESS);
  }

  @Test
  void collapseToAllProvisionedAccounts_isOnByDefault_andTheInputTurnsItOff() {
    ResolvedInputs raw = new ResolvedInputs(INSTANCE, List.of(PS), List.of("111111111111"), false, false, 60, 1, null,
        IDENTITY);
    ResolvedInputs off = new ResolvedInputs(INSTANCE, List.of(PS), List.of("111111111111"), false, false, 60, 1, null,
        IDENTITY, false);
    ComponentTime real = new ComponentTime(Duration.ofSeconds(1));

    assertThat(raw.toRequest(p -> { }, real).collapseToAllProvisionedAccounts()).isTrue();
    assertThat(off.toRequest(p -> { }, real).collapseToAllProvisionedAccounts()).isFalse();
  }

  private static RequestOutcome outcome(String requestId, RequestOutcome.Status status) {
    return new RequestOutcome(requestId, status, status == RequestOutcome.Status.FAILED ? "policy missing" : null,
        requestId.equals("req-1") ? "111111111111" : "222222222222", PS, Instant.EPOCH);
  }

  private static WaitResult result(RequestOutcome... outcomes) {
    return new WaitResult(List.of(outcomes), 1, Map.of(), Duration.ZERO);
  }
}
