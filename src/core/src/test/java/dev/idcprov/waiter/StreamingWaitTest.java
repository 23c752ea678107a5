package dev.idcprov.waiter;

import static dev.idcprov.testing.FakeStatusService.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.mock;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** The streaming wait ({@link ProvisioningWaiter#open}): requests added while it runs, sealing, pacing. */
class StreamingWaitTest {
  static final String INSTANCE = ProvisioningWaiterTest.INSTANCE;

  VirtualScheduler time;
  FakeStatusService aws;
  ProvisioningWaiter waiter;
  List<WaitProgress> progress = new CopyOnWriteArrayList<>();
  Map<String, Instant> reportedAt = new ConcurrentHashMap<>();
  AtomicReference<WaitHandle> handle = new AtomicReference<>();

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    SsoAdminClient client = mock(SsoAdminClient.class);
    aws = new FakeStatusService(time);
    aws.install(client);
    waiter = ProvisioningWaiter.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  ProgressListener recorder() {
    return p -> {
      progress.add(p);
      p.newlyResolved().forEach(o -> reportedAt.put(o.requestId(), time.clock().instant()));
    };
  }

  /** Opens the wait on the scheduler at virtual time zero, with the given steps scheduled at their offsets. */
  WaitHandle openAt0(WaitOptions options, Runnable... steps) {
    CountDown opened = new CountDown();
    time.schedule(() -> {
      handle.set(waiter.open(INSTANCE, options, recorder()));
      for (Runnable step : steps) {
        step.run();
      }
      opened.done();
    }, 0, TimeUnit.SECONDS);
    opened.await();
    return handle.get();
  }

  /** Schedules {@code action} at {@code seconds} of virtual time (from a step run at time zero). */
  void at(long seconds, Runnable action) {
    time.schedule(action, seconds, TimeUnit.SECONDS);
  }

  void submit(int n, Duration lasts) {
    aws.add(id(n)).succeedsAfter(lasts);
    handle.get().add(TrackedRequest.of(id(n)));
  }

  static WaitResult result(WaitHandle h) {
    try {
      return h.result().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void requestsAddedAfterTheWaitStarted_areTrackedAndReported() {
    // Given a wait opened with one request, and two more added 5 s and 20 s later
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> submit(1, Duration.ofSeconds(3)),
        () -> at(5, () -> submit(2, Duration.ofSeconds(4))),
        () -> at(20, () -> {
          submit(3, Duration.ofSeconds(2));
          handle.get().seal();
        }));

    // When it ends
    WaitResult result = result(h);

    // Then all three are reported SUCCEEDED, and the progress total grew as they were added
    assertThat(result.succeeded()).extracting(RequestOutcome::requestId).containsExactly(id(1), id(2), id(3));
    assertThat(progress).extracting(WaitProgress::total).isSorted().contains(1, 3);
    assertThat(reportedAt.get(id(3))).isAfterOrEqualTo(aws.finishTime(id(3)));
  }

  @Test
  void openWait_doesNotCompleteWhileUnsealed_evenWithEverythingResolved() {
    // Given one request that succeeds after 2 s, and the seal only at 100 s
    AtomicBoolean doneBeforeSeal = new AtomicBoolean(true);
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> submit(1, Duration.ofSeconds(2)),
        () -> at(99, () -> doneBeforeSeal.set(handle.get().result().isDone())),
        () -> at(100, () -> handle.get().seal()));

    WaitResult result = result(h);

    // Then the request was reported long before, but the wait completed only once sealed
    assertThat(doneBeforeSeal).isFalse();
    assertThat(reportedAt.get(id(1))).isBefore(VirtualScheduler.EPOCH.plusSeconds(20));
    assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(100));
    assertThat(result.succeeded()).hasSize(1);
  }

  @Test
  void requestFinishingWhileOpen_isReportedBeforeTheSeal() {
    // Given requests added over 2 minutes (a long submission), the first ending after 3 s
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> submit(1, Duration.ofSeconds(3)),
        () -> at(30, () -> submit(2, Duration.ofSeconds(60))),
        () -> at(120, () -> handle.get().seal()));

    result(h);

    // Then the first was reported while requests were still being added: before the seal and the second's end
    Instant seal = VirtualScheduler.EPOCH.plusSeconds(120);
    assertThat(reportedAt.get(id(1))).isBefore(seal).isBefore(reportedAt.get(id(2)));
    assertThat(progress.get(0).newlyResolved()).isEmpty();
    WaitProgress first = progress.stream().filter(p -> !p.newlyResolved().isEmpty()).findFirst().orElseThrow();
    assertThat(first.newlyResolved()).extracting(RequestOutcome::requestId).containsExactly(id(1));
    assertThat(first.total()).isEqualTo(1);
  }

  @Test
  void sealWithEverythingResolved_completesAtOnce() {
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> submit(1, Duration.ofSeconds(2)),
        () -> at(40, () -> handle.get().seal()));

    WaitResult result = result(h);

    assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void sealAfterAFailureWasAlreadyRead_failsTheWaitNamingIt() {
    // Given one request that FAILS after 2 s, read long before the seal at 40 s
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> {
          aws.add(id(1)).failsAfter(Duration.ofSeconds(2), "The account 222222222222 is suspended.");
          handle.get().add(TrackedRequest.of(id(1)));
        },
        () -> at(40, () -> handle.get().seal()));

    // Then sealing ends the wait as failed, with the AWS reason: never as a success
    assertThatThrownBy(() -> result(h)).isInstanceOfSatisfying(ProvisioningFailedException.class,
        e -> assertThat(e.result().failed()).extracting(RequestOutcome::requestId).containsExactly(id(1)))
        .hasMessageContaining("222222222222 is suspended");
  }

  @Test
  void waitNeverSealed_timesOutAtOpeningPlusTimeout_sayingSo() {
    WaitHandle h = openAt0(WaitOptions.builder().timeout(Duration.ofSeconds(30)).build(),
        () -> submit(1, Duration.ofSeconds(2)));

    assertThatThrownBy(() -> result(h)).isInstanceOfSatisfying(ProvisioningTimeoutException.class,
        e -> assertThat(e.partialResult().elapsed()).isEqualTo(Duration.ofSeconds(30)))
        .hasMessageContaining("never sealed");
  }

  @Test
  void deadline_countsFromTheSeal() {
    // Given a 30 s timeout, a seal at 25 s, and a request ending at 45 s: within 30 s of the seal
    WaitHandle h = openAt0(WaitOptions.builder().timeout(Duration.ofSeconds(30)).build(),
        () -> submit(1, Duration.ofSeconds(45)),
        () -> at(25, () -> handle.get().seal()));

    assertThat(result(h).succeeded()).hasSize(1);
  }

  @Test
  void addAfterSeal_duplicates_andBadIds_areRejected() {
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> submit(1, Duration.ofSeconds(2)),
        () -> thrown.add(catchThrowable(() -> handle.get().add(TrackedRequest.of(id(1))))),
        () -> thrown.add(catchThrowable(() -> handle.get().add(TrackedRequest.of("not-a-request-id")))),
        () -> handle.get().seal(),
        () -> thrown.add(catchThrowable(() -> handle.get().add(TrackedRequest.of(id(2))))));

    assertThat(result(h).succeeded()).hasSize(1);
    assertThat(thrown.get(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(id(1))
        .hasMessageContaining("already tracked");
    assertThat(thrown.get(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request.requestId");
    assertThat(thrown.get(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("sealed");
  }

  @Test
  void cancellingTheResult_stopsTheOpenWait() {
    java.util.concurrent.CompletableFuture<Boolean> addedAfterCancel = new java.util.concurrent.CompletableFuture<>();
    WaitHandle h = openAt0(WaitOptions.defaults(),
        () -> submit(1, Duration.ofSeconds(600)),
        () -> at(10, () -> {
          handle.get().result().cancel(true);
          addedAfterCancel.complete(handle.get().add(TrackedRequest.of(id(2))));
        }));

    assertThatThrownBy(() -> h.result().get(20, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(addedAfterCancel).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
    int callsAtCancel = aws.listCalls().size();
    assertThat(aws.listCalls().stream().filter(c -> c.at().isAfter(VirtualScheduler.EPOCH.plusSeconds(10))))
        .isEmpty();
    assertThat(callsAtCancel).isPositive();
  }

  // ------------------------------------------------------------------ pacing

  @Test
  void pollCallsPerSecond_spacesARoundByItsCost_thenByTheRequestsAge() {
    // Given 10 pages of other in-progress requests: every IN_PROGRESS pass costs 10 calls
    aws.history(950, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(30));
    // (the fake's answers are current, and the pace is what is measured: no staleness window after departures)
    WaitOptions options = WaitOptions.builder().pollCallsPerSecond(4).listStaleness(Duration.ZERO).build();

    waiter.waitUntilProvisioned(WaitRequest.builder().instanceArn(INSTANCE).requestIds(List.of(id(1)))
        .options(options).build());

    // Then the first round (2 probe + 10 calls, the request just added) is followed by 12 / 4 = 3 s (the budget is
    // unlimited, calls take no virtual time); from then on the cadence follows the request's age: one request
    // costing 21, then 10 calls a round, 3 s old and more, calls for more than maxPollInterval (10 s), its cap
    List<Duration> gaps = time.requestedDelays().stream().filter(d -> !d.isZero() && d.toMinutes() < 1).toList();
    assertThat(gaps.get(0)).isEqualTo(Duration.ofSeconds(3));
    assertThat(gaps.subList(1, gaps.size() - 1)).hasSizeGreaterThan(1).containsOnly(Duration.ofSeconds(10));
  }

  @Test
  void pollCallsPerSecond_gapIsCappedByMaxPollInterval() {
    aws.history(950, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(30));
    WaitOptions options = WaitOptions.builder().pollCallsPerSecond(0.5).build();

    waiter.waitUntilProvisioned(WaitRequest.builder().instanceArn(INSTANCE).requestIds(List.of(id(1)))
        .options(options).build());

    // 10 calls at 0.5 calls/s would be 20 s: capped at maxPollInterval, 10 s
    assertThat(time.requestedDelays()).contains(Duration.ofSeconds(10))
        .noneMatch(d -> d.compareTo(Duration.ofSeconds(10)) > 0 && d.compareTo(Duration.ofMinutes(1)) < 0);
  }

  @Test
  void openWait_pollsAtTheWhileOpenPace_thenAtTheSealedPaceOnceSealed() {
    // Given IN_PROGRESS passes of 10 calls, 0.5 calls/s while open and 5 calls/s once sealed
    aws.history(950, "IN_PROGRESS");
    aws.history(900, "SUCCEEDED");
    WaitOptions options = WaitOptions.builder().pollCallsPerSecond(5).pollCallsPerSecondWhileOpen(0.5)
        .listStaleness(Duration.ZERO).build();
    WaitHandle h = openAt0(options,
        () -> submit(1, Duration.ofSeconds(90)),
        () -> at(50, () -> handle.get().seal()));

    result(h);

    // Then the first round comes one poll interval after the first request (1 s); while open, rounds of 10+ calls
    // at 0.5 calls/s are maxPollInterval (10 s) apart; at the seal (50 s) the round due at 51 s is brought forward
    // (10 / 5 = 2 s after 41 s at the sealed pace: at once)
    List<Instant> passes = aws.listCalls().stream().filter(c -> c.token() == null).map(c -> c.at()).distinct()
        .toList();
    assertThat(passes.subList(0, 6)).containsExactly(VirtualScheduler.EPOCH.plusSeconds(1),
        VirtualScheduler.EPOCH.plusSeconds(11), VirtualScheduler.EPOCH.plusSeconds(21),
        VirtualScheduler.EPOCH.plusSeconds(31), VirtualScheduler.EPOCH.plusSeconds(41),
        VirtualScheduler.EPOCH.plusSeconds(50));
  }

  /** Waits for the opening step to have run on the virtual scheduler. */
  static final class CountDown {
    private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

    void done() {
      latch.countDown();
    }

    void await() {
      try {
        assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
