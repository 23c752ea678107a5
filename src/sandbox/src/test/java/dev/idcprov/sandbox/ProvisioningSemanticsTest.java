package dev.idcprov.sandbox;

import static dev.idcprov.sandbox.SandboxTestSupport.awaitTerminal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

/** Versions, asynchronous provisioning, failures with reasons, conflicts, queueing and status history. */
class ProvisioningSemanticsTest {
  private static final String ACCOUNT_A = "111111111111";
  private static final String ACCOUNT_B = "222222222222";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private String instance;

  private void start(SsoAdminSandbox.Builder builder) {
    sandbox = builder.build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
    instance = sandbox.instanceArn();
  }

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private String create(String name) {
    return sso.createPermissionSet(r -> r.instanceArn(instance).name(name)).permissionSet().permissionSetArn();
  }

  private PermissionSetProvisioningStatus provision(String ps, String account) {
    return sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account)).permissionSetProvisioningStatus();
  }

  private PermissionSetProvisioningStatus describe(String requestId) {
    return sso.describePermissionSetProvisioningStatus(r -> r.instanceArn(instance)
        .provisionPermissionSetRequestId(requestId)).permissionSetProvisioningStatus();
  }

  private List<String> accounts(String ps, ProvisioningStatus filter) {
    return sso.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .provisioningStatus(filter)).accountIds();
  }

  private PermissionSetProvisioningStatus provisionAndWait(String ps, String account) {
    PermissionSetProvisioningStatus submitted = provision(ps, account);
    awaitTerminal(sandbox, submitted.requestId());
    return describe(submitted.requestId());
  }

  @Test
  void provisioning_startsInProgress_thenSucceeds_withDescribeFields() {
    start(SandboxTestSupport.fast());
    String ps = create("Dev");

    PermissionSetProvisioningStatus submitted = provision(ps, ACCOUNT_A);
    assertThat(submitted.status()).isEqualTo(StatusValues.IN_PROGRESS);
    assertThat(submitted.requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    ProvisioningRecord truth = awaitTerminal(sandbox, submitted.requestId());
    PermissionSetProvisioningStatus done = describe(submitted.requestId());

    assertThat(done.status()).isEqualTo(StatusValues.SUCCEEDED);
    assertThat(done.accountId()).isEqualTo(ACCOUNT_A);
    assertThat(done.permissionSetArn()).isEqualTo(ps);
    assertThat(done.failureReason()).isNull();
    assertThat(done.createdDate()).isEqualTo(submitted.createdDate());
    assertThat(truth.coveredAccounts()).containsExactly(ACCOUNT_A);
    assertThat(truth.completedAt()).isAfterOrEqualTo(truth.createdAt());
  }

  @Test
  void changeToPermissionSet_makesProvisionedAccountsOutdated_untilProvisionedAgain_butTagsDoNot() {
    start(SandboxTestSupport.fast());
    String ps = create("Versions");
    provisionAndWait(ps, ACCOUNT_A);
    provisionAndWait(ps, ACCOUNT_B);
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactly(ACCOUNT_A, ACCOUNT_B);

    sso.tagResource(r -> r.instanceArn(instance).resourceArn(ps).tags(software.amazon.awssdk.services.ssoadmin.model.Tag.builder().key("k").value("v").build()));
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).isEmpty();

    sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .managedPolicyArn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED))
        .containsExactly(ACCOUNT_A, ACCOUNT_B);
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).isEmpty();
    assertThat(accounts(ps, null)).containsExactly(ACCOUNT_A, ACCOUNT_B);
    assertThat(sso.listPermissionSetsProvisionedToAccount(r -> r.instanceArn(instance).accountId(ACCOUNT_A)
        .provisioningStatus(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).permissionSets())
        .containsExactly(ps);

    provisionAndWait(ps, ACCOUNT_A);
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactly(ACCOUNT_A);
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).containsExactly(ACCOUNT_B);
    assertThat(sso.listPermissionSetsProvisionedToAccount(r -> r.instanceArn(instance).accountId(ACCOUNT_A)
        .provisioningStatus(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).permissionSets())
        .containsExactly(ps);
  }

  @Test
  void allProvisionedAccounts_isOneRequestCoveringEveryAccountThatHasTheSet() {
    start(SandboxTestSupport.fast());
    String ps = create("All");
    provisionAndWait(ps, ACCOUNT_A);
    provisionAndWait(ps, ACCOUNT_B);
    sso.updatePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).description("v2"));

    PermissionSetProvisioningStatus submitted = sso.provisionPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS))
        .permissionSetProvisioningStatus();
    ProvisioningRecord truth = awaitTerminal(sandbox, submitted.requestId());

    assertThat(submitted.accountId()).isNull();
    assertThat(truth.accountId()).isNull();
    assertThat(truth.coveredAccounts()).containsExactly(ACCOUNT_A, ACCOUNT_B);
    assertThat(truth.status()).isEqualTo("SUCCEEDED");
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactly(ACCOUNT_A, ACCOUNT_B);
    assertThatThrownBy(() -> sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS).targetId(ACCOUNT_A)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("TargetId");
  }

  @Test
  void allProvisionedAccounts_withFailingAccounts_isFailedNamingOne_whileTheOthersAreUpdated() {
    start(SandboxTestSupport.fast());
    String ps = create("Partial");
    String c = "333333333333";
    String d = "555555555555";
    for (String account : List.of(ACCOUNT_A, ACCOUNT_B, c, d)) {
      provisionAndWait(ps, account);
    }
    // B is suspended since, D lost the customer managed policy the new version references
    sandbox.control().suspend(ACCOUNT_B).deleteCustomerManagedPolicy(d, SandboxSeed.DEFAULT_READ_ONLY_POLICY, "/");
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(p -> p.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));

    PermissionSetProvisioningStatus submitted = sso.provisionPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS))
        .permissionSetProvisioningStatus();
    ProvisioningRecord truth = awaitTerminal(sandbox, submitted.requestId());
    PermissionSetProvisioningStatus described = describe(submitted.requestId());

    // applied to every account the set is provisioned to, FAILED as a whole, the reason naming the first failure
    assertThat(truth.coveredAccounts()).containsExactlyInAnyOrder(ACCOUNT_A, ACCOUNT_B, c, d);
    assertThat(described.status()).isEqualTo(StatusValues.FAILED);
    assertThat(described.accountId()).isNull();
    assertThat(described.failureReason()).isEqualTo(truth.failureReason())
        .contains(ACCOUNT_B).contains("(1 more account(s) failed)");
    // the others are updated, the failing ones keep the version they had
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactlyInAnyOrder(ACCOUNT_A,
        c);
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED))
        .containsExactlyInAnyOrder(ACCOUNT_B, d);
    // a request of its own then fails with that account's reason
    PermissionSetProvisioningStatus own = provisionAndWait(ps, d);
    assertThat(own.status()).isEqualTo(StatusValues.FAILED);
    assertThat(own.failureReason()).contains("does not exist in account " + d);
  }

  @Test
  void missingCustomerManagedPolicy_failsWithAwsReason_andOtherAccountsSucceed() {
    start(SandboxTestSupport.fast());
    String ps = create("NeedsPolicy");
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));

    PermissionSetProvisioningStatus failed = provisionAndWait(ps, SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES);
    PermissionSetProvisioningStatus ok = provisionAndWait(ps, ACCOUNT_A);

    assertThat(failed.status()).isEqualTo(StatusValues.FAILED);
    assertThat(failed.failureReason())
        .contains("arn:aws:iam::444444444444:policy/SandboxReadOnly")
        .contains("does not exist in account 444444444444");
    assertThat(ok.status()).isEqualTo(StatusValues.SUCCEEDED);
    assertThat(accounts(ps, null)).containsExactly(ACCOUNT_A);
    assertThat(sandbox.provisioningRecord(failed.requestId()).orElseThrow().failureReason())
        .isEqualTo(failed.failureReason());
  }

  @Test
  void missingBoundaryPolicy_suspendedAccount_andNonMember_failWithReasons() {
    start(SandboxTestSupport.fast());
    String ps = create("Boundary");
    sso.putPermissionsBoundaryToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .permissionsBoundary(b -> b.customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_BOUNDARY_POLICY)
            .path("/boundaries/"))));

    assertThat(provisionAndWait(ps, SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES).failureReason())
        .contains("permissions boundary policy arn:aws:iam::444444444444:policy/boundaries/SandboxBoundary");
    assertThat(provisionAndWait(ps, SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT).failureReason())
        .contains("in account 121212121212 takes longer than usual. Please try again");
    assertThat(provisionAndWait(ps, "123456789012").failureReason())
        .contains("123456789012 is not a member of the organization");
  }

  @Test
  void sameSetSameAccountWhileInProgress_isConflict() {
    start(SandboxTestSupport.fast().timeScale(1).provisioningDuration(Duration.ofHours(1), Duration.ofHours(1)));
    String ps = create("Slow");
    provision(ps, ACCOUNT_A);

    assertThatThrownBy(() -> provision(ps, ACCOUNT_A))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already in progress");
    assertThat(provision(ps, ACCOUNT_B).status()).isEqualTo(StatusValues.IN_PROGRESS);
  }

  @Test
  void differentSetsToOneAccount_areAppliedOneAtATime() {
    start(SandboxTestSupport.fast().provisioningDuration(Duration.ofSeconds(100), Duration.ofSeconds(100)));
    String first = create("First");
    String second = create("Second");

    String a = provision(first, ACCOUNT_A).requestId();
    String b = provision(second, ACCOUNT_A).requestId();
    ProvisioningRecord ra = awaitTerminal(sandbox, a);
    ProvisioningRecord rb = awaitTerminal(sandbox, b);

    // 100 sandbox seconds = 100 ms at scale 1000. Side by side both would end ~100 ms after the first was
    // created; one at a time the second ends no earlier than 200 ms after it. (The gap between the two actual
    // completions is not asserted: the second is scheduled from the first's planned end, so a late-running
    // scheduler thread on a loaded machine shortens that gap without changing the order or the total.)
    assertThat(Duration.between(ra.createdAt(), ra.completedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(95));
    assertThat(rb.completedAt()).isAfter(ra.completedAt());
    assertThat(Duration.between(ra.createdAt(), rb.completedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void statusHistory_isListedWithFilterAndStablePagination() {
    start(SandboxTestSupport.fast());
    String ps = create("History");
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    List<String> ids = new ArrayList<>();
    for (String account : List.of(ACCOUNT_A, ACCOUNT_B, "333333333333", "444444444444", "555555555555")) {
      ids.add(provisionAndWait(ps, account).requestId());
    }

    List<String> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListPermissionSetProvisioningStatusResponse page = sso.listPermissionSetProvisioningStatus(r -> r
          .instanceArn(instance).maxResults(2).nextToken(t));
      page.permissionSetsProvisioningStatus().forEach(m -> all.add(m.requestId()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    List<PermissionSetProvisioningStatusMetadata> failed = sso.listPermissionSetProvisioningStatusPaginator(r -> r
        .instanceArn(instance).filter(f -> f.status(StatusValues.FAILED)).maxResults(1))
        .permissionSetsProvisioningStatus().stream().toList();

    assertThat(pages).isEqualTo(3);
    assertThat(all).containsExactlyElementsOf(ids);
    assertThat(failed).singleElement().satisfies(m -> {
      assertThat(m.requestId()).isEqualTo(ids.get(3));
      assertThat(m.status()).isEqualTo(StatusValues.FAILED);
      assertThat(m.createdDate()).isNotNull();
    });
  }

  @Test
  void statusPagination_isStableWhenItemsChangeStatusBetweenPages() {
    start(SandboxTestSupport.fast().timeScale(1).provisioningDuration(Duration.ofHours(1), Duration.ofHours(1)));
    for (int i = 0; i < 4; i++) {
      provision(create("S" + i), ACCOUNT_A);
    }
    ListPermissionSetProvisioningStatusResponse first = sso.listPermissionSetProvisioningStatus(r -> r
        .instanceArn(instance).maxResults(2).filter(f -> f.status(StatusValues.IN_PROGRESS)));
    List<String> ids = sandbox.provisioningRecords().stream().map(ProvisioningRecord::requestId).toList();

    ListPermissionSetProvisioningStatusResponse second = sso.listPermissionSetProvisioningStatus(r -> r
        .instanceArn(instance).maxResults(2).filter(f -> f.status(StatusValues.IN_PROGRESS))
        .nextToken(first.nextToken()));

    assertThat(first.permissionSetsProvisioningStatus()).extracting(PermissionSetProvisioningStatusMetadata::requestId)
        .containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(second.permissionSetsProvisioningStatus()).extracting(PermissionSetProvisioningStatusMetadata::requestId)
        .containsExactlyElementsOf(ids.subList(2, 4));
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void deletingAProvisionedPermissionSet_isConflict() {
    start(SandboxTestSupport.fast());
    String ps = create("Provisioned");
    provisionAndWait(ps, ACCOUNT_A);

    assertThatThrownBy(() -> sso.deletePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("provisioned to 1 account(s)");
  }

  @Test
  void listVisibilityLag_hidesRecentChangesFromListsButNotFromDescribe() {
    SandboxTestSupport.ManualClock clock = new SandboxTestSupport.ManualClock(java.time.Instant.parse(
        "2026-01-01T00:00:00Z"));
    start(SandboxTestSupport.fast().clock(clock).listVisibilityLag(Duration.ofSeconds(60)));
    String ps = create("Lagging");

    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).isEmpty();
    assertThat(sso.describePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)).permissionSet().name())
        .isEqualTo("Lagging");

    // the lag is in sandbox seconds: 60 s at scale 1000 is 60 ms on the (manual) wall clock
    clock.advance(Duration.ofMillis(61));
    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).containsExactly(ps);

    sandbox.faults().listVisibilityLag(Duration.ZERO);
    String ps2 = create("Fresh");
    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).containsExactly(ps, ps2);
  }

  @Test
  void listLagVaries_eachListCallDrawsItsOwnStaleness_soReadsCanGoBackInTime() {
    // Given a permission set created 30 ms (30 sandbox seconds) ago and a list lag of up to 60 sandbox seconds
    SandboxTestSupport.ManualClock clock = new SandboxTestSupport.ManualClock(java.time.Instant.parse(
        "2026-01-01T00:00:00Z"));
    start(SandboxTestSupport.fast().clock(clock).listVisibilityLag(Duration.ofSeconds(60)).listLagVaries(true));
    String ps = create("Replicated");
    clock.advance(Duration.ofMillis(30));

    // When the same list is read 100 times at the same moment
    List<Boolean> shown = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      shown.add(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets().contains(ps));
    }

    // Then some answers show it and some, later ones included, do not: each read is as stale as its replica
    assertThat(shown).contains(true, false);
    assertThat(shown.subList(shown.indexOf(true), shown.size())).contains(false);

    // and with the lag fixed, every answer is exactly 60 s stale: none shows it yet
    sandbox.faults().listLagVaries(false);
    for (int i = 0; i < 20; i++) {
      assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).doesNotContain(ps);
    }
  }

  @Test
  void listVisibilityLag_showsProvisioningStatusAndAccountsAsTheyWereLagAgo() {
    SandboxTestSupport.ManualClock clock = new SandboxTestSupport.ManualClock(java.time.Instant.parse(
        "2026-01-01T00:00:00Z"));
    start(SandboxTestSupport.fast().clock(clock));
    String ps = create("LagStatus");
    sandbox.faults().listVisibilityLag(Duration.ofSeconds(60));
    clock.advance(Duration.ofMillis(100));
    String id = provisionAndWait(ps, ACCOUNT_A).requestId();

    assertThat(describe(id).status()).isEqualTo(StatusValues.SUCCEEDED);
    assertThat(sso.listPermissionSetProvisioningStatus(r -> r.instanceArn(instance))
        .permissionSetsProvisioningStatus()).isEmpty();
    assertThat(accounts(ps, null)).isEmpty();

    clock.advance(Duration.ofMillis(61));
    assertThat(sso.listPermissionSetProvisioningStatus(r -> r.instanceArn(instance)
        .filter(f -> f.status(StatusValues.SUCCEEDED))).permissionSetsProvisioningStatus())
        .extracting(PermissionSetProvisioningStatusMetadata::requestId).containsExactly(id);
    assertThat(accounts(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactly(ACCOUNT_A);
  }
}
