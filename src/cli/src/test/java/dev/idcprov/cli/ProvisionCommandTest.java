package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitProgress;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** provision composes plan, submit and wait; dry-run and empty plans submit nothing; --no-wait output feeds wait. */
class ProvisionCommandTest {
  static final String INSTANCE = BadInputTest.INSTANCE;
  static final String PS = BadInputTest.PS;
  static final String ID1 = "11111111-1111-4111-8111-111111111111";
  static final String ID2 = "22222222-2222-4222-8222-222222222222";
  static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  private MockedServices services;
  private ProvisioningPlan plan;
  private List<SubmittedRequest> submitted;

  @BeforeEach
  void setUp() {
    services = new MockedServices();
    PlannedTarget t1 = new PlannedTarget(PS, "111111111111", PlannedTarget.Reason.OUTDATED);
    PlannedTarget t2 = new PlannedTarget(PS, "222222222222", PlannedTarget.Reason.NOT_PROVISIONED);
    plan = new ProvisioningPlan(INSTANCE, List.of(t1, t2), Map.of(PS, List.of("333333333333")));
    submitted = List.of(new SubmittedRequest(ID1, t1, CREATED), new SubmittedRequest(ID2, t2, CREATED));
    when(services.provisioner.plan(any())).thenReturn(plan);
    when(services.provisioner.submit(any(), any())).thenReturn(submitted);
  }

  private static CliRunner.Run provision(CliServices s, String... extra) {
    String[] base = {"provision", "--permission-set-arn", PS, "--account", "111111111111,222222222222",
        "--account", "333333333333"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRunner.run(s, args);
  }

  @Test
  void request_derivesInstanceFromPermissionSet_andCarriesTargetsForceAndTimeout() {
    when(services.waiter.waitUntilProvisioned(any())).thenReturn(
        new WaitResult(List.of(), 1, Map.of(), Duration.ZERO));

    provision(services, "--force", "--timeout", "20m", "--region", "eu-west-1", "--profile", "admin",
        "--endpoint-url", "http://127.0.0.1:4566");

    ArgumentCaptor<ProvisioningRequest> captor = ArgumentCaptor.forClass(ProvisioningRequest.class);
    verify(services.provisioner).plan(captor.capture());
    ProvisioningRequest r = captor.getValue();
    assertThat(r.instanceArn()).isEqualTo(INSTANCE);
    assertThat(r.permissionSetArns()).containsExactly(PS);
    assertThat(r.accountIds()).containsExactly("111111111111", "222222222222", "333333333333");
    assertThat(r.force()).isTrue();
    assertThat(r.collapseToAllProvisionedAccounts()).isTrue();
    assertThat(r.waitOptions().timeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(services.settings).hasSize(1);
    assertThat(services.settings.get(0).region()).contains("eu-west-1");
    assertThat(services.settings.get(0).profile()).contains("admin");
    assertThat(services.settings.get(0).endpoint().map(Object::toString)).contains("http://127.0.0.1:4566");
  }

  @Test
  void perAccountRequests_turnsTheAllProvisionedAccountsUpdateOff() {
    provision(services, "--per-account-requests", "--dry-run");

    ArgumentCaptor<ProvisioningRequest> captor = ArgumentCaptor.forClass(ProvisioningRequest.class);
    verify(services.provisioner).plan(captor.capture());
    assertThat(captor.getValue().collapseToAllProvisionedAccounts()).isFalse();
  }

  @Test
  void dryRun_plansButNeverSubmitsOrWaits() {
    CliRunner.Run run = provision(services, "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("111111111111").contains("OUTDATED").contains("NOT_PROVISIONED")
        .contains("up to date for " + PS + ": 333333333333");
    verify(services.provisioner, never()).submit(any(), any());
    verify(services.waiter, never()).waitUntilProvisioned(any());
  }

  @Test
  void dryRunJson_printsThePlan() {
    CliRunner.Run run = provision(services, "--dry-run", "-o", "json");

    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("DRY_RUN");
    assertThat(doc.getAsJsonObject("plan").getAsJsonArray("targets")).hasSize(2);
    assertThat(doc.getAsJsonObject("plan").getAsJsonObject("upToDate").getAsJsonArray(PS).get(0).getAsString())
        .isEqualTo("333333333333");
    assertThat(doc.getAsJsonArray("requests")).isEmpty();
  }

  @Test
  void emptyPlan_submitsNothing_andExits0() {
    when(services.provisioner.plan(any())).thenReturn(new ProvisioningPlan(INSTANCE, List.of(), Map.of()));

    CliRunner.Run run = provision(services);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("nothing to provision");
    verify(services.provisioner, never()).submit(any(), any());
  }

  @Test
  void success_printsTableAndProgressOnStderr() {
    WaitResult result = new WaitResult(List.of(
        new RequestOutcome(ID1, RequestOutcome.Status.SUCCEEDED, null, "111111111111", PS, CREATED),
        new RequestOutcome(ID2, RequestOutcome.Status.SUCCEEDED, null, "222222222222", PS, CREATED)),
        2, Map.of("ListPermissionSetProvisioningStatus", 2), Duration.ofSeconds(3));
    doAnswer(inv -> {
      WaitRequest wr = inv.getArgument(0);
      wr.listener().onProgress(new WaitProgress(2, 1, 0, List.of(result.outcomes().get(0)), 1,
          Duration.ofSeconds(1)));
      return result;
    }).when(services.waiter).waitUntilProvisioned(any());

    CliRunner.Run run = provision(services);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("REQUEST ID").contains(ID1).contains(ID2)
        .contains("SUCCEEDED: 2 succeeded, 0 failed, 0 in progress; 2 poll round(s), 2 API call(s)");
    assertThat(run.err()).contains("plan: 2 provisioning request(s)").contains("submitted 2 provisioning request(s)")
        .contains("1/2 provisioned, 0 failed, 1 in progress").contains("SUCCEEDED  " + ID1);
    ArgumentCaptor<WaitRequest> captor = ArgumentCaptor.forClass(WaitRequest.class);
    verify(services.waiter).waitUntilProvisioned(captor.capture());
    assertThat(captor.getValue().requests()).extracting(TrackedRequest::accountId)
        .containsExactly("111111111111", "222222222222");
  }

  @Test
  void failed_exits1_withWholeResultOnStdout() {
    WaitResult result = new WaitResult(List.of(
        new RequestOutcome(ID1, RequestOutcome.Status.SUCCEEDED, null, "111111111111", PS, CREATED),
        new RequestOutcome(ID2, RequestOutcome.Status.FAILED, "account is SUSPENDED", "222222222222", PS, CREATED)),
        2, Map.of(), Duration.ofSeconds(3));
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(new ProvisioningFailedException(result));

    CliRunner.Run run = provision(services, "-o", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("FAILED");
    assertThat(doc.getAsJsonArray("requests").get(1).getAsJsonObject().get("failureReason").getAsString())
        .isEqualTo("account is SUSPENDED");
    assertThat(run.err()).contains("account 222222222222").contains("account is SUSPENDED");
  }

  @Test
  void noWaitJson_pipedIntoWait_waitsForTheSameRequestsWithTheirTargets() {
    CliRunner.Run submittedRun = provision(services, "--no-wait", "-o", "json");

    assertThat(submittedRun.exitCode()).isZero();
    verify(services.waiter, never()).waitUntilProvisioned(any());
    JsonObject doc = JsonParser.parseString(submittedRun.out()).getAsJsonObject();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("SUBMITTED");
    assertThat(doc.getAsJsonArray("pendingRequestIds")).hasSize(2);

    MockedServices waitServices = new MockedServices();
    when(waitServices.waiter.waitUntilProvisioned(any())).thenReturn(
        new WaitResult(List.of(), 1, Map.of(), Duration.ZERO));
    CliRunner.Run waitRun = CliRunner.runWithStdin(waitServices, submittedRun.out(), "wait", "-");

    assertThat(waitRun.exitCode()).as(waitRun.err()).isZero();
    ArgumentCaptor<WaitRequest> captor = ArgumentCaptor.forClass(WaitRequest.class);
    verify(waitServices.waiter).waitUntilProvisioned(captor.capture());
    assertThat(captor.getValue().instanceArn()).isEqualTo(INSTANCE);
    assertThat(captor.getValue().requests()).containsExactly(
        new TrackedRequest(ID1, "111111111111", PS, CREATED), new TrackedRequest(ID2, "222222222222", PS, CREATED));
  }

  @Test
  void noWait_withACollapsedUpdate_namesTheAccountsItCovers_saysNothingFollowsItUp_andFeedsWait() {
    PlannedTarget all = new PlannedTarget(PS, null, PlannedTarget.Reason.ALL_OUTDATED);
    List<String> covered = List.of("111111111111", "222222222222", "333333333333");
    when(services.provisioner.plan(any())).thenReturn(new ProvisioningPlan(INSTANCE, List.of(all), Map.of(),
        Map.of(PS, covered)));
    when(services.provisioner.submit(any(), any())).thenReturn(List.of(new SubmittedRequest(ID1, all, CREATED)));

    CliRunner.Run json = provision(services, "--no-wait", "-o", "json");

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonObject request = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("requests").get(0)
        .getAsJsonObject();
    assertThat(request.get("targetType").getAsString()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
    assertThat(request.getAsJsonArray("coveredAccounts")).hasSize(3);
    assertThat(json.err()).contains("if one FAILS, nothing provisions the accounts it left outdated");
    CliRunner.Run text = provision(services, "--no-wait");
    assertThat(text.out()).contains("request " + ID1 + " (ALL_PROVISIONED_ACCOUNTS) covers the 3 outdated "
        + "account(s) of " + PS + ": " + String.join(", ", covered));

    MockedServices waitServices = new MockedServices();
    when(waitServices.waiter.waitUntilProvisioned(any())).thenReturn(
        new WaitResult(List.of(), 1, Map.of(), Duration.ZERO));
    CliRunner.Run waitRun = CliRunner.runWithStdin(waitServices, json.out(), "wait", "-");
    assertThat(waitRun.exitCode()).as(waitRun.err()).isZero();
  }

  @Test
  void plainRequestIdLinesOnStdin_areWaitedFor() {
    when(services.waiter.waitUntilProvisioned(any())).thenReturn(
        new WaitResult(List.of(), 1, Map.of(), Duration.ZERO));

    CliRunner.Run run = CliRunner.runWithStdin(services, ID1 + "\n" + ID2 + "\n", "wait", "--instance-arn", INSTANCE,
        "-");

    assertThat(run.exitCode()).isZero();
    ArgumentCaptor<WaitRequest> captor = ArgumentCaptor.forClass(WaitRequest.class);
    verify(services.waiter).waitUntilProvisioned(captor.capture());
    assertThat(captor.getValue().requests()).extracting(TrackedRequest::requestId).containsExactly(ID1, ID2);
  }

  @Test
  void failedCollapsedRequest_whoseFollowUpsSucceeded_exits0_namingItWithItsReason_butAFailedFollowUpExits1() {
    String id3 = "33333333-3333-4333-8333-333333333333";
    String a = "111111111111";
    String b = "222222222222";
    PlannedTarget all = new PlannedTarget(PS, null, PlannedTarget.Reason.ALL_OUTDATED);
    PlannedTarget followA = new PlannedTarget(PS, a, PlannedTarget.Reason.FOLLOW_UP);
    PlannedTarget followB = new PlannedTarget(PS, b, PlannedTarget.Reason.FOLLOW_UP);
    when(services.provisioner.plan(any())).thenReturn(new ProvisioningPlan(INSTANCE, List.of(all), Map.of(),
        Map.of(PS, List.of(a, b, "333333333333"))));
    when(services.provisioner.submit(any(), any())).thenReturn(List.of(new SubmittedRequest(ID1, all, CREATED),
        new SubmittedRequest(ID2, followA, CREATED), new SubmittedRequest(id3, followB, CREATED)));
    RequestOutcome collapsedFailed = new RequestOutcome(ID1, RequestOutcome.Status.FAILED,
        "The account 111111111111 is suspended (1 more account(s) failed)", null, PS, CREATED);
    // as the library reports it: the FAILED collapsed request in a report whose follow-ups all SUCCEEDED
    when(services.waiter.waitUntilProvisioned(any())).thenReturn(new WaitResult(List.of(collapsedFailed,
        new RequestOutcome(ID2, RequestOutcome.Status.SUCCEEDED, null, a, PS, CREATED),
        new RequestOutcome(id3, RequestOutcome.Status.SUCCEEDED, null, b, PS, CREATED)), 2, Map.of(),
        Duration.ofSeconds(3)));

    CliRunner.Run ok = provision(services, "-o", "json");

    assertThat(ok.exitCode()).as(ok.err()).isEqualTo(ExitCodes.OK);
    JsonObject doc = JsonParser.parseString(ok.out()).getAsJsonObject();
    assertThat(doc.get("endReason").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(doc.getAsJsonArray("followedUpRequestIds").get(0).getAsString()).isEqualTo(ID1);
    JsonObject first = doc.getAsJsonArray("requests").get(0).getAsJsonObject();
    assertThat(first.get("status").getAsString()).isEqualTo("FAILED");
    assertThat(first.get("targetType").getAsString()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
    assertThat(first.get("failureReason").getAsString()).contains("suspended");
    assertThat(doc.getAsJsonObject("counts").get("succeeded").getAsInt()).isEqualTo(2);
    assertThat(ok.err()).contains("warning: the ALL_PROVISIONED_ACCOUNTS request " + ID1)
        .contains("The account 111111111111 is suspended");
    CliRunner.Run text = provision(services);
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("SUCCEEDED: 2 succeeded, 1 failed")
        .contains("FAILED ALL_PROVISIONED_ACCOUNTS request(s) " + ID1 + ": every account covered is provisioned");

    // one follow-up FAILED: the run is FAILED, exit 1, naming that account and its reason
    RequestOutcome followFailed = new RequestOutcome(id3, RequestOutcome.Status.FAILED,
        "The account 222222222222 is suspended", b, PS, CREATED);
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(new ProvisioningFailedException(new WaitResult(
        List.of(collapsedFailed, new RequestOutcome(ID2, RequestOutcome.Status.SUCCEEDED, null, a, PS, CREATED),
            followFailed), 2, Map.of(), Duration.ofSeconds(3))));

    CliRunner.Run failed = provision(services, "-o", "json");

    assertThat(failed.exitCode()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    JsonObject f = JsonParser.parseString(failed.out()).getAsJsonObject();
    assertThat(f.get("endReason").getAsString()).isEqualTo("FAILED");
    assertThat(f.has("followedUpRequestIds")).isFalse();
    assertThat(f.get("error").getAsString()).contains("account " + b + " (request " + id3 + "): The account "
        + b + " is suspended");
  }
}
