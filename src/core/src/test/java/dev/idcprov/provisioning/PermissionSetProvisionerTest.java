package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitResult;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.RetrySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;

class PermissionSetProvisionerTest {
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  static final String PS1 = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcde1";
  static final String PS2 = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcde2";
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String C = "333333333333";

  enum Path {
    SYNC, ASYNC
  }

  VirtualScheduler time;
  SsoAdminClient client;
  FakeStatusService aws;
  PermissionSetProvisioner provisioner;
  /** Per permission set: accounts provisioned, and the outdated ones among them. */
  Map<String, List<String>> provisioned = new HashMap<>();
  Map<String, List<String>> outdated = new HashMap<>();
  List<ProvisionPermissionSetRequest> provisionCalls = new ArrayList<>();
  /** Virtual time of each provision call. */
  List<Duration> provisionCallsAt = new ArrayList<>();
  Map<String, String> failing = new HashMap<>();
  AtomicInteger ids = new AtomicInteger();
  /** Virtual time of each filtered read (its first page). */
  List<Duration> filteredReadsAt = new CopyOnWriteArrayList<>();
  /** When set: the outdated accounts as a list answer lagging this far behind shows them (see staleOutdated). */
  Duration listLag;
  /** The outdated accounts before {@link #changedAt}, shown by answers still lagging behind the change. */
  Map<String, List<String>> staleOutdated = new HashMap<>();
  /** When the change from staleOutdated to outdated happened (virtual time since the epoch). */
  Duration changedAt = Duration.ZERO;

  /** The outdated accounts as a list answer shows them: as of now minus listLag, when set. */
  Map<String, List<String>> outdatedAsListed() {
    return listLag != null && time.elapsed().minus(listLag).compareTo(changedAt) < 0 ? staleOutdated : outdated;
  }

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

  /** Two pages when there are more than two accounts, to exercise NextToken. */
  ListAccountsForProvisionedPermissionSetResponse listAccounts(ListAccountsForProvisionedPermissionSetRequest q) {
    boolean filtered = q.provisioningStatus() == ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED;
    if (filtered && q.nextToken() == null) {
      filteredReadsAt.add(time.elapsed());
    }
    List<String> all = (filtered ? outdatedAsListed() : provisioned).getOrDefault(q.permissionSetArn(), List.of());
    int from = q.nextToken() == null ? 0 : Integer.parseInt(q.nextToken());
    int to = Math.min(all.size(), from + 2);
    return ListAccountsForProvisionedPermissionSetResponse.builder().accountIds(all.subList(from, to))
        .nextToken(to < all.size() ? String.valueOf(to) : null).build();
  }

  synchronized ProvisionPermissionSetResponse provision(ProvisionPermissionSetRequest q) {
    provisionCalls.add(q);
    provisionCallsAt.add(time.elapsed());
    String id = FakeStatusService.id(ids.incrementAndGet());
    String why = failing.get(q.targetId());
    FakeStatusService.Req r = aws.add(id).account(q.targetId()).permissionSet(q.permissionSetArn());
    if (why != null) {
      r.failsAfter(Duration.ofSeconds(4), why);
    } else {
      r.succeedsAfter(Duration.ofSeconds(3 + ids.get()));
    }
    return ProvisionPermissionSetResponse.builder().permissionSetProvisioningStatus(PermissionSetProvisioningStatus
        .builder().requestId(id).status("IN_PROGRESS").createdDate(time.clock().instant()).build()).build();
  }

  /** @return 30 accounts PS1 is provisioned to, all outdated */
  List<String> thirtyOutdatedAccounts() {
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      accounts.add(String.format("%012d", 100000000000L + i));
    }
    outdated.put(PS1, accounts);
    provisioned.put(PS1, accounts);
    return accounts;
  }

  ProvisioningRequest.Builder request(String... accounts) {
    // one request per account: these tests are about per-account submission (collapsing is AllOutdatedUpdateTest's)
    return ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .accountIds(List.of(accounts)).collapseToAllProvisionedAccounts(false);
  }

  ProvisioningReport run(Path path, ProvisioningRequest request) {
    if (path == Path.SYNC) {
      return provisioner.provision(request);
    }
    try {
      return provisioner.provisionAsync(request).get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ConflictException conflict() {
    return ConflictException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
        .errorCode("ConflictException").errorMessage("Operation is in conflict with a previous request").build())
        .build();
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void nothingOutdated_makesNoProvisioningCall(Path path) {
    provisioned.put(PS1, List.of(A, B, C));

    ProvisioningReport report = run(path, request(A, B).build());

    assertThat(report.nothingToDo()).isTrue();
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of(A, B));
    assertThat(report.waitResult()).isEmpty();
    verify(client, never()).provisionPermissionSet(any(ProvisionPermissionSetRequest.class));
    // one look for requests already running (made before planning, to adopt them), nothing else
    assertThat(aws.listCalls()).singleElement().satisfies(c -> assertThat(c.filter()).isEqualTo("IN_PROGRESS"));
    assertThat(aws.describeCalls()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void outdatedAndNeverProvisionedAccounts_areProvisionedAndWaitedFor(Path path) {
    provisioned.put(PS1, List.of(A, C, "444444444444", "555555555555"));
    outdated.put(PS1, List.of("555555555555", A));

    ProvisioningReport report = run(path, request(A, B, C).build());

    assertThat(report.plan().targets()).containsExactly(
        new PlannedTarget(PS1, A, PlannedTarget.Reason.OUTDATED),
        new PlannedTarget(PS1, B, PlannedTarget.Reason.NOT_PROVISIONED));
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of(C));
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactly(A, B);
    assertThat(provisionCalls).allSatisfy(q -> {
      assertThat(q.targetTypeAsString()).isEqualTo("AWS_ACCOUNT");
      assertThat(q.permissionSetArn()).isEqualTo(PS1);
    });
    assertThat(report.outcomes()).extracting(RequestOutcome::accountId).containsExactly(A, B);
    assertThat(report.outcomes()).extracting(RequestOutcome::permissionSetArn).containsOnly(PS1);
    assertThat(report.submitted()).extracting(SubmittedRequest::requestId)
        .containsExactly(FakeStatusService.id(1), FakeStatusService.id(2));
  }

  @Test
  void planReadsEveryPageOfBothAccountLists() {
    provisioned.put(PS1, List.of("444444444444", "555555555555", "666666666666", A));
    outdated.put(PS1, List.of("444444444444", "555555555555", A));

    ProvisioningPlan plan = provisioner.plan(request(A).build());

    assertThat(plan.targets()).containsExactly(new PlannedTarget(PS1, A, PlannedTarget.Reason.OUTDATED));
    // both pages of the filtered list, both of the unfiltered one, then both of the filtered one again: A's
    // outdated status is confirmed by an answer that cannot predate the start of planning
    verify(client, org.mockito.Mockito.times(6))
        .listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class));
    assertThat(filteredReadsAt).containsExactly(Duration.ZERO, WaitOptions.DEFAULT_LIST_STALENESS);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void staleListShowingAnAccountOutdated_isNotProvisionedOnceTheConfirmationReadShowsItCurrent(Path path) {
    // another tool brought A up to date just before the run (at 0); list answers lag 3 s behind, so the first read
    // still shows A outdated, while C really is outdated
    provisioned.put(PS1, List.of(A, C));
    staleOutdated.put(PS1, List.of(A, C));
    outdated.put(PS1, List.of(C));
    listLag = Duration.ofSeconds(3);
    changedAt = Duration.ZERO;

    ProvisioningReport report = run(path, request(A, C).build());

    assertThat(report.plan().targets()).containsExactly(new PlannedTarget(PS1, C, PlannedTarget.Reason.OUTDATED));
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of(A));
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactly(C);
    // the confirmation was read once listStaleness had passed since the first read began, not before
    assertThat(filteredReadsAt).containsExactly(Duration.ZERO, WaitOptions.DEFAULT_LIST_STALENESS);
  }

  @Test
  void staleListShowingEveryAccountOutdated_plansNothingOnceConfirmed() {
    // the rehearsal's run 2: pulumi-aws provisioned ALL_PROVISIONED_ACCOUNTS after a policy change and its request
    // SUCCEEDED; the component's first list read still shows the state before it
    provisioned.put(PS1, List.of(A, B));
    staleOutdated.put(PS1, List.of(A, B));
    listLag = Duration.ofSeconds(2);
    changedAt = Duration.ZERO;

    ProvisioningReport report = provisioner.provision(ProvisioningRequest.builder().instanceArn(INSTANCE)
        .permissionSetArns(List.of(PS1)).allProvisionedAccounts().build());

    assertThat(report.nothingToDo()).isTrue();
    assertThat(report.plan().upToDate()).containsEntry(PS1, List.of(A, B));
    verify(client, never()).provisionPermissionSet(any(ProvisionPermissionSetRequest.class));
    assertThat(filteredReadsAt).containsExactly(Duration.ZERO, WaitOptions.DEFAULT_LIST_STALENESS);
  }

  @Test
  void accountStillOutdatedInTheConfirmationRead_isProvisioned() {
    // A was outdated before and after the last change: the stale first read and the confirmation both list it
    provisioned.put(PS1, List.of(A, B));
    staleOutdated.put(PS1, List.of(A, B));
    outdated.put(PS1, List.of(A));
    listLag = Duration.ofSeconds(2);

    ProvisioningReport report = provisioner.provision(ProvisioningRequest.builder().instanceArn(INSTANCE)
        .permissionSetArns(List.of(PS1)).allProvisionedAccounts().build());

    assertThat(report.plan().targets()).containsExactly(new PlannedTarget(PS1, A, PlannedTarget.Reason.OUTDATED));
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactly(A);
    assertThat(report.outcomes()).extracting(RequestOutcome::accountId).containsExactly(A);
    assertThat(filteredReadsAt).containsExactly(Duration.ZERO, WaitOptions.DEFAULT_LIST_STALENESS);
  }

  @Test
  void confirmationWaitsForTheConfiguredListStaleness_andZeroPlansFromTheFirstRead() {
    provisioned.put(PS1, List.of(A, B));
    outdated.put(PS1, List.of(A));

    ProvisioningPlan slow = provisioner.plan(request(A, B).waitOptions(WaitOptions.builder()
        .listStaleness(Duration.ofSeconds(12)).build()).build());
    List<Duration> slowReads = List.copyOf(filteredReadsAt);
    filteredReadsAt.clear();
    Duration before = time.elapsed();
    ProvisioningPlan trusting = provisioner.plan(request(A, B).waitOptions(WaitOptions.builder()
        .listStaleness(Duration.ZERO).build()).build());

    assertThat(slow.targets()).containsExactly(new PlannedTarget(PS1, A, PlannedTarget.Reason.OUTDATED));
    assertThat(slowReads).containsExactly(Duration.ZERO, Duration.ofSeconds(12));
    assertThat(trusting.targets()).isEqualTo(slow.targets());
    assertThat(filteredReadsAt).containsExactly(before);
  }

  @Test
  void nothingOutdatedOrOnlyNeverProvisionedAccounts_needNoConfirmation() {
    provisioned.put(PS1, List.of(A));
    outdated.put(PS1, List.of(C));

    ProvisioningPlan plan = provisioner.plan(request(A, B).build());

    // C is outdated but not asked for: nothing of the request to confirm
    assertThat(plan.targets()).containsExactly(new PlannedTarget(PS1, B, PlannedTarget.Reason.NOT_PROVISIONED));
    assertThat(filteredReadsAt).containsExactly(Duration.ZERO);
    assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void force_provisionsEveryGivenAccount() {
    provisioned.put(PS1, List.of(A, C));
    outdated.put(PS1, List.of(A));

    ProvisioningPlan plan = provisioner.plan(request(A, B, C).force(true).build());

    assertThat(plan.targets()).extracting(PlannedTarget::reason).containsExactly(PlannedTarget.Reason.OUTDATED,
        PlannedTarget.Reason.NOT_PROVISIONED, PlannedTarget.Reason.FORCED);
    assertThat(plan.upToDate().get(PS1)).isEmpty();
    // every given account is a target anyway: no confirmation read, no delay
    assertThat(filteredReadsAt).containsExactly(Duration.ZERO);
  }

  @Test
  void allProvisionedAccounts_plansEachOutdatedAccount() {
    provisioned.put(PS1, List.of(A, B, C));
    outdated.put(PS1, List.of(B));
    provisioned.put(PS2, List.of(A));

    ProvisioningPlan plan = provisioner.plan(ProvisioningRequest.builder().instanceArn(INSTANCE)
        .permissionSetArns(List.of(PS1, PS2)).allProvisionedAccounts().build());

    assertThat(plan.targets()).containsExactly(new PlannedTarget(PS1, B, PlannedTarget.Reason.OUTDATED));
    assertThat(plan.upToDate()).containsEntry(PS1, List.of(A, C)).containsEntry(PS2, List.of(A));
  }

  @Test
  void allProvisionedAccountsForced_makesOneAllProvisionedAccountsRequestPerSet() {
    ProvisioningReport report = provisioner.provision(ProvisioningRequest.builder().instanceArn(INSTANCE)
        .permissionSetArns(List.of(PS1, PS2)).allProvisionedAccounts().force(true).build());

    assertThat(report.plan().targets()).extracting(PlannedTarget::reason)
        .containsExactly(PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS, PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS);
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetTypeAsString)
        .containsExactly("ALL_PROVISIONED_ACCOUNTS", "ALL_PROVISIONED_ACCOUNTS");
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsOnlyNulls();
    verify(client, never())
        .listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class));
    assertThat(report.outcomes()).hasSize(2);
  }

  @Test
  void failedProvisioning_failsWithReasonAccountAndPermissionSet() {
    outdated.put(PS1, List.of(A, B));
    provisioned.put(PS1, List.of(A, B));
    failing.put(B, "The account is suspended");

    ProvisioningFailedException e = (ProvisioningFailedException) catchThrowable(
        () -> run(Path.ASYNC, request(A, B).build()));

    assertThat(e.failures()).singleElement().satisfies(o -> {
      assertThat(o.accountId()).isEqualTo(B);
      assertThat(o.permissionSetArn()).isEqualTo(PS1);
      assertThat(o.failureReason()).isEqualTo("The account is suspended");
    });
    assertThat(e.result().succeeded()).extracting(RequestOutcome::accountId).containsExactly(A);
    assertThat(e).hasMessageContaining(B).hasMessageContaining(PS1).hasMessageContaining("suspended");
  }

  @Test
  void conflict_isRetriedWithBoundedBackoffThenSucceeds() {
    outdated.put(PS1, List.of(A));
    provisioned.put(PS1, List.of(A));
    AtomicInteger n = new AtomicInteger();
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      if (n.incrementAndGet() <= 2) {
        throw conflict();
      }
      return provision(inv.getArgument(0));
    });

    ProvisioningReport report = provisioner.provision(request(A).build());

    assertThat(report.outcomes()).hasSize(1);
    assertThat(n.get()).isEqualTo(3);
    // default conflict backoff: 1 s then 2 s, each with jitter down to half
    assertThat(time.requestedDelays()).anySatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(500),
        Duration.ofSeconds(1)));
    assertThat(time.requestedDelays()).anySatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(1),
        Duration.ofSeconds(2)));
  }

  @Test
  void conflictOutlivingItsRetries_failsWithConflictNamingTargetAndAcceptedRequests() {
    outdated.put(PS1, List.of(A, B));
    provisioned.put(PS1, List.of(A, B));
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      ProvisionPermissionSetRequest q = inv.getArgument(0);
      if (q.targetId().equals(B)) {
        throw conflict();
      }
      return provision(q);
    });

    Throwable thrown = catchThrowable(() -> provisioner.submit(request(A, B).maxConflictRetries(2).build(),
        provisioner.plan(request(A, B).build())));

    assertThat(thrown).isInstanceOf(SubmissionFailedException.class);
    SubmissionFailedException e = (SubmissionFailedException) thrown;
    assertThat(e.kind()).isEqualTo(AwsApiException.Kind.CONFLICT);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.accepted()).extracting(r -> r.target().accountId()).containsExactly(A);
    assertThat(e).hasMessageContaining("ConflictException").hasMessageContaining(PS1)
        .hasMessageContaining("account " + B).hasMessageContaining(FakeStatusService.id(1))
        .hasMessageContaining("after 3 attempt(s)");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void submissionFailingForGood_waitsForTheAcceptedRequests_thenFailsCarryingTheirOutcomes(Path path) {
    // Given two accounts, one of which conflicts beyond its retries, the other provisioned (and FAILED) meanwhile
    outdated.put(PS1, List.of(A, B, C));
    provisioned.put(PS1, List.of(A, B, C));
    failing.put(C, "Policy SandboxReadOnly does not exist");
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      ProvisionPermissionSetRequest q = inv.getArgument(0);
      if (q.targetId().equals(B)) {
        throw conflict();
      }
      return provision(q);
    });

    Throwable thrown = catchThrowable(() -> run(path, request(A, B, C).maxConflictRetries(2).build()));

    // Then the failure is the submission's, raised once A and C have ended, with their outcomes
    assertThat(thrown).isInstanceOf(SubmissionFailedException.class);
    SubmissionFailedException e = (SubmissionFailedException) thrown;
    assertThat(e.kind()).isEqualTo(AwsApiException.Kind.CONFLICT);
    assertThat(e.accepted()).extracting(r -> r.target().accountId()).containsExactly(A, C);
    WaitResult outcomes = e.acceptedOutcomes().orElseThrow();
    assertThat(outcomes.succeeded()).extracting(RequestOutcome::accountId).containsExactly(A);
    assertThat(outcomes.failed()).extracting(RequestOutcome::accountId).containsExactly(C);
    assertThat(e).hasMessageContaining("account " + B).hasMessageContaining("Waited for them: 1 SUCCEEDED, 1 FAILED")
        .hasMessageContaining("Policy SandboxReadOnly does not exist");
    for (SubmittedRequest r : e.accepted()) {
      assertThat(time.clock().instant()).isAfterOrEqualTo(aws.finishTime(r.requestId()));
    }
  }

  @Test
  void deadlinePassingDuringSubmission_endsTheRunByItsDeadline_namingEveryAcceptedRequestAndEveryUnsubmittedTarget() {
    // Given 5 accounts, one of which (B) conflicts on every call, so submission goes on retrying it, and a 5 s
    // timeout, which bounds planning, submission and waiting together: it passes while B waits for its next retry
    List<String> accounts = List.of(A, B, C, "444444444444", "555555555555");
    outdated.put(PS1, accounts);
    provisioned.put(PS1, accounts);
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      ProvisionPermissionSetRequest q = inv.getArgument(0);
      if (q.targetId().equals(B)) {
        provisionCalls.add(q);
        throw conflict();
      }
      return provision(q);
    });
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .collapseToAllProvisionedAccounts(false)
        .accountIds(accounts).maxConflictRetries(20)
        // the plan's confirmation read waits 1 s of listStaleness (the default 5 s would use up the deadline)
        .waitOptions(WaitOptions.builder().timeout(Duration.ofSeconds(5)).listStaleness(Duration.ofSeconds(1))
            .build()).build();

    ProvisioningOutcome outcome = provisioner.start(request, r -> { }).awaitOutcome();

    // Then the run ended at its own deadline (not the wait's, which counts from the last accepted request), as a
    // timeout, without waiting for B's next retry
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    assertThat(outcome.error().orElseThrow()).isInstanceOf(ProvisioningTimeoutException.class)
        .hasMessageContaining("the run's deadline passed while submitting");
    // and the four accepted requests are named with their last known status, B as never submitted
    assertThat(outcome.accepted()).extracting(a -> a.request().target().accountId())
        .containsExactly(A, C, "444444444444", "555555555555");
    assertThat(outcome.notSubmitted()).extracting(PlannedTarget::accountId).containsExactly(B);
    assertThat(outcome.unresolved()).isEmpty();
    assertThat(((ProvisioningTimeoutException) outcome.error().orElseThrow()).pendingRequestIds())
        .hasSize((int) outcome.accepted().stream()
            .filter(a -> a.status() == ProvisioningOutcome.LastStatus.IN_PROGRESS).count());
  }

  @Test
  void deadlinePassingWhileTargetsWaitForBudgetSlots_endsTheRun_namingEveryAcceptedRequestAndTheRestUnsubmitted() {
    // Given 30 accounts at 1 call a second and a 10 s timeout: 8 targets are launched at a time, most of them
    // waiting for a slot of the budget (asked just in time) when the deadline passes
    List<String> accounts = thirtyOutdatedAccounts();
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .collapseToAllProvisionedAccounts(false).accountIds(accounts)
        .waitOptions(WaitOptions.builder().timeout(Duration.ofSeconds(10)).listStaleness(Duration.ZERO).build())
        .build();
    ProvisioningPlan plan = provisioner.plan(request);
    PermissionSetProvisioner slow = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.of(1, time.clock())).build();
    Duration start = time.elapsed();

    ProvisioningOutcome outcome = slow.start(request, plan, r -> { }).awaitOutcome();

    // Then the run ends by its deadline; every call AWS accepted is named, every other target is not submitted,
    // none is lost or left unresolved, and no call went out after the deadline
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    List<String> sent;
    synchronized (this) {
      sent = provisionCalls.stream().map(ProvisionPermissionSetRequest::targetId).toList();
      assertThat(provisionCallsAt).allSatisfy(at -> assertThat(at).isLessThan(start.plusSeconds(10)));
    }
    assertThat(sent).hasSizeBetween(5, 10);
    assertThat(outcome.accepted()).extracting(a -> a.request().target().accountId()).containsExactlyElementsOf(sent);
    assertThat(outcome.notSubmitted()).extracting(PlannedTarget::accountId)
        .containsExactlyElementsOf(accounts.subList(sent.size(), 30));
    assertThat(outcome.unresolved()).isEmpty();
  }

  @Test
  void throttledProvisionCalls_slowTheSharedBudgetDown_asThrottledStatusCallsDo() {
    // Given AWS throttling the first ProvisionPermissionSet of A (another process uses the quota)
    outdated.put(PS1, List.of(A, B));
    provisioned.put(PS1, List.of(A, B));
    AtomicInteger calls = new AtomicInteger();
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      if (calls.incrementAndGet() == 1) {
        throw software.amazon.awssdk.services.ssoadmin.model.ThrottlingException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded")
                .build()).build();
      }
      return provision(inv.getArgument(0));
    });
    ProvisioningRequest request = request(A, B).build();
    ProvisioningPlan plan = provisioner.plan(request);
    RequestBudget budget = RequestBudget.of(10, time.clock());
    PermissionSetProvisioner shared = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(budget).build();

    List<SubmittedRequest> submitted = shared.submit(request, plan);

    // Then both are submitted, and the budget every user of the instance shares hands out half the rate
    assertThat(submitted).extracting(r -> r.target().accountId()).containsExactly(A, B);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(budget.currentRate()).isLessThan(10.0).isGreaterThanOrEqualTo(5.0);
  }

  @Test
  void submitWithoutWaiting_failsAtOnceWithoutOutcomes() {
    outdated.put(PS1, List.of(A, B));
    provisioned.put(PS1, List.of(A, B));
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      ProvisionPermissionSetRequest q = inv.getArgument(0);
      if (q.targetId().equals(B)) {
        throw conflict();
      }
      return provision(q);
    });

    Throwable thrown = catchThrowable(() -> provisioner.submit(request(A, B).maxConflictRetries(0).build(),
        provisioner.plan(request(A, B).build())));

    assertThat(thrown).isInstanceOf(SubmissionFailedException.class);
    assertThat(((SubmissionFailedException) thrown).acceptedOutcomes()).isEmpty();
  }

  @Test
  void requestFinishingDuringALongSubmission_isReportedBeforeTheSubmissionEnds() {
    // Given 30 accounts submitted at 1 call a second (30 s of submission); the first request lasts 4 s
    List<String> accounts = thirtyOutdatedAccounts();
    // (the budget counts on the virtual clock: submission asks it for slots just in time, so both must agree)
    PermissionSetProvisioner slow = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.of(1, time.clock())).build();
    Map<String, java.time.Instant> reported = new java.util.concurrent.ConcurrentHashMap<>();
    List<Integer> totals = new java.util.concurrent.CopyOnWriteArrayList<>();
    // (planning from the first read, listStaleness zero: at 1 call a second the 15 pages of a confirmation read
    // would only lengthen planning, which this test is not about)
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .collapseToAllProvisionedAccounts(false)
        .waitOptions(WaitOptions.builder().listStaleness(Duration.ZERO).build())
        .accountIds(accounts).listener(p -> {
          totals.add(p.total());
          p.newlyResolved().forEach(o -> reported.put(o.requestId(), time.clock().instant()));
        }).build();

    ProvisioningReport report = slow.provision(request);

    // Then the first request was reported while later ones were still being submitted
    java.time.Instant lastSubmission = report.submitted().stream().map(SubmittedRequest::createdDate)
        .max(java.util.Comparator.naturalOrder()).orElseThrow();
    String first = report.submitted().get(0).requestId();
    assertThat(reported.get(first)).isBefore(lastSubmission);
    assertThat(totals.get(0)).isLessThan(30);
    assertThat(totals).isSorted().last().isEqualTo(30);
    assertThat(report.outcomes()).extracting(RequestOutcome::accountId).containsExactlyElementsOf(accounts);
  }

  @Test
  void statusCallDuringASubmission_goesAheadOfTheTargetsWaitingForTheBudget_andNoSlotIsLeftUnused() {
    // Given 30 accounts submitted at 1 call a second, on a budget that a status read shares
    List<String> accounts = thirtyOutdatedAccounts();
    ProvisioningRequest request = request(accounts.toArray(String[]::new)).build();
    ProvisioningPlan plan = provisioner.plan(request);
    RequestBudget budget = RequestBudget.of(1, time.clock());
    PermissionSetProvisioner slow = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(budget).build();
    ApiCaller reader = new ApiCaller(client, time, time, budget,
        new RetrySpec(0, Duration.ofMillis(200), Duration.ofSeconds(1)), time.clock(), null);
    java.util.concurrent.CompletableFuture<Duration> describedAt = new java.util.concurrent.CompletableFuture<>();
    when(client.describePermissionSetProvisioningStatus(any(DescribePermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          describedAt.complete(time.elapsed());
          return aws.answerDescribe(inv.getArgument(0));
        });
    Duration[] askedAt = new Duration[1];
    AtomicInteger accepted = new AtomicInteger();

    // When a Describe is asked for once 10 requests are accepted (8 more targets are launched then)
    slow.submit(request, plan, r -> {
      if (accepted.incrementAndGet() == 10) {
        askedAt[0] = time.elapsed();
        reader.call("DescribePermissionSetProvisioningStatus", null, () -> client.describePermissionSetProvisioningStatus(
            DescribePermissionSetProvisioningStatusRequest.builder().instanceArn(INSTANCE)
                .provisionPermissionSetRequestId(r.requestId()).build()));
      }
    });

    // Then it is sent within two slots, not behind every launched target (8 s when they held slots ahead)
    assertThat(describedAt.join()).isLessThanOrEqualTo(askedAt[0].plusSeconds(2));
    // and the submission used every slot: 30 calls 1 s apart but for the one slot the Describe took
    assertThat(provisionCallsAt).hasSize(30);
    assertThat(provisionCallsAt.get(29).minus(provisionCallsAt.get(0))).isEqualTo(Duration.ofSeconds(30));
    for (int i = 1; i < 30; i++) {
      assertThat(provisionCallsAt.get(i).minus(provisionCallsAt.get(i - 1))).as("gap before call %d", i)
          .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
  }

  @Test
  void statusCallsAskingForEverySlot_doNotStarveTheSubmission() throws Exception {
    // Given a 1/s budget whose every slot two status readers ask for (each re-asks the moment its slot comes, as
    // several waits can after a throttling cut), for 200 s
    List<String> accounts = List.of(A, B, C);
    outdated.put(PS1, accounts);
    provisioned.put(PS1, accounts);
    ProvisioningRequest request = request(A, B, C).build();
    ProvisioningPlan plan = provisioner.plan(request);
    RequestBudget budget = RequestBudget.of(1, time.clock());
    PermissionSetProvisioner slow = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(budget).build();
    Duration[] start = new Duration[1];
    java.util.concurrent.CompletableFuture<ProvisioningExecution> started = new java.util.concurrent.CompletableFuture<>();

    // When the three targets are provisioned on that budget, the readers and the run starting at one virtual instant
    // (on the scheduler's thread: from the test's thread, the free-running virtual clock could pass the readers'
    // 200 s before the run even starts)
    time.execute(() -> {
      start[0] = time.elapsed();
      for (int reader = 0; reader < 2; reader++) {
        new Runnable() {
          @Override
          public void run() {
            if (time.elapsed().minus(start[0]).compareTo(Duration.ofSeconds(200)) < 0) {
              time.schedule(this, budget.reserve().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            }
          }
        }.run();
      }
      started.complete(slow.start(request, plan, r -> { }));
    });
    ProvisioningOutcome outcome = started.get(30, java.util.concurrent.TimeUnit.SECONDS).awaitOutcome();

    // Then each is sent once it has been refused for 30 slots (it then takes the next free slot like the readers),
    // not only when the readers stop at 200 s
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.SUCCEEDED);
    assertThat(provisionCallsAt).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(provisionCallsAt.get(i).minus(start[0])).as("call %d", i)
          .isLessThan(Duration.ofSeconds(40L * (i + 1)));
    }
  }

  @Test
  void givenPlan_isSubmittedAndWaitedForWithoutPlanningAgain_tellingEachAcceptedRequest() {
    // Given a plan made (and shown to a person) beforehand
    provisioned.put(PS1, List.of(A));
    outdated.put(PS1, List.of(A));
    ProvisioningRequest request = request(A, B).build();
    ProvisioningPlan plan = provisioner.plan(request);
    clearInvocations(client);
    List<String> told = new CopyOnWriteArrayList<>();

    // When that plan is provisioned
    ProvisioningReport report = provisioner.provision(request, plan, r -> told.add(r.target().accountId()));

    // Then nothing is planned again, each accepted request is told, and every outcome is reported
    verify(client, never()).listAccountsForProvisionedPermissionSet(
        any(ListAccountsForProvisionedPermissionSetRequest.class));
    assertThat(told).containsExactlyInAnyOrder(A, B);
    assertThat(report.plan()).isSameAs(plan);
    assertThat(report.outcomes()).extracting(RequestOutcome::accountId).containsExactly(A, B);
    assertThat(report.outcomes()).extracting(RequestOutcome::status).containsOnly(RequestOutcome.Status.SUCCEEDED);
  }

  @Test
  void manyTargets_areSubmittedConcurrentlyAndReportedInPlanOrder() {
    List<String> accounts = thirtyOutdatedAccounts();
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .collapseToAllProvisionedAccounts(false)
        .accountIds(accounts).build();

    List<SubmittedRequest> submitted = provisioner.submit(request, provisioner.plan(request));

    assertThat(submitted).extracting(r -> r.target().accountId()).containsExactlyElementsOf(accounts);
  }

  @Test
  void permissionSetOfAnotherInstance_isRejectedBeforeAnyCall() {
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE)
        .permissionSetArns(List.of("arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-0123456789abcde1"))
        .accountIds(List.of(A)).build();

    assertThat(catchThrowable(() -> provisioner.provision(request))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permissionSetArns[0]").hasMessageContaining("ssoins-ffffffffffffffff");
    assertThat(catchThrowable(() -> provisioner.provisionAsync(request)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> request(A, "12345").build())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accountIds[1]");
    verifyNoInteractions(client);
  }

  @Test
  void emptyPlan_submitMakesNoCall() {
    List<SubmittedRequest> submitted = provisioner.submit(request(A).build(),
        new ProvisioningPlan(INSTANCE, List.of(), Map.of()));

    assertThat(submitted).isEmpty();
    verifyNoInteractions(client);
  }
}
