package dev.idcprov.waiter;

import static dev.idcprov.testing.FakeStatusService.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.InternalServerException;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

class ProvisioningWaiterTest {
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  static final String LIST = "ListPermissionSetProvisioningStatus";
  static final String DESCRIBE = "DescribePermissionSetProvisioningStatus";

  /** The sync and async entry points, run over the same scenarios. */
  enum Path {
    SYNC, ASYNC
  }

  VirtualScheduler time;
  SsoAdminClient client;
  FakeStatusService aws;
  ProvisioningWaiter waiter;
  List<WaitProgress> progress;

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    aws = new FakeStatusService(time);
    aws.install(client);
    waiter = ProvisioningWaiter.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
    progress = new ArrayList<>();
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  WaitRequest.Builder waitFor(String... ids) {
    return WaitRequest.builder().instanceArn(INSTANCE).requestIds(List.of(ids))
        .listener(p -> progress.add(p));
  }

  WaitResult run(Path path, WaitRequest request) {
    if (path == Path.SYNC) {
      return waiter.waitUntilProvisioned(request);
    }
    try {
      return waiter.waitUntilProvisionedAsync(request).get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static AwsServiceException.Builder aws(AwsServiceException.Builder b, String code, int status, String message) {
    return b.statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
        .build());
  }

  // ------------------------------------------------------------------ outcomes

  @ParameterizedTest
  @EnumSource(Path.class)
  void allRequestsSucceed_returnsEveryOutcomeWithCreatedDate(Path path) {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(3));
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(12));

    WaitResult result = run(path, waitFor(id(1), id(2)).build());

    assertThat(result.outcomes()).extracting(RequestOutcome::requestId).containsExactly(id(1), id(2));
    assertThat(result.outcomes()).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(RequestOutcome.Status.SUCCEEDED);
      assertThat(o.createdDate()).isEqualTo(VirtualScheduler.EPOCH);
    });
    assertThat(result.elapsed()).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(14));
    assertThat(result.pollRounds()).isGreaterThan(1);
    assertThat(result.apiCalls()).containsKey(LIST).doesNotContainKey(DESCRIBE);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void failedRequest_failsWithAwsReasonAfterEveryRequestLeftInProgress(Path path) {
    aws.add(id(1)).failsAfter(Duration.ofSeconds(2), "Customer managed policy Foo does not exist in account")
        .account("222222222222");
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(9));

    Throwable thrown = catchThrowable(() -> run(path, waitFor(id(1), id(2)).build()));

    assertThat(thrown).isInstanceOf(ProvisioningFailedException.class);
    ProvisioningFailedException e = (ProvisioningFailedException) thrown;
    assertThat(e.failures()).singleElement().satisfies(o -> {
      assertThat(o.requestId()).isEqualTo(id(1));
      assertThat(o.accountId()).isEqualTo("222222222222");
      assertThat(o.failureReason()).isEqualTo("Customer managed policy Foo does not exist in account");
    });
    assertThat(e.result().succeeded()).extracting(RequestOutcome::requestId).containsExactly(id(2));
    assertThat(e.getMessage()).contains("1 of 2", id(1), "222222222222", "does not exist",
        "create the referenced IAM policy");
    assertThat(aws.describeCalls()).containsExactly(id(1));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void deadline_timesOutNamingPendingRequestsWithPartialResult(Path path) {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(2));
    aws.add(id(2)).neverFinishes();

    Throwable thrown = catchThrowable(() -> run(path,
        waitFor(id(1), id(2)).options(WaitOptions.builder().timeout(Duration.ofSeconds(30)).build()).build()));

    assertThat(thrown).isInstanceOf(ProvisioningTimeoutException.class).hasMessageContaining(id(2))
        .hasMessageContaining("PT30S");
    ProvisioningTimeoutException e = (ProvisioningTimeoutException) thrown;
    assertThat(e.pendingRequestIds()).containsExactly(id(2));
    assertThat(e.partialResult().outcomes()).extracting(RequestOutcome::requestId).containsExactly(id(1));
    // the virtual time the wait ended at (the scheduler may run a leftover no-op task before this thread reads it)
    assertThat(e.partialResult().elapsed()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void accessDenied_failsAtOnceWithAwsMessageAndIamAction(Path path) {
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(aws(AccessDeniedException.builder(), "AccessDeniedException", 400,
            "User: arn:aws:iam::1:user/x is not authorized").build());

    Throwable thrown = catchThrowable(() -> run(path, waitFor(id(1)).build()));

    assertThat(thrown).isInstanceOf(AwsApiException.class)
        .hasMessageContaining("is not authorized").hasMessageContaining("sso:ListPermissionSetProvisioningStatus")
        .hasMessageContaining("after 1 attempt");
    AwsApiException e = (AwsApiException) thrown;
    assertThat(e.kind()).isEqualTo(AwsApiException.Kind.ACCESS_DENIED);
    assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void validationAndNotFound_failAtOnceWithTheirKind() {
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(aws(ValidationException.builder(), "ValidationException", 400, "bad instance").build())
        .thenThrow(aws(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400, "no such instance")
            .build());

    AwsApiException validation = (AwsApiException) catchThrowable(() -> run(Path.SYNC, waitFor(id(1)).build()));
    AwsApiException notFound = (AwsApiException) catchThrowable(() -> run(Path.SYNC, waitFor(id(1)).build()));

    assertThat(validation.kind()).isEqualTo(AwsApiException.Kind.VALIDATION);
    assertThat(validation).hasMessageContaining("bad instance");
    assertThat(notFound.kind()).isEqualTo(AwsApiException.Kind.NOT_FOUND);
    assertThat(notFound).hasMessageContaining("no such instance").hasMessageContaining("home region");
    assertThat(notFound.attempts()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ retries

  @Test
  void throttling_isRetriedWithBoundedJitteredBackoffThenSucceeds() {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(1));
    ThrottlingException throttled = (ThrottlingException) aws(ThrottlingException.builder(), "ThrottlingException",
        400, "Rate exceeded").build();
    AtomicInteger n = new AtomicInteger();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          if (n.incrementAndGet() <= 2) {
            throw throttled;
          }
          return aws.answerList(inv.getArgument(0));
        });

    WaitResult result = run(Path.SYNC, waitFor(id(1)).build());

    assertThat(result.succeeded()).hasSize(1);
    assertThat(result.apiCalls().get(LIST)).isGreaterThanOrEqualTo(3);
    // default retryBaseDelay 200 ms: first retry within [100, 200] ms, second within [200, 400] ms
    List<Duration> retryDelays = time.requestedDelays().stream()
        .filter(d -> d.compareTo(Duration.ZERO) > 0 && d.compareTo(Duration.ofMillis(400)) <= 0).toList();
    assertThat(retryDelays).hasSizeGreaterThanOrEqualTo(2);
    assertThat(retryDelays.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(retryDelays.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void throttlingBeyondMaxRetries_isRetriedUntilTheDeadline() {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(1));
    ThrottlingException throttled = (ThrottlingException) aws(ThrottlingException.builder(), "ThrottlingException",
        400, "Rate exceeded").build();
    AtomicInteger n = new AtomicInteger();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          if (n.incrementAndGet() <= 30) {
            throw throttled;
          }
          return aws.answerList(inv.getArgument(0));
        });

    WaitResult result = run(Path.ASYNC, waitFor(id(1)).options(WaitOptions.builder().maxRetries(3)
        .timeout(Duration.ofMinutes(10)).build()).build());

    // 30 throttled answers in a row, ten times maxRetries: the wait goes on, its allowance is its deadline
    assertThat(result.succeeded()).hasSize(1);
    assertThat(result.apiCalls().get(LIST)).isGreaterThan(30);
  }

  @Test
  void throttlingUntilTheDeadline_endsAsATimeoutNamingThePending() {
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(aws(ThrottlingException.builder(), "ThrottlingException", 400, "Rate exceeded").build());

    Throwable thrown = catchThrowable(() -> run(Path.ASYNC,
        waitFor(id(1)).options(WaitOptions.builder().maxRetries(3).timeout(Duration.ofSeconds(90)).build()).build()));

    assertThat(thrown).isInstanceOf(ProvisioningTimeoutException.class).hasMessageContaining(id(1));
    assertThat(((ProvisioningTimeoutException) thrown).partialResult().elapsed()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void serverErrorsAndIoErrors_areRetried() {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(1));
    List<RuntimeException> faults = List.of(
        aws(InternalServerException.builder(), "InternalServerException", 500, "oops").build(),
        aws(AwsServiceException.builder(), "ServiceUnavailable", 503, "unavailable").build(),
        SdkClientException.builder().message("connection reset").cause(new IOException("reset")).build());
    AtomicInteger n = new AtomicInteger();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          int i = n.getAndIncrement();
          if (i < faults.size()) {
            throw faults.get(i);
          }
          return aws.answerList(inv.getArgument(0));
        });

    WaitResult result = run(Path.SYNC, waitFor(id(1)).build());

    assertThat(result.succeeded()).hasSize(1);
    assertThat(n.get()).isGreaterThan(faults.size());
  }

  @Test
  void sdkClientErrorWithoutIoCause_isNotRetried() {
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(SdkClientException.create("Unable to load credentials from any of the providers"));

    AwsApiException e = (AwsApiException) catchThrowable(() -> run(Path.SYNC, waitFor(id(1)).build()));

    assertThat(e.kind()).isEqualTo(AwsApiException.Kind.OTHER);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e).hasMessageContaining("Unable to load credentials");
  }

  // ------------------------------------------------------------------ the poll algorithm

  @Test
  void pagination_readsEveryPageWithTheFilterAndPassesNextToken() {
    aws.history(250, "IN_PROGRESS");
    aws.history(400, "SUCCEEDED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(5));

    run(Path.SYNC, waitFor(id(1)).build());

    List<FakeStatusService.ListCall> inProgress = aws.listCalls().stream()
        .filter(c -> "IN_PROGRESS".equals(c.filter())).toList();
    assertThat(inProgress).extracting(FakeStatusService.ListCall::token).startsWith(null, "t100", "t200");
    assertThat(inProgress.size() % 3).isZero();
  }

  @Test
  void callCount_eachRoundCostsOneListCallPer100InProgressItems_eachDepartureAtMostOneCall() {
    // Given an instance with a long history, 250 other requests in progress, and 30 requests of ours
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.history(30, "FAILED");
    String[] ids = new String[30];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = id(i + 1);
      if (i % 10 == 9) {
        aws.add(ids[i]).failsAfter(Duration.ofSeconds(2 + i), "account suspended");
      } else {
        aws.add(ids[i]).succeedsAfter(Duration.ofSeconds(2 + i));
      }
    }

    ProvisioningFailedException e = (ProvisioningFailedException) catchThrowable(
        () -> run(Path.SYNC, waitFor(ids).build()));

    // Then every IN_PROGRESS pass cost ceil(in-progress items / 100) list calls
    List<FakeStatusService.ListCall> calls = aws.listCalls();
    int passes = 0;
    int expectedPages = 0;
    for (FakeStatusService.ListCall c : calls) {
      if ("IN_PROGRESS".equals(c.filter()) && c.token() == null) {
        passes++;
        expectedPages += Math.max(1, (c.inProgressAtCall() + 99) / 100);
      }
    }
    long inProgressCalls = calls.stream().filter(c -> "IN_PROGRESS".equals(c.filter())).count();
    assertThat(inProgressCalls).isEqualTo(expectedPages);
    assertThat(passes).isEqualTo(e.result().pollRounds());
    // no FAILED pass (it would read the whole FAILED history): absences are resolved by positive reads
    assertThat(calls).noneMatch(c -> "FAILED".equals(c.filter()));
    // the unfiltered probe (2 pages, then 4) stops once the history proved bigger than the filtered passes; later
    // unfiltered pages only ever replace as many Describes for departures: departures cost at most one call each
    long unfiltered = calls.stream().filter(c -> c.filter() == null).count();
    assertThat(unfiltered - 6 + aws.describeCalls().size()).isLessThanOrEqualTo(ids.length);
    assertThat(aws.describeCalls()).doesNotHaveDuplicates().contains(ids[9], ids[19], ids[29]);
    assertThat(e.failures()).hasSize(3);
    assertThat(e.result().succeeded()).hasSize(27);
    assertThat(e.result().totalApiCalls()).isEqualTo(calls.size() + aws.describeCalls().size());
  }

  @Test
  void multiPagePassesThatSkipARequest_stopBeingTrustedOnOneAbsence_andNoStatusIsWrong() {
    // Given 250 other requests in progress (IN_PROGRESS passes of 3 pages), 3 short requests of ours, and a long
    // one that every other IN_PROGRESS pass skips, as pages shifting under an offset-based token would
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(3));
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(4));
    aws.add(id(3)).succeedsAfter(Duration.ofSeconds(5));
    aws.add(id(4)).succeedsAfter(Duration.ofSeconds(240));
    int[] inProgressPasses = {0};
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          ListPermissionSetProvisioningStatusRequest q = inv.getArgument(0);
          ListPermissionSetProvisioningStatusResponse r = aws.answerList(q);
          boolean inProgress = q.filter() != null && q.filter().status() == StatusValues.IN_PROGRESS;
          if (inProgress && q.nextToken() == null) {
            inProgressPasses[0]++;
          }
          if (!inProgress || inProgressPasses[0] % 2 == 1) {
            return r;
          }
          return r.toBuilder().permissionSetsProvisioningStatus(r.permissionSetsProvisioningStatus().stream()
              .filter(m -> !m.requestId().equals(id(4))).toList()).build();
        });

    WaitResult result = run(Path.SYNC, waitFor(id(1), id(2), id(3), id(4)).build());

    // Then every status is right (a skip only ever costs a Describe), the short ones were described once each,
    // and the skipped one was described on its single absences only until they proved wasteful (3 allowed, the
    // 4th withdraws the trust), then once when it had finished: not on every other of its ~25 passes
    assertThat(result.succeeded()).hasSize(4);
    assertThat(aws.describeCalls()).filteredOn(id -> !id.equals(id(4))).hasSize(3);
    assertThat(aws.describeCalls()).filteredOn(id -> id.equals(id(4))).hasSizeBetween(2, 5);
    assertThat(inProgressPasses[0]).isGreaterThan(20);
  }

  @Test
  void smallInstance_usesOneUnfilteredPagePerRound() {
    aws.history(40, "SUCCEEDED");
    for (int i = 1; i <= 20; i++) {
      aws.add(id(i)).succeedsAfter(Duration.ofSeconds(i));
    }
    String[] ids = new String[20];
    for (int i = 0; i < 20; i++) {
      ids[i] = id(i + 1);
    }

    WaitResult result = run(Path.SYNC, waitFor(ids).build());

    assertThat(aws.listCalls()).allSatisfy(c -> assertThat(c.filter()).isNull());
    assertThat(result.apiCalls()).containsOnlyKeys(LIST);
    assertThat(result.apiCalls().get(LIST)).isEqualTo(result.pollRounds());
    // the cadence follows the youngest request's age over the requests in flight: fewer rounds as they resolve
    assertThat(result.pollRounds()).isBetween(12, 22);
  }

  @Test
  void departures_areDescribed_neverReadFromTheFailedHistory() {
    aws.history(250, "IN_PROGRESS");
    aws.history(1200, "SUCCEEDED");
    aws.history(350, "FAILED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(4));
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(20));

    WaitResult result = run(Path.SYNC, waitFor(id(1), id(2)).build());

    assertThat(result.succeeded()).hasSize(2);
    long failedPasses = aws.listCalls().stream().filter(c -> "FAILED".equals(c.filter()) && c.token() == null)
        .count();
    // the 4 pages of FAILED history are never read: each departure is described once
    assertThat(failedPasses).isZero();
    assertThat(aws.describeCalls()).contains(id(2)).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void eventualConsistency_requestAbsentFromListIsNotReportedBeforeItFinishes() {
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).listLag(Duration.ofSeconds(6)).succeedsAfter(Duration.ofSeconds(15));
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(3));
    AtomicReference<Instant> reportedAt = new AtomicReference<>();
    WaitRequest request = waitFor(id(1), id(2)).listener(p -> {
      if (p.newlyResolved().stream().anyMatch(o -> o.requestId().equals(id(1)))) {
        reportedAt.set(time.clock().instant());
      }
    }).build();

    WaitResult result = run(Path.SYNC, request);

    assertThat(result.outcome(id(1))).get().extracting(RequestOutcome::status)
        .isEqualTo(RequestOutcome.Status.SUCCEEDED);
    assertThat(reportedAt.get()).isAfterOrEqualTo(aws.finishTime(id(1)));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void staleFailedList_neverTurnsAFailureIntoSuccess(Path path) {
    // Given a large instance (polled with the IN_PROGRESS and FAILED filters) whose FAILED list answers the state
    // of 3 s ago while its IN_PROGRESS list is current: a request that FAILED 1 s ago is in neither
    aws.history(900, "SUCCEEDED");
    aws.staleReads("FAILED", Duration.ofSeconds(3));
    aws.add(id(1)).failsAfter(Duration.ofSeconds(4), "The account 222222222222 is suspended.")
        .account("222222222222");
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(6));
    AtomicReference<Instant> successReportedAt = new AtomicReference<>();
    WaitRequest request = waitFor(id(1), id(2)).listener(p -> {
      if (p.newlyResolved().stream().anyMatch(o -> o.requestId().equals(id(2)))) {
        successReportedAt.set(time.clock().instant());
      }
    }).build();

    // When we wait with the default listStaleness (5 s)
    Throwable thrown = catchThrowable(() -> run(path, request));

    // Then the failure is reported as a failure, with AWS's reason, and the success as a success
    assertThat(thrown).isInstanceOf(ProvisioningFailedException.class);
    ProvisioningFailedException e = (ProvisioningFailedException) thrown;
    assertThat(e.failures()).singleElement().satisfies(o -> {
      assertThat(o.requestId()).isEqualTo(id(1));
      assertThat(o.failureReason()).isEqualTo("The account 222222222222 is suspended.");
    });
    assertThat(e.result().outcome(id(2))).get().extracting(RequestOutcome::status)
        .isEqualTo(RequestOutcome.Status.SUCCEEDED);
    // and the success was read positively (described once it left IN_PROGRESS), never before it happened
    assertThat(successReportedAt.get()).isAfterOrEqualTo(aws.finishTime(id(2)));
    assertThat(aws.describeCalls()).contains(id(2));
  }

  @Test
  void listStalenessZero_stillNeverReadsAbsenceAsSuccess() {
    // Given the same stale FAILED list
    aws.history(900, "SUCCEEDED");
    aws.staleReads("FAILED", Duration.ofSeconds(3));
    aws.add(id(1)).failsAfter(Duration.ofSeconds(4), "The account 222222222222 is suspended.");

    // When the wait is told that list answers are never stale
    Throwable thrown = catchThrowable(() -> run(Path.SYNC, waitFor(id(1))
        .options(WaitOptions.builder().listStaleness(Duration.ZERO).build()).build()));

    // Then the failure is still a failure: absence is only the cue to describe it
    assertThat(thrown).isInstanceOf(ProvisioningFailedException.class);
    assertThat(((ProvisioningFailedException) thrown).failures()).singleElement()
        .extracting(RequestOutcome::requestId).isEqualTo(id(1));
  }

  @Test
  void listAnswersTwentySecondsStale_neverTurnFailuresIntoSuccesses() {
    // Given a large instance with FAILED history whose FAILED and unfiltered lists answer the state of 20 s ago,
    // four times the default listStaleness
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.history(300, "FAILED");
    aws.staleReads("FAILED", Duration.ofSeconds(20));
    aws.staleReads(null, Duration.ofSeconds(20));
    String[] ids = new String[10];
    for (int i = 0; i < 10; i++) {
      ids[i] = id(i + 1);
      if (i % 2 == 0) {
        aws.add(ids[i]).failsAfter(Duration.ofSeconds(3 + i), "The account is suspended.");
      } else {
        aws.add(ids[i]).succeedsAfter(Duration.ofSeconds(3 + i));
      }
    }

    // When we wait with the default listStaleness (5 s)
    Throwable thrown = catchThrowable(() -> run(Path.SYNC, waitFor(ids).build()));

    // Then every FAILED request is reported FAILED with its reason, every other one SUCCEEDED
    assertThat(thrown).isInstanceOf(ProvisioningFailedException.class);
    WaitResult r = ((ProvisioningFailedException) thrown).result();
    assertThat(r.failed()).extracting(RequestOutcome::requestId)
        .containsExactlyInAnyOrder(ids[0], ids[2], ids[4], ids[6], ids[8]);
    assertThat(r.failed()).allSatisfy(o -> assertThat(o.failureReason()).isEqualTo("The account is suspended."));
    assertThat(r.succeeded()).extracting(RequestOutcome::requestId)
        .containsExactlyInAnyOrder(ids[1], ids[3], ids[5], ids[7], ids[9]);
  }

  @Test
  void neverListedRequest_isResolvedByDescribeAfterTheGrace() {
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).neverListed().succeedsAfter(Duration.ofSeconds(8));

    WaitResult result = run(Path.ASYNC, waitFor(id(1)).build());

    assertThat(result.succeeded()).extracting(RequestOutcome::accountId).containsExactly("111111111111");
    // described after the grace, then again with a growing backoff, never once per round
    assertThat(aws.describeCalls()).hasSizeBetween(1, 4);
    assertThat(result.pollRounds()).isGreaterThan(aws.describeCalls().size());
  }

  @Test
  void requestFinishedBeforeTheFirstRound_isConfirmedPositively() {
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).failsAfter(Duration.ZERO, "account is suspended");

    ProvisioningFailedException e = (ProvisioningFailedException) catchThrowable(
        () -> run(Path.SYNC, waitFor(id(1)).build()));

    assertThat(e.failures()).extracting(RequestOutcome::failureReason).containsExactly("account is suspended");
    assertThat(e).hasMessageContaining("ACTIVE member");
  }

  @Test
  void unknownStatusValue_isNeitherSuccessNorFailureAndNamedAtTheDeadline() {
    aws.add(id(1)).rawStatus("PAUSED").neverFinishes();

    Throwable thrown = catchThrowable(() -> run(Path.SYNC,
        waitFor(id(1)).options(WaitOptions.builder().timeout(Duration.ofSeconds(20)).build()).build()));

    assertThat(thrown).isInstanceOf(ProvisioningTimeoutException.class).hasMessageContaining(id(1))
        .hasMessageContaining("PAUSED").hasMessageContaining("does not know");
    assertThat(((ProvisioningTimeoutException) thrown).partialResult().outcomes()).isEmpty();
  }

  @Test
  void unknownStatusValue_thenSucceeded_succeeds() {
    aws.add(id(1)).rawStatus("PAUSED").succeedsAfter(Duration.ofSeconds(6));

    WaitResult result = run(Path.ASYNC, waitFor(id(1)).build());

    assertThat(result.succeeded()).hasSize(1);
    assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void progressListener_calledAfterFirstRoundAndRoundsThatResolve_exceptionsIgnored() {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(3));
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(7));
    List<WaitProgress> seen = new ArrayList<>();

    WaitResult result = run(Path.SYNC, waitFor(id(1), id(2)).listener(p -> {
      seen.add(p);
      throw new IllegalStateException("listener bug");
    }).build());

    assertThat(result.succeeded()).hasSize(2);
    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).pollRounds()).isEqualTo(1);
    assertThat(seen.get(0).pending()).isEqualTo(2);
    assertThat(seen.get(1).newlyResolved()).extracting(RequestOutcome::requestId).containsExactly(id(1));
    assertThat(seen.get(2).summary()).isEqualTo("2/2 provisioned, 0 failed, 0 in progress");
  }

  @Test
  void progressListener_hearsEachOutcomeWhenItIsRead_notAtTheEndOfTheRound() {
    // both leave IN_PROGRESS at 2 s: one round reads id(2) SUCCEEDED from a list page, then describes id(1) for
    // its FailureReason, a Describe throttled three times (retried 0.7 s or more later)
    aws.add(id(1)).failsAfter(Duration.ofSeconds(2), "policy missing").account("222222222222");
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(2));
    ThrottlingException throttled = (ThrottlingException) aws(ThrottlingException.builder(), "ThrottlingException",
        400, "Rate exceeded").build();
    AtomicInteger n = new AtomicInteger();
    List<Instant> describedAt = new ArrayList<>();
    when(client.describePermissionSetProvisioningStatus(any(DescribePermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          describedAt.add(time.clock().instant());
          if (n.incrementAndGet() <= 3) {
            throw throttled;
          }
          return aws.answerDescribe(inv.getArgument(0));
        });
    Map<String, Instant> heardAt = new HashMap<>();
    Map<String, Integer> heardInRound = new HashMap<>();
    List<WaitProgress> seen = new ArrayList<>();

    Throwable thrown = catchThrowable(() -> run(Path.ASYNC, waitFor(id(1), id(2)).listener(p -> {
      seen.add(p);
      p.newlyResolved().forEach(o -> {
        heardAt.put(o.requestId(), time.clock().instant());
        heardInRound.put(o.requestId(), p.pollRounds());
      });
    }).build()));

    assertThat(thrown).isInstanceOf(ProvisioningFailedException.class);
    ProvisioningFailedException e = (ProvisioningFailedException) thrown;
    // one round read both; id(2) was heard as its list page was read, before the round's first Describe was sent,
    // not when the round ended (after the last retry of that Describe)
    assertThat(heardInRound.get(id(2))).isEqualTo(heardInRound.get(id(1)));
    assertThat(describedAt).hasSize(4);
    assertThat(heardAt.get(id(2))).isBeforeOrEqualTo(describedAt.get(0))
        .isBefore(describedAt.get(3).minusMillis(600));
    assertThat(heardAt.get(id(1))).isEqualTo(describedAt.get(3));
    // every outcome is handed over once, the round's summary is not repeated, and the wait ends at the last read
    assertThat(seen.stream().flatMap(p -> p.newlyResolved().stream()).map(RequestOutcome::requestId))
        .containsExactlyInAnyOrder(id(1), id(2));
    assertThat(seen.get(seen.size() - 1).summary()).isEqualTo("1/2 provisioned, 1 failed, 0 in progress");
    assertThat(seen.stream().filter(p -> p.pending() == 0)).hasSize(1);
    assertThat(VirtualScheduler.EPOCH.plus(e.result().elapsed())).isEqualTo(heardAt.get(id(1)));
  }

  @Test
  void sharedBudget_delaysCallsByTheReservedWait() {
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(3));
    ProvisioningWaiter budgeted = ProvisioningWaiter.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.of(2)).build();

    WaitResult result = budgeted.waitUntilProvisioned(waitFor(id(1)).build());

    assertThat(result.succeeded()).hasSize(1);
    assertThat(time.requestedDelays()).anySatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(400),
        Duration.ofMillis(500)));
  }

  @Test
  void pollInterval_stretchesWithTheCostOfARound() {
    aws.history(950, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(60));

    WaitResult result = run(Path.SYNC, waitFor(id(1)).build());

    // 10 pages a round at 2 calls/s: 5 s after the first round, then maxPollInterval (10 s) as the request ages
    assertThat(result.pollRounds()).isBetween(7, 9);
  }

  @Test
  void longRequest_progressReachesTheListenerAtLeastEvery30Seconds() {
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(150));
    List<Instant> heard = new ArrayList<>();
    WaitRequest request = waitFor(id(1)).listener(p -> heard.add(time.clock().instant())).build();

    WaitResult result = run(Path.SYNC, request);

    assertThat(result.succeeded()).hasSize(1);
    assertThat(heard).hasSizeGreaterThanOrEqualTo(5);
    Instant previous = VirtualScheduler.EPOCH;
    for (Instant at : heard) {
      assertThat(Duration.between(previous, at)).isLessThanOrEqualTo(Duration.ofSeconds(30));
      previous = at;
    }
    // and it cost no more than a poller doubling its delay from 1 s to 10 s: about 20 one-call rounds for 150 s
    assertThat(result.totalApiCalls()).isLessThanOrEqualTo(22);
  }

  @Test
  void concurrentWaitsOnOneClient_shareTheirListPasses() throws Exception {
    aws.history(250, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    String[] first = new String[10];
    String[] second = new String[10];
    for (int i = 0; i < 10; i++) {
      first[i] = id(i + 1);
      second[i] = id(i + 11);
      aws.add(first[i]).succeedsAfter(Duration.ofSeconds(2 + 2 * i));
      aws.add(second[i]).succeedsAfter(Duration.ofSeconds(3 + 2 * i));
    }

    // both waits start in one task on the virtual scheduler's driver thread, so at the same virtual instant: how far
    // the virtual clock ran between two starts on the test thread would otherwise depend on the machine's load
    List<CompletableFuture<WaitResult>> waits = CompletableFuture.supplyAsync(() -> List.of(
        waiter.waitUntilProvisionedAsync(waitFor(first).build()),
        waiter.waitUntilProvisionedAsync(waitFor(second).build())), time).get(20, TimeUnit.SECONDS);
    WaitResult ra = waits.get(0).get(20, TimeUnit.SECONDS);
    WaitResult rb = waits.get(1).get(20, TimeUnit.SECONDS);

    assertThat(ra.succeeded()).hasSize(10);
    assertThat(rb.succeeded()).hasSize(10);
    long inProgressPasses = aws.listCalls().stream()
        .filter(c -> "IN_PROGRESS".equals(c.filter()) && c.token() == null).count();
    assertThat(inProgressPasses).isLessThanOrEqualTo(Math.max(ra.pollRounds(), rb.pollRounds()) + 2L);
    assertThat(ra.totalApiCalls() + rb.totalApiCalls()).isEqualTo(aws.listCalls().size()
        + aws.describeCalls().size());
  }

  @Test
  void waitsStartedOutOfPhase_shareEveryRoundAfterTheFirst() throws Exception {
    aws.history(250, "IN_PROGRESS");
    String[] first = new String[5];
    String[] second = new String[5];
    for (int i = 0; i < 5; i++) {
      first[i] = id(i + 1);
      second[i] = id(i + 11);
      aws.add(first[i]).succeedsAfter(Duration.ofSeconds(20 + i));
      aws.add(second[i]).succeedsAfter(Duration.ofSeconds(20 + i));
    }

    // the second wait starts 0.75 s after the first: half the first one's 1.5 s interval (3 IN_PROGRESS pages at 2/s) off
    // (both scheduled from one task on the driver thread: the test thread's timing plays no part)
    CompletableFuture<CompletableFuture<WaitResult>> b = new CompletableFuture<>();
    CompletableFuture<WaitResult> a = CompletableFuture.supplyAsync(() -> {
      time.schedule(() -> b.complete(waiter.waitUntilProvisionedAsync(waitFor(second).build())), 750,
          TimeUnit.MILLISECONDS);
      return waiter.waitUntilProvisionedAsync(waitFor(first).build());
    }, time).get(20, TimeUnit.SECONDS);
    WaitResult ra = a.get(20, TimeUnit.SECONDS);
    WaitResult rb = b.get(20, TimeUnit.SECONDS).get(20, TimeUnit.SECONDS);

    assertThat(ra.succeeded()).hasSize(5);
    assertThat(rb.succeeded()).hasSize(5);
    long passes = aws.listCalls().stream().filter(c -> c.token() == null).count();
    // one pass a round for both: the second wait joins the first's passes and keeps their phase
    assertThat(passes).isLessThanOrEqualTo(Math.max(ra.pollRounds(), rb.pollRounds()) + 1L);
    assertThat(ra.totalApiCalls() + rb.totalApiCalls()).isEqualTo(aws.listCalls().size());
  }

  // ------------------------------------------------------------------ stopping

  @Test
  void interrupt_stopsPromptlyRestoresFlagAndNamesPending() throws Exception {
    aws.add(id(1)).neverFinishes();
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          if (calls.incrementAndGet() == 3) {
            inCall.countDown();
            never.await();
          }
          return aws.answerList(inv.getArgument(0));
        });
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        waiter.waitUntilProvisioned(waitFor(id(1)).build());
      } catch (Throwable t) {
        thrown.set(t);
        flag.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(10_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(ProvisioningInterruptedException.class).hasMessageContaining(id(1));
    assertThat(((ProvisioningInterruptedException) thrown.get()).pendingRequestIds()).containsExactly(id(1));
    assertThat(flag.get()).isTrue();
    Thread.sleep(50);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(time.queued()).isZero();
  }

  @Test
  void cancellingTheFuture_stopsPolling() throws Exception {
    aws.add(id(1)).neverFinishes();
    CountDownLatch thirdCall = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          if (calls.incrementAndGet() == 3) {
            thirdCall.countDown();
            release.await(5, TimeUnit.SECONDS);
          }
          return aws.answerList(inv.getArgument(0));
        });
    CompletableFuture<WaitResult> future = waiter.waitUntilProvisionedAsync(waitFor(id(1)).build());
    assertThat(thirdCall.await(10, TimeUnit.SECONDS)).isTrue();

    future.cancel(true);
    release.countDown();
    Thread.sleep(50);

    assertThat(future).isCancelled();
    assertThat(calls.get()).isEqualTo(3);
    assertThat(time.queued()).isZero();
  }

  @Test
  void badInput_isRejectedBeforeAnyCall() {
    assertThat(catchThrowable(() -> WaitRequest.builder().instanceArn(INSTANCE).requestIds(List.of("nope"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestIds[0]");
    assertThat(catchThrowable(() -> waiter.waitUntilProvisioned(null))).isInstanceOf(NullPointerException.class);
    verifyNoInteractions(client);
  }
}
