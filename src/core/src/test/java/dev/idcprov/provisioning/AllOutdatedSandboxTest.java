package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.junit.SsoAdminSandboxExtension;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;

/**
 * An update of one permission set provisioned to 300 accounts, through the real SDK over HTTP against the sandbox
 * (time scale 100: 10 ms of real time is one sandbox second). The sandbox's records and its log of calls are the
 * truth the run's report is checked against.
 */
class AllOutdatedSandboxTest {
  static final int ACCOUNTS = 300;
  static final WaitOptions FAST = WaitOptions.builder().pollInterval(Duration.ofMillis(10))
      .maxPollInterval(Duration.ofMillis(100)).retryBaseDelay(Duration.ofMillis(2))
      .retryMaxDelay(Duration.ofMillis(50)).maxRetries(12).listStaleness(Duration.ofMillis(50))
      .timeout(Duration.ofSeconds(60)).build();

  @RegisterExtension
  final SsoAdminSandboxExtension sandboxes = SandboxEndToEndTest.sandboxPerTest(b -> b.generatedAccounts(ACCOUNTS));

  SsoAdminSandbox sandbox;
  SsoAdminClient sso;
  PermissionSetProvisioner provisioner;
  String ps;

  @BeforeEach
  void setUp(SsoAdminSandbox sandbox, SsoAdminClient sso) {
    this.sandbox = sandbox;
    this.sso = sso;
    provisioner = PermissionSetProvisioner.builder().client(sso).requestBudget(RequestBudget.of(1000)).build();
    ps = sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Update")).permissionSet()
        .permissionSetArn();
  }

  ProvisioningRequest.Builder request(List<String> accounts) {
    return ProvisioningRequest.builder().instanceArn(sandbox.instanceArn()).permissionSetArns(List.of(ps))
        .accountIds(accounts).waitOptions(FAST).conflictBaseDelay(Duration.ofMillis(10))
        .conflictMaxDelay(Duration.ofMillis(200));
  }

  /** Provisions the set to {@code accounts} (one request each: none has it yet), then changes its policy. */
  void provisionedThenChanged(List<String> accounts) {
    provisioner.provision(request(accounts).build());
    sso.putInlinePolicyToPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(ps)
        .inlinePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\","
            + "\"Resource\":\"*\"}]}"));
  }

  List<ProvisioningRecord> provisionRecordsFrom(int from) {
    List<ProvisioningRecord> all = sandbox.provisioningRecords();
    return all.subList(from, all.size());
  }

  long provisionCalls() {
    return sandbox.requests().stream().filter(r -> r.operation().equals("ProvisionPermissionSet")).count();
  }

  List<String> accounts(ProvisioningStatus filter) {
    return sso.listAccountsForProvisionedPermissionSetPaginator(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(ps).provisioningStatus(filter)).accountIds().stream().toList();
  }

  @Test
  void update_ofASetWhoseEveryAccountIsOutdated_isOneProvisionPermissionSetCall() {
    List<String> all = sandbox.accountIds();
    provisionedThenChanged(all);
    long before = provisionCalls();
    int records = sandbox.provisioningRecords().size();

    int callsBefore = sandbox.requests().size();
    ProvisioningReport report = provisioner.provision(request(all).build());
    int callsDuring = sandbox.requests().size() - callsBefore;

    assertThat(provisionCalls() - before).isEqualTo(1);
    // every call of the update (9 pages of account lists for 300 accounts, status reads): tens, not hundreds
    assertThat(callsDuring).isLessThan(40);
    assertThat(provisionRecordsFrom(records)).singleElement().satisfies(r -> {
      assertThat(r.targetType()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
      assertThat(r.coveredAccounts()).hasSize(ACCOUNTS);
      assertThat(r.status()).isEqualTo("SUCCEEDED");
    });
    assertThat(report.outcomes()).singleElement().extracting(RequestOutcome::status)
        .isEqualTo(RequestOutcome.Status.SUCCEEDED);
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).hasSize(ACCOUNTS);
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).isEmpty();
  }

  @Test
  void update_withOneAccountAlreadyUpToDate_isOneCallPerOutdatedAccount_neverAllProvisionedAccounts() {
    List<String> all = sandbox.accountIds();
    provisionedThenChanged(all);
    provisioner.provision(request(List.of(all.get(0))).collapseToAllProvisionedAccounts(false).build());
    long before = provisionCalls();
    int records = sandbox.provisioningRecords().size();

    provisioner.provision(request(all).build());

    assertThat(provisionCalls() - before).isEqualTo(ACCOUNTS - 1);
    assertThat(provisionRecordsFrom(records)).extracting(ProvisioningRecord::targetType).containsOnly("AWS_ACCOUNT");
    assertThat(provisionRecordsFrom(records)).extracting(ProvisioningRecord::accountId).doesNotContain(all.get(0));
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).isEmpty();
  }

  @Test
  void update_optedOut_isOneCallPerAccount() {
    List<String> all = sandbox.accountIds();
    provisionedThenChanged(all);
    long before = provisionCalls();

    provisioner.provision(request(all).collapseToAllProvisionedAccounts(false).build());

    assertThat(provisionCalls() - before).isEqualTo(ACCOUNTS);
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).isEmpty();
  }

  @Test
  void newAccountsBesideEveryProvisionedAccountOutdated_areOneCollapsedCallPlusOnePerNewAccount() {
    List<String> all = sandbox.accountIds();
    provisionedThenChanged(all.subList(0, ACCOUNTS - 10));
    long before = provisionCalls();
    int records = sandbox.provisioningRecords().size();

    provisioner.provision(request(all).build());

    assertThat(provisionCalls() - before).isEqualTo(1 + 10);
    assertThat(provisionRecordsFrom(records)).filteredOn(r -> r.targetType().equals("ALL_PROVISIONED_ACCOUNTS"))
        .singleElement().satisfies(r -> assertThat(r.coveredAccounts()).hasSize(ACCOUNTS - 10));
    assertThat(provisionRecordsFrom(records)).filteredOn(r -> r.targetType().equals("AWS_ACCOUNT"))
        .extracting(ProvisioningRecord::accountId).containsExactlyInAnyOrderElementsOf(all.subList(ACCOUNTS - 10,
            ACCOUNTS));
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).hasSize(ACCOUNTS);
  }

  @Test
  void failedCollapsedRequest_withThreeFailingAccounts_isFollowedByThreeRequestsEachFailedWithItsAccountAndReason() {
    List<String> all = sandbox.accountIds();
    provisioner.provision(request(all).build());
    String suspended = all.get(10);
    String withoutPolicy = all.get(20);
    String atRoleQuota = all.get(30);
    sandbox.control().suspend(suspended)
        .deleteCustomerManagedPolicy(withoutPolicy, SandboxSeed.DEFAULT_READ_ONLY_POLICY, "/")
        .managedPoliciesPerRole(atRoleQuota, 1);
    // the policy change: a customer managed policy and an AWS managed one (2 policies: over atRoleQuota's quota)
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(ps).customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(ps)
        .managedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    long before = provisionCalls();
    int records = sandbox.provisioningRecords().size();

    ProvisioningOutcome outcome = provisioner.start(request(all).build(), r -> { }).awaitOutcome();

    // one collapsed request, FAILED with a reason naming an account, then one request per failing account
    List<ProvisioningRecord> made = provisionRecordsFrom(records);
    assertThat(provisionCalls() - before).isEqualTo(1 + 3);
    assertThat(made.get(0).targetType()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
    assertThat(made.get(0).status()).isEqualTo("FAILED");
    assertThat(made.get(0).failureReason()).contains(suspended).contains("2 more account(s) failed");
    assertThat(made.subList(1, made.size())).extracting(ProvisioningRecord::accountId)
        .containsExactlyInAnyOrder(suspended, withoutPolicy, atRoleQuota);
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.FAILED);
    ProvisioningFailedException e = (ProvisioningFailedException) outcome.error().orElseThrow();
    Map<String, ProvisioningRecord> truth = sandbox.provisioningRecords().stream()
        .collect(Collectors.toMap(ProvisioningRecord::requestId, Function.identity()));
    assertThat(e.failures()).hasSize(4);
    for (RequestOutcome o : e.failures()) {
      assertThat(o.failureReason()).isEqualTo(truth.get(o.requestId()).failureReason());
      assertThat(o.accountId()).isEqualTo(truth.get(o.requestId()).accountId());
      if (o.accountId() != null) {
        assertThat(o.failureReason()).contains(o.accountId());
      }
    }
    assertThat(outcome.accepted()).extracting(a -> a.request().target().reason()).containsExactly(
        PlannedTarget.Reason.ALL_OUTDATED, PlannedTarget.Reason.FOLLOW_UP, PlannedTarget.Reason.FOLLOW_UP,
        PlannedTarget.Reason.FOLLOW_UP);
    assertThat(outcome.notSubmitted()).isEmpty();
    // the 297 others were updated by the collapsed request
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED))
        .containsExactlyInAnyOrder(suspended, withoutPolicy, atRoleQuota);
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).hasSize(ACCOUNTS - 3);
  }

  long listAccountCalls() {
    return sandbox.requests().stream().filter(r -> r.operation().equals("ListAccountsForProvisionedPermissionSet"))
        .count();
  }

  ProvisioningRequest.Builder requestAll() {
    return ProvisioningRequest.builder().instanceArn(sandbox.instanceArn()).permissionSetArns(List.of(ps))
        .allProvisionedAccounts().waitOptions(FAST).conflictBaseDelay(Duration.ofMillis(10))
        .conflictMaxDelay(Duration.ofMillis(200));
  }

  @Test
  void updateOfEveryProvisionedAccount_isPlannedFromThreeReads_notThePagesOfEveryOutdatedAccount() {
    List<String> all = sandbox.accountIds();
    provisionedThenChanged(all);
    long lists = listAccountCalls();
    int records = sandbox.provisioningRecords().size();

    ProvisioningReport report = provisioner.provision(requestAll().build());

    // 300 outdated accounts are 3 pages each time they are listed; planning reads 3 pages in all
    assertThat(listAccountCalls() - lists).isEqualTo(3);
    assertThat(provisionRecordsFrom(records)).singleElement().satisfies(r -> {
      assertThat(r.targetType()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
      assertThat(r.coveredAccounts()).hasSize(ACCOUNTS);
      assertThat(r.status()).isEqualTo("SUCCEEDED");
    });
    assertThat(report.plan().coveredBy(ps)).isEmpty();
    assertThat(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).isEmpty();
  }

  @Test
  void failedUpdateOfEveryProvisionedAccount_reportsEachAccount_theUpdatedOnesThroughTheFailedRequest() {
    List<String> all = sandbox.accountIds();
    provisioner.provision(request(all).build());
    String suspended = all.get(10);
    String withoutPolicy = all.get(20);
    sandbox.control().suspend(suspended)
        .deleteCustomerManagedPolicy(withoutPolicy, SandboxSeed.DEFAULT_READ_ONLY_POLICY, "/");
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(ps).customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    int records = sandbox.provisioningRecords().size();

    ProvisioningOutcome outcome = provisioner.start(requestAll().build(), r -> { }).awaitOutcome();

    List<ProvisioningRecord> made = provisionRecordsFrom(records);
    assertThat(made).extracting(ProvisioningRecord::targetType).containsExactly("ALL_PROVISIONED_ACCOUNTS",
        "AWS_ACCOUNT", "AWS_ACCOUNT");
    ProvisioningRunFailedException e = (ProvisioningRunFailedException) outcome.error().orElseThrow();
    List<AccountResult> results = e.report().accountResults();
    // every account once: the 298 the FAILED request updated through it, the 2 failing with their own request
    assertThat(results).hasSize(ACCOUNTS);
    assertThat(results).extracting(AccountResult::accountId).containsExactlyInAnyOrderElementsOf(all);
    assertThat(results).filteredOn(r -> r.status() == RequestOutcome.Status.SUCCEEDED)
        .allSatisfy(r -> {
          assertThat(r.requestId()).isEqualTo(made.get(0).requestId());
          assertThat(r.basis()).isEqualTo(AccountResult.Basis.READ_AFTER_FAILURE);
        })
        .extracting(AccountResult::accountId)
        .containsExactlyInAnyOrderElementsOf(accounts(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED));
    Map<String, ProvisioningRecord> truth = made.stream()
        .collect(Collectors.toMap(ProvisioningRecord::requestId, Function.identity()));
    assertThat(results).filteredOn(r -> r.status() == RequestOutcome.Status.FAILED).hasSize(2).allSatisfy(r -> {
      assertThat(r.basis()).isEqualTo(AccountResult.Basis.OWN_REQUEST);
      assertThat(truth.get(r.requestId()).accountId()).isEqualTo(r.accountId());
      assertThat(r.failureReason()).isEqualTo(truth.get(r.requestId()).failureReason()).contains(r.accountId());
    });
  }
}
