package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/**
 * In virtual time, against a scripted AWS whose ALL_PROVISIONED_ACCOUNTS request updates every account it covers
 * but the failing ones: the collapse decision and its stale-read rule, the follow-ups of a FAILED request on every end
 * path, and the submitter's retries bounded by the run's deadline only.
 */
class AllOutdatedUpdateTest {
  static final String INSTANCE = ReconcileAndOutcomeTest.INSTANCE;
  static final String PS1 = ReconcileAndOutcomeTest.PS1;
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String C = "333333333333";
  static final String D = "444444444444";
  static final String E = "555555555555";

  private VirtualScheduler time;
  private SsoAdminClient client;
  private FakeStatusService aws;
  private PermissionSetProvisioner provisioner;
  /** Accounts the set is provisioned to, and the outdated ones among them (changed as requests finish). */
  private final Set<String> provisioned = new HashSet<>();
  private final Set<String> outdated = new HashSet<>();
  private final Map<String, String> failing = new HashMap<>();
  /** Accounts that fail only within an ALL_PROVISIONED_ACCOUNTS request (a per-account request succeeds). */
  private final Map<String, String> failingInCollapsed = new HashMap<>();
  private final List<ProvisionPermissionSetRequest> provisionCalls = new CopyOnWriteArrayList<>();
  /** Virtual time of the first page of each account list not filtered to the outdated accounts. */
  private final List<Duration> unfilteredReadsAt = new CopyOnWriteArrayList<>();
  /** Every account list read, as "filter@second" (ALL, LATEST or OUTDATED; virtual seconds since the start). */
  private final List<String> listCalls = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  /** What happens right after a list read is answered, keyed by its {@link #listCalls} entry (run once). */
  private final Map<String, Runnable> afterRead = new HashMap<>();
  /** Whether the first page of each list filtered to the outdated accounts is empty, with a NextToken. */
  private boolean emptyFirstOutdatedPage;
  /** Accounts whose assignment is deleted when a request covering them ends (after its status is decided). */
  private final Set<String> deletedAtEnd = new HashSet<>();
  /** Targets whose ProvisionPermissionSet is throttled (account id, or "ALL"), and how many times at most. */
  private final Map<String, Integer> throttled = new HashMap<>();

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    aws = new FakeStatusService(time);
    aws.install(client);
    provisioner = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
    when(client.listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class)))
        .thenAnswer(inv -> listAccounts(inv.getArgument(0)));
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class)))
        .thenAnswer(inv -> provision(inv.getArgument(0)));
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  private synchronized ListAccountsForProvisionedPermissionSetResponse listAccounts(
      ListAccountsForProvisionedPermissionSetRequest q) {
    ProvisioningStatus filter = q.provisioningStatus();
    String call = (filter == null ? "ALL" : filter == ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED ? "LATEST"
        : "OUTDATED") + "@" + time.elapsed().toSeconds();
    listCalls.add(call);
    if (emptyFirstOutdatedPage && filter == ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED
        && q.nextToken() == null) {
      // AWS may filter after paging: an empty page that is not the last
      return ListAccountsForProvisionedPermissionSetResponse.builder().accountIds(List.of()).nextToken("page-2")
          .build();
    }
    if (filter != ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED) {
      unfilteredReadsAt.add(time.elapsed());
    }
    List<String> all = new ArrayList<>(filter == ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED ? outdated
        : provisioned);
    if (filter == ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED) {
      all.removeAll(outdated);
    }
    all.sort(null);
    Runnable then = afterRead.remove(call);
    if (then != null) {
      then.run();
    }
    return ListAccountsForProvisionedPermissionSetResponse.builder().accountIds(all).build();
  }

  private synchronized ProvisionPermissionSetResponse provision(ProvisionPermissionSetRequest q) {
    String key = q.targetId() == null ? "ALL" : q.targetId();
    int left = throttled.getOrDefault(key, 0);
    if (left > 0) {
      throttled.put(key, left - 1);
      throw ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
          .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
    }
    provisionCalls.add(q);
    String id = FakeStatusService.id(ids.incrementAndGet());
    List<String> covered = new ArrayList<>(q.targetId() == null ? provisioned : List.of(q.targetId()));
    covered.sort(null);
    Map<String, String> fails = new HashMap<>(failing);
    if (q.targetId() == null) {
      fails.putAll(failingInCollapsed);
    }
    List<String> failed = covered.stream().filter(fails::containsKey).toList();
    FakeStatusService.Req r = aws.add(id).account(q.targetId()).permissionSet(q.permissionSetArn());
    Duration takes = Duration.ofSeconds(3);
    if (failed.isEmpty()) {
      r.succeedsAfter(takes);
    } else {
      r.failsAfter(takes, fails.get(failed.get(0)) + (failed.size() > 1 ? " (" + (failed.size() - 1)
          + " more account(s) failed)" : ""));
    }
    // at the end, the accounts that did not fail are up to date (the fake answers list calls without lag)
    time.schedule(() -> {
      synchronized (this) {
        for (String a : covered) {
          if (!fails.containsKey(a)) {
            outdated.remove(a);
            provisioned.add(a);
          }
          if (deletedAtEnd.remove(a)) {
            outdated.remove(a);
            provisioned.remove(a);
          }
        }
      }
    }, takes.toNanos() - 1, TimeUnit.NANOSECONDS);
    return ProvisionPermissionSetResponse.builder().permissionSetProvisioningStatus(PermissionSetProvisioningStatus
        .builder().requestId(id).status("IN_PROGRESS").createdDate(time.clock().instant()).build()).build();
  }

  private ProvisioningRequest.Builder request(List<String> accounts) {
    return ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1)).accountIds(accounts)
        .waitOptions(WaitOptions.builder().timeout(Duration.ofMinutes(5)).listStaleness(Duration.ofSeconds(2))
            .build());
  }

  /** The update of every account the set is provisioned to ({@code allProvisionedAccounts()}). */
  private ProvisioningRequest.Builder requestAll() {
    return ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .allProvisionedAccounts().waitOptions(WaitOptions.builder().timeout(Duration.ofMinutes(5))
            .listStaleness(Duration.ofSeconds(2)).build());
  }

  private void everyAccountOutdated(String... accounts) {
    provisioned.addAll(List.of(accounts));
    outdated.addAll(List.of(accounts));
  }

  private long provisionCallsWhere(Predicate<ProvisionPermissionSetRequest> p) {
    return provisionCalls.stream().filter(p).count();
  }

  @Test
  void everyProvisionedAccountOutdated_isOneAllProvisionedAccountsRequest_decidedFromReadsAfterListStaleness() {
    everyAccountOutdated(A, B, C);

    ProvisioningReport report = provisioner.provision(request(List.of(A, B, C)).build());

    assertThat(provisionCalls).singleElement().satisfies(q -> {
      assertThat(q.targetTypeAsString()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
      assertThat(q.targetId()).isNull();
    });
    assertThat(report.plan().targets()).containsExactly(new PlannedTarget(PS1, null, PlannedTarget.Reason.ALL_OUTDATED));
    assertThat(report.plan().coveredBy(PS1)).containsExactly(A, B, C);
    assertThat(report.outcomes()).singleElement().extracting(RequestOutcome::status)
        .isEqualTo(RequestOutcome.Status.SUCCEEDED);
    // listed accounts: each one SUCCEEDED through the collapsed request
    assertThat(report.accountResults()).extracting(AccountResult::accountId, AccountResult::requestId,
        AccountResult::basis).containsExactly(
        org.assertj.core.groups.Tuple.tuple(A, report.submitted().get(0).requestId(), AccountResult.Basis.COVERED),
        org.assertj.core.groups.Tuple.tuple(B, report.submitted().get(0).requestId(), AccountResult.Basis.COVERED),
        org.assertj.core.groups.Tuple.tuple(C, report.submitted().get(0).requestId(), AccountResult.Basis.COVERED));
    assertThat(outdated).isEmpty();
    // the reads deciding the collapse were sent once listStaleness had passed: the outdated accounts (confirmed),
    // none up to date, and the unfiltered read saying the provisioned accounts are exactly the outdated targets
    assertThat(unfilteredReadsAt).hasSize(2).allSatisfy(at -> assertThat(at).isGreaterThanOrEqualTo(
        Duration.ofSeconds(2)));
    assertThat(listCalls).containsExactly("OUTDATED@0", "OUTDATED@2", "LATEST@2", "ALL@2");
  }

  @Test
  void oneProvisionedAccountUpToDate_orNotTargeted_orOptedOut_meansOneRequestPerAccount() {
    provisioned.addAll(List.of(A, B, C));
    outdated.addAll(List.of(A, B));

    provisioner.provision(request(List.of(A, B, C)).build());
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(A, B);

    provisionCalls.clear();
    everyAccountOutdated(A, B, C);
    provisioner.provision(request(List.of(A, B)).build());
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(A, B);

    provisionCalls.clear();
    everyAccountOutdated(A, B, C);
    provisioner.provision(request(List.of(A, B, C)).collapseToAllProvisionedAccounts(false).build());
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId)
        .containsExactlyInAnyOrder(A, B, C);
  }

  @Test
  void newAccountsBesideAFullyOutdatedSet_areOneCollapsedRequestPlusOnePerNewAccount() {
    everyAccountOutdated(A, B, C);

    ProvisioningReport report = provisioner.provision(request(List.of(A, B, C, D, E)).build());

    assertThat(provisionCallsWhere(q -> q.targetId() == null)).isEqualTo(1);
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).filteredOn(a -> a != null)
        .containsExactlyInAnyOrder(D, E);
    assertThat(report.plan().targets()).extracting(PlannedTarget::reason).containsExactly(
        PlannedTarget.Reason.ALL_OUTDATED, PlannedTarget.Reason.NOT_PROVISIONED, PlannedTarget.Reason.NOT_PROVISIONED);
    assertThat(outdated).isEmpty();
    assertThat(provisioned).containsExactlyInAnyOrder(A, B, C, D, E);
  }

  @Test
  void failedCollapsedRequest_isFollowedByOneRequestPerAccountStillOutdated_eachFailureWithItsAccountAndReason() {
    everyAccountOutdated(A, B, C, D, E);
    failing.put(B, "The account 222222222222 is suspended");
    failing.put(D, "Policy SandboxReadOnly does not exist in account 444444444444");

    ProvisioningOutcome outcome = provisioner.start(request(List.of(A, B, C, D, E)).build(), r -> { })
        .awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.FAILED);
    assertThat(provisionCallsWhere(q -> q.targetId() == null)).isEqualTo(1);
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).filteredOn(a -> a != null)
        .containsExactlyInAnyOrder(B, D);
    // the collapsed request, FAILED with its reason, then each follow-up with its account and AWS's reason
    assertThat(outcome.accepted()).extracting(a -> a.request().target().reason(), a -> a.request().target().accountId(),
        ProvisioningOutcome.AcceptedRequest::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.ALL_OUTDATED, null,
            ProvisioningOutcome.LastStatus.FAILED),
        org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.FOLLOW_UP, B, ProvisioningOutcome.LastStatus.FAILED),
        org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.FOLLOW_UP, D, ProvisioningOutcome.LastStatus.FAILED));
    assertThat(outcome.accepted().get(0).failureReason()).contains("222222222222").contains("1 more account(s)");
    assertThat(outcome.accepted().get(1).failureReason()).isEqualTo(failing.get(B));
    assertThat(outcome.accepted().get(2).failureReason()).isEqualTo(failing.get(D));
    ProvisioningFailedException e = (ProvisioningFailedException) outcome.error().orElseThrow();
    assertThat(e.failures()).extracting(RequestOutcome::accountId).containsExactly(null, B, D);
    assertThat(e).hasMessageContaining("account " + B).hasMessageContaining("account " + D);
    assertThat(outcome.notSubmitted()).isEmpty();
    // the others were updated by the collapsed request: no request of their own
    assertThat(outdated).containsExactlyInAnyOrder(B, D);
  }

  @Test
  void failedCollapsedRequest_whoseFollowUpsAllSucceed_isASuccess_reportingTheFailedRequestWithItsReason() {
    everyAccountOutdated(A, B, C, D, E);
    failingInCollapsed.put(B, "The account 222222222222 is suspended");
    failingInCollapsed.put(D, "Policy SandboxReadOnly does not exist in account 444444444444");

    ProvisioningOutcome outcome = provisioner.start(request(List.of(A, B, C, D, E)).build(), r -> { })
        .awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.SUCCEEDED);
    assertThat(outcome.error()).isEmpty();
    assertThat(provisionCallsWhere(q -> q.targetId() == null)).isEqualTo(1);
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).filteredOn(a -> a != null)
        .containsExactlyInAnyOrder(B, D);
    assertThat(outcome.accepted()).extracting(a -> a.request().target().reason(), a -> a.request().target().accountId(),
        ProvisioningOutcome.AcceptedRequest::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.ALL_OUTDATED, null,
            ProvisioningOutcome.LastStatus.FAILED),
        org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.FOLLOW_UP, B, ProvisioningOutcome.LastStatus.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.FOLLOW_UP, D,
            ProvisioningOutcome.LastStatus.SUCCEEDED));
    assertThat(outcome.accepted().get(0).failureReason()).contains("222222222222").contains("1 more account(s)");
    ProvisioningReport report = outcome.reportOrThrow();
    assertThat(report.followedUpFailures()).singleElement().satisfies(o -> {
      assertThat(o.requestId()).isEqualTo(outcome.accepted().get(0).request().requestId());
      assertThat(o.failureReason()).contains("suspended");
    });
    assertThat(report.outcomes()).extracting(RequestOutcome::status).containsExactly(RequestOutcome.Status.FAILED,
        RequestOutcome.Status.SUCCEEDED, RequestOutcome.Status.SUCCEEDED);
    assertThat(outcome.notSubmitted()).isEmpty();
    assertThat(outdated).isEmpty();

    // the sync call returns the same report instead of throwing
    everyAccountOutdated(A, B, C, D, E);
    provisionCalls.clear();
    assertThat(provisioner.provision(request(List.of(A, B, C, D, E)).build()).followedUpFailures()).hasSize(1);
    assertThat(outdated).isEmpty();
  }

  @Test
  void failedCollapsedRequest_withOneFollowUpFailing_isFailedNamingThatAccountAndReason() {
    everyAccountOutdated(A, B, C, D, E);
    failingInCollapsed.put(B, "The account 222222222222 is suspended");
    failing.put(D, "Policy SandboxReadOnly does not exist in account 444444444444");

    ProvisioningOutcome outcome = provisioner.start(request(List.of(A, B, C, D, E)).build(), r -> { })
        .awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.FAILED);
    assertThat(outcome.accepted()).extracting(a -> a.request().target().accountId(),
        ProvisioningOutcome.AcceptedRequest::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(null, ProvisioningOutcome.LastStatus.FAILED),
        org.assertj.core.groups.Tuple.tuple(B, ProvisioningOutcome.LastStatus.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple(D, ProvisioningOutcome.LastStatus.FAILED));
    ProvisioningFailedException e = (ProvisioningFailedException) outcome.error().orElseThrow();
    assertThat(e).hasMessageContaining("account " + D + " (request").hasMessageContaining(failing.get(D));
    assertThat(e.getMessage()).doesNotContain("account " + B + " (request");
  }

  @Test
  void collapsedRequestSucceeding_besideAFailingNewAccount_isFailedNamingThatAccount() {
    // the wait is sealed only once the collapsed request resolved, when the other one has FAILED already: the run
    // must still end FAILED (it once ended SUCCEEDED: the wait, sealed with everything resolved, completed normally)
    everyAccountOutdated(A, B, C);
    failing.put(D, "Policy SandboxReadOnly does not exist in account 444444444444");

    ProvisioningOutcome outcome = provisioner.start(request(List.of(A, B, C, D)).build(), r -> { }).awaitOutcome();

    assertThat(outcome.accepted()).extracting(a -> a.request().target().accountId(),
        ProvisioningOutcome.AcceptedRequest::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(null, ProvisioningOutcome.LastStatus.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple(D, ProvisioningOutcome.LastStatus.FAILED));
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.FAILED);
    assertThat(outcome.error().orElseThrow()).hasMessageContaining("account " + D + " (request");
  }

  @Test
  void deadlineDuringTheFollowUps_losesNothing_acceptedOnesAcceptedAndTheRestNotSubmitted() {
    everyAccountOutdated(A, B, C, D, E);
    failing.put(B, "suspended");
    failing.put(D, "suspended");
    // D's own request is throttled for ever: the deadline passes while it waits for its next retry
    throttled.put(D, Integer.MAX_VALUE);
    Duration timeout = Duration.ofSeconds(40);
    ProvisioningRequest request = request(List.of(A, B, C, D, E)).waitOptions(WaitOptions.builder().timeout(timeout)
        .listStaleness(Duration.ofSeconds(2)).build()).build();
    List<SubmittedRequest> told = new CopyOnWriteArrayList<>();

    ProvisioningOutcome outcome = provisioner.start(request, told::add).awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    assertThat(outcome.accepted()).extracting(a -> a.request().target().reason(), a -> a.request().target().accountId())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.ALL_OUTDATED, null),
            org.assertj.core.groups.Tuple.tuple(PlannedTarget.Reason.FOLLOW_UP, B));
    assertThat(outcome.accepted().get(0).status()).isEqualTo(ProvisioningOutcome.LastStatus.FAILED);
    assertThat(outcome.notSubmitted()).containsExactly(new PlannedTarget(PS1, D, PlannedTarget.Reason.FOLLOW_UP));
    // every request AWS accepted was told as it was, and is in the outcome
    assertThat(told).extracting(SubmittedRequest::requestId).containsExactlyElementsOf(
        outcome.accepted().stream().map(a -> a.request().requestId()).toList());
    assertThat(outcome.accepted()).hasSize(provisionCalls.size());
  }

  @Test
  void deadlineBeforeTheFollowUpReadAnswers_namesEveryCoveredAccountAsNotSubmitted() {
    everyAccountOutdated(A, B, C);
    failing.put(B, "suspended");
    // the follow-up read is sent listStaleness (30 s) after the request was accepted; the deadline comes first
    Duration timeout = Duration.ofSeconds(40);
    ProvisioningRequest request = request(List.of(A, B, C)).waitOptions(WaitOptions.builder().timeout(timeout)
        .listStaleness(Duration.ofSeconds(30)).build()).build();

    ProvisioningOutcome outcome = provisioner.start(request, r -> { }).awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    assertThat(outcome.accepted()).singleElement().extracting(ProvisioningOutcome.AcceptedRequest::status)
        .isEqualTo(ProvisioningOutcome.LastStatus.FAILED);
    assertThat(outcome.notSubmitted()).extracting(PlannedTarget::accountId).containsExactly(A, B, C);
    assertThat(outcome.notSubmitted()).extracting(PlannedTarget::reason).containsOnly(PlannedTarget.Reason.FOLLOW_UP);
  }

  @Test
  void hundredThrottlesInARow_stillSubmitBeforeTheDeadline() {
    provisioned.add(B);
    throttled.put(A, 100);
    // A is new (not provisioned): one request of its own
    ProvisioningRequest request = request(List.of(A)).waitOptions(WaitOptions.builder().timeout(Duration.ofMinutes(30))
        .retryBaseDelay(Duration.ofMillis(200)).retryMaxDelay(Duration.ofSeconds(10)).maxRetries(2).build()).build();

    ProvisioningReport report = provisioner.provision(request);

    assertThat(report.submitted()).singleElement().extracting(r -> r.target().accountId()).isEqualTo(A);
    assertThat(throttled.get(A)).isZero();
    assertThat(report.outcomes()).singleElement().extracting(RequestOutcome::status)
        .isEqualTo(RequestOutcome.Status.SUCCEEDED);
    assertThat(time.elapsed()).isLessThan(Duration.ofMinutes(30));
  }

  @Test
  void throttlingUntilTheDeadline_leavesTheTargetNotSubmitted_andTheRunTimedOut() {
    throttled.put(A, Integer.MAX_VALUE);
    Duration timeout = Duration.ofMinutes(2);
    ProvisioningRequest request = request(List.of(A)).waitOptions(WaitOptions.builder().timeout(timeout)
        .retryBaseDelay(Duration.ofMillis(200)).retryMaxDelay(Duration.ofSeconds(5)).maxRetries(2).build()).build();

    ProvisioningOutcome outcome = provisioner.start(request, r -> { }).awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    assertThat(outcome.error().orElseThrow()).isInstanceOf(ProvisioningTimeoutException.class);
    assertThat(outcome.notSubmitted()).containsExactly(new PlannedTarget(PS1, A, PlannedTarget.Reason.NOT_PROVISIONED));
    assertThat(outcome.accepted()).isEmpty();
    assertThat(provisionCalls).isEmpty();
    assertThat(time.elapsed()).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(6));
  }

  @Test
  void allProvisionedAccounts_noneUpToDate_isCollapsedFromThreeReads_withoutListingTheOutdatedAccounts() {
    everyAccountOutdated(A, B, C, D, E);

    ProvisioningReport report = provisioner.provision(requestAll().build());

    // one page says something is outdated; after listStaleness, no account is up to date and one still outdated
    assertThat(listCalls).containsExactly("OUTDATED@0", "LATEST@2", "OUTDATED@2");
    assertThat(provisionCalls).singleElement().extracting(ProvisionPermissionSetRequest::targetId).isNull();
    assertThat(report.plan().targets()).containsExactly(new PlannedTarget(PS1, null, PlannedTarget.Reason.ALL_OUTDATED));
    assertThat(report.plan().coveredBy(PS1)).isEmpty();
    assertThat(report.plan().summary()).contains("1 ALL_PROVISIONED_ACCOUNTS update(s) for every account of their "
        + "set(s), none up to date (not listed)");
    assertThat(report.outcomes()).singleElement().extracting(RequestOutcome::status)
        .isEqualTo(RequestOutcome.Status.SUCCEEDED);
    // the accounts were not read: no per-account result, the request's own SUCCEEDED says it
    assertThat(report.accountResults()).isEmpty();
    assertThat(outdated).isEmpty();
  }

  @Test
  void allProvisionedAccounts_oneUpToDate_isOneRequestPerOutdatedAccount_listedInFull() {
    provisioned.addAll(List.of(A, B, C));
    outdated.addAll(List.of(A, B));

    ProvisioningReport report = provisioner.provision(requestAll().build());

    assertThat(listCalls).containsExactly("OUTDATED@0", "LATEST@2", "OUTDATED@2");
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(A, B);
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of(C));
    assertThat(report.accountResults()).extracting(AccountResult::accountId, AccountResult::status,
        AccountResult::basis).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(A, RequestOutcome.Status.SUCCEEDED, AccountResult.Basis.OWN_REQUEST),
        org.assertj.core.groups.Tuple.tuple(B, RequestOutcome.Status.SUCCEEDED, AccountResult.Basis.OWN_REQUEST));
  }

  @Test
  void allProvisionedAccounts_anAccountUpdatedByAnotherToolDuringListStaleness_isNeverCollapsed() {
    // the first read shows every account outdated; another tool updates A before listStaleness has passed: the
    // reads deciding the collapse are sent after it, see A up to date, and the others are provisioned one by one
    everyAccountOutdated(A, B, C);
    time.schedule(() -> {
      synchronized (this) {
        outdated.remove(A);
      }
    }, 1, TimeUnit.SECONDS);

    provisioner.provision(requestAll().build());

    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(B, C);
  }

  @Test
  void allProvisionedAccounts_nothingOutdated_isOnePageThenTheUpToDateAccounts_noWait() {
    provisioned.addAll(List.of(A, B));

    ProvisioningReport report = provisioner.provision(requestAll().build());

    assertThat(report.nothingToDo()).isTrue();
    assertThat(listCalls).containsExactly("OUTDATED@0", "LATEST@0");
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of(A, B));
  }

  @Test
  void failedUnlistedCollapse_followsUpTheAccountsStillOutdated_andReportsEveryAccountWithItsRequest() {
    everyAccountOutdated(A, B, C, D, E);
    failing.put(B, "The account 222222222222 is suspended");
    failing.put(D, "Policy SandboxReadOnly does not exist in account 444444444444");

    ProvisioningOutcome outcome = provisioner.start(requestAll().build(), r -> { }).awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.FAILED);
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactly(null, B, D);
    assertThat(outcome.accepted()).extracting(a -> a.request().target().reason()).containsExactly(
        PlannedTarget.Reason.ALL_OUTDATED, PlannedTarget.Reason.FOLLOW_UP, PlannedTarget.Reason.FOLLOW_UP);
    // the failure carries the report: per account, the request that covered it and how it ended
    ProvisioningRunFailedException e = (ProvisioningRunFailedException) outcome.error().orElseThrow();
    assertThat(e.failures()).extracting(RequestOutcome::accountId).containsExactly(null, B, D);
    String collapsed = outcome.accepted().get(0).request().requestId();
    List<AccountResult> results = e.report().accountResults();
    assertThat(results).extracting(AccountResult::accountId, AccountResult::status, AccountResult::basis)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(A, RequestOutcome.Status.SUCCEEDED,
                AccountResult.Basis.READ_AFTER_FAILURE),
            org.assertj.core.groups.Tuple.tuple(C, RequestOutcome.Status.SUCCEEDED,
                AccountResult.Basis.READ_AFTER_FAILURE),
            org.assertj.core.groups.Tuple.tuple(E, RequestOutcome.Status.SUCCEEDED,
                AccountResult.Basis.READ_AFTER_FAILURE),
            org.assertj.core.groups.Tuple.tuple(B, RequestOutcome.Status.FAILED, AccountResult.Basis.OWN_REQUEST),
            org.assertj.core.groups.Tuple.tuple(D, RequestOutcome.Status.FAILED, AccountResult.Basis.OWN_REQUEST));
    assertThat(results).filteredOn(r -> r.basis() == AccountResult.Basis.READ_AFTER_FAILURE)
        .extracting(AccountResult::requestId).containsOnly(collapsed);
    assertThat(results).filteredOn(r -> r.accountId().equals(B)).singleElement()
        .extracting(AccountResult::failureReason).isEqualTo(failing.get(B));
    // the reads after the FAILED request (accepted at 2 s): one of each, sent once listStaleness had passed since
    assertThat(listCalls.subList(3, listCalls.size())).hasSize(2).allSatisfy(c -> assertThat(
        Integer.parseInt(c.substring(c.indexOf('@') + 1))).isGreaterThanOrEqualTo(4))
        .extracting(c -> c.substring(0, c.indexOf('@'))).containsExactlyInAnyOrder("OUTDATED", "LATEST");
  }

  @Test
  void deadlineBeforeTheFollowUpReadOfAnUnlistedCollapse_namesTheSetAsNotSubmitted() {
    everyAccountOutdated(A, B, C);
    failing.put(B, "suspended");
    // planned at 10 s (listStaleness), FAILED at 13 s; the follow-up read would be sent at 20 s, after the deadline
    ProvisioningRequest request = requestAll().waitOptions(WaitOptions.builder().timeout(Duration.ofSeconds(18))
        .listStaleness(Duration.ofSeconds(10)).build()).build();

    ProvisioningOutcome outcome = provisioner.start(request, r -> { }).awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    assertThat(outcome.notSubmitted()).containsExactly(new PlannedTarget(PS1, null,
        PlannedTarget.Reason.ALL_OUTDATED));
  }

  @Test
  void explicitTargets_anUntargetedAccountOutdatedBetweenTheFilteredReads_isNeverCollapsed() {
    // a canary: A and B are targeted and outdated, C is up to date and not targeted. C turns outdated after the
    // confirmed outdated read and before the read of the up-to-date accounts: it is in neither list, so those two
    // say "every outdated account targeted, none up to date"; the unfiltered read lists C and forbids the collapse
    provisioned.addAll(List.of(A, B, C));
    outdated.addAll(List.of(A, B));
    afterRead.put("OUTDATED@2", () -> outdated.add(C));

    ProvisioningReport report = provisioner.provision(request(List.of(A, B)).build());

    assertThat(listCalls).containsExactly("OUTDATED@0", "OUTDATED@2", "LATEST@2", "ALL@2");
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(A, B);
    assertThat(report.plan().targets()).extracting(PlannedTarget::reason).containsOnly(PlannedTarget.Reason.OUTDATED);
    assertThat(report.plan().coveredBy(PS1)).isEmpty();
    // C was not touched: still outdated
    assertThat(outdated).containsExactly(C);
  }

  @Test
  void explicitTargets_noCollapseAllowedByTheFilteredReads_noUnfilteredRead() {
    provisioned.addAll(List.of(A, B, C));
    outdated.addAll(List.of(A, B));

    provisioner.provision(request(List.of(A, B)).build());

    assertThat(listCalls).containsExactly("OUTDATED@0", "OUTDATED@2", "LATEST@2");
  }

  @Test
  void allProvisionedAccounts_anEmptyFirstPageWithANextToken_isReadOnUntilAPageWithAccounts() {
    // every read of the outdated accounts starts with an empty page carrying a NextToken (AWS filters after paging):
    // it does not mean "nothing outdated", nor "none still outdated" before the collapse
    everyAccountOutdated(A, B, C);
    emptyFirstOutdatedPage = true;

    ProvisioningReport report = provisioner.provision(requestAll().build());

    assertThat(listCalls).containsExactly("OUTDATED@0", "OUTDATED@0", "LATEST@2", "OUTDATED@2", "OUTDATED@2");
    assertThat(report.plan().targets())
        .containsExactly(new PlannedTarget(PS1, null, PlannedTarget.Reason.ALL_OUTDATED));
    assertThat(provisionCalls).singleElement().extracting(ProvisionPermissionSetRequest::targetId).isNull();
    assertThat(outdated).isEmpty();
  }

  @Test
  void allProvisionedAccounts_onlyEmptyPages_isNothingToDo_afterTheLastPage() {
    provisioned.addAll(List.of(A, B));
    emptyFirstOutdatedPage = true;

    ProvisioningReport report = provisioner.provision(requestAll().build());

    assertThat(report.nothingToDo()).isTrue();
    assertThat(listCalls).containsExactly("OUTDATED@0", "OUTDATED@0", "LATEST@0");
  }

  @Test
  void allProvisionedAccounts_anAccountListedBothUpToDateAndOutdated_forbidsTheCollapse_andThePlanSaysSo() {
    // A is up to date when the up-to-date accounts are read, then outdated (a policy change) when the outdated
    // ones are: it is in both lists. Any account listed up to date forbids the collapse, in the planner as in the
    // CLI's provision --outdated, which decides from the plan's anyUpToDate
    provisioned.addAll(List.of(A, B));
    outdated.add(B);
    afterRead.put("LATEST@2", () -> outdated.add(A));

    ProvisioningReport report = provisioner.provision(requestAll().build());

    assertThat(listCalls).containsExactly("OUTDATED@0", "LATEST@2", "OUTDATED@2");
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(A, B);
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of());
    assertThat(report.plan().anyUpToDate(PS1)).isTrue();
  }

  @Test
  void failedListedCollapse_reportsUpdatedOnlyTheCoveredAccountsListedUpToDate_notThoseMerelyNoLongerOutdated() {
    // B fails; C fails too and its assignment is deleted as the request ends: C is then in neither list. The
    // per-account view rests on a positive read (up to date), so C gets no entry instead of a SUCCEEDED
    everyAccountOutdated(A, B, C);
    failing.put(B, "The account 222222222222 is suspended");
    failing.put(C, "The account 333333333333 is suspended");
    deletedAtEnd.add(C);

    ProvisioningOutcome outcome = provisioner.start(request(List.of(A, B, C)).build(), r -> { }).awaitOutcome();

    assertThat(outcome.plan().orElseThrow().coveredBy(PS1)).containsExactly(A, B, C);
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactly(null, B);
    ProvisioningRunFailedException e = (ProvisioningRunFailedException) outcome.error().orElseThrow();
    String collapsed = outcome.accepted().get(0).request().requestId();
    assertThat(e.report().accountResults()).extracting(AccountResult::accountId, AccountResult::requestId,
        AccountResult::status, AccountResult::basis).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(A, collapsed, RequestOutcome.Status.SUCCEEDED,
            AccountResult.Basis.READ_AFTER_FAILURE),
        org.assertj.core.groups.Tuple.tuple(B, outcome.accepted().get(1).request().requestId(),
            RequestOutcome.Status.FAILED, AccountResult.Basis.OWN_REQUEST));
  }
}
