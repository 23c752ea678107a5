package dev.idcprov.waiter.internal;

import static dev.idcprov.testing.FakeStatusService.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Races between a round task and the deadline of an open wait, replayed in virtual time. Both tests set up the same
 * timeline, on the virtual scheduler's one thread:
 *
 * <pre>
 *    0 s  open (deadline task for 25 s), add 1: round 1 one poll interval later (10 s), then a round every 10 s
 *         (see OPTIONS)
 *    5 s  add 2: the deadline moves to 30 s
 *   20 s  round 2 schedules the round task for 30 s
 *   25 s  the deadline task finds the deadline moved and schedules itself for 30 s, after that round task
 *   30 s  the round task runs first, at the instant the deadline passes
 * </pre>
 *
 * The seam {@link WaitSession#beforeRoundDecision} lets a test act as another thread would at the last moment before
 * the round task takes the session's lock to decide what it does.
 */
class WaitSessionRaceTest {
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  static final Duration DEADLINE = Duration.ofSeconds(30);
  /**
   * A round every 10 s whether open or sealed: the rates are so high that every round is spaced by pollInterval
   * alone, and calls take no virtual time (unlimited budget, SDK calls on the virtual scheduler).
   */
  static final WaitOptions OPTIONS = WaitOptions.builder().timeout(Duration.ofSeconds(25))
      .pollInterval(Duration.ofSeconds(10)).maxPollInterval(Duration.ofSeconds(10))
      .pollCallsPerSecond(1000).pollCallsPerSecondWhileOpen(1000).build();

  VirtualScheduler time;
  FakeStatusService aws;
  SsoAdminClient client;

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    aws = new FakeStatusService(time);
    aws.install(client);
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  @Test
  void addAtTheInstantARoundTaskFindsTheDeadlinePassed_doesNotStopThePolling() {
    // Given the timeline above, and at 30 s, just before the round task decides, request 3 added (the deadline
    // moves to 60 s); every request succeeds at 35 s, and the wait is sealed at 40 s
    List<Boolean> addedAtDeadline = new CopyOnWriteArrayList<>();
    WaitSession session = openOnTheTimeline(Duration.ofSeconds(35), Duration.ofSeconds(40), s -> {
      if (time.elapsed().equals(DEADLINE) && addedAtDeadline.isEmpty()) {
        aws.add(id(3)).succeedsAfter(Duration.ofSeconds(5));
        addedAtDeadline.add(s.add(TrackedRequest.of(id(3))));
      }
    });

    // When the wait ends
    CompletableFuture<WaitResult> future = session.future();
    Throwable failure = outcome(future);

    // Then the add was taken in, the polling went on after 30 s, and the wait completed with all three requests
    // (before the fix the round task, having seen the deadline passed, handed over to the deadline handling, which
    // found the deadline moved and only re-armed itself: no round was scheduled any more, and the wait timed out
    // at 65 s, the timeout after the seal, after 3 rounds, with every request long finished)
    assertThat(addedAtDeadline).as("a round task ran at the deadline instant, before the deadline task")
        .containsExactly(true);
    assertThat(failure).as("how the wait ended").isNull();
    WaitResult result = future.join();
    assertThat(result.succeeded()).extracting(RequestOutcome::requestId).containsExactly(id(1), id(2), id(3));
    assertThat(aws.listCalls()).anyMatch(c -> c.at().isAfter(VirtualScheduler.EPOCH.plus(DEADLINE)));
  }

  @Test
  void roundTaskThatFindsTheDeadlinePassed_endsTheWaitWithTheTimeout_withoutARound() {
    // Given the timeline above, with requests that never finish and nothing added at 30 s
    WaitSession session = openOnTheTimeline(null, null, s -> { });

    // When the wait ends
    Throwable failure = outcome(session.future());

    // Then the round task ended it at 30 s with the timeout, naming both requests, and made no call at 30 s
    assertThat(failure).isInstanceOf(ProvisioningTimeoutException.class);
    assertThat(((ProvisioningTimeoutException) failure).pendingRequestIds()).containsExactly(id(1), id(2));
    assertThat(((ProvisioningTimeoutException) failure).partialResult().pollRounds()).isEqualTo(2);
    assertThat(time.elapsed()).isEqualTo(DEADLINE);
    assertThat(aws.listCalls()).extracting(FakeStatusService.ListCall::at)
        .noneMatch(at -> !at.isBefore(VirtualScheduler.EPOCH.plus(DEADLINE)));
  }

  /**
   * Opens the wait of the timeline above at virtual time zero, on the scheduler's thread: request 1 added at once,
   * request 2 at 5 s, each finishing {@code lasts} after its creation (never if null), the seal at {@code sealAt}
   * (never if null). Every step is scheduled from that first task, so none depends on how far the scheduler's
   * thread has got when the test thread goes on.
   */
  private WaitSession openOnTheTimeline(Duration lasts, Duration sealAt, Consumer<WaitSession> beforeDecision) {
    CompletableFuture<WaitSession> opened = new CompletableFuture<>();
    time.execute(() -> {
      try {
        WaitSession s = WaitSession.open(client, INSTANCE, OPTIONS, ProgressListener.NONE, time.clock(), time, time,
            RequestBudget.unlimited(), new SharedPasses()).arm();
        s.beforeRoundDecision(() -> beforeDecision.accept(s));
        submit(s, 1, lasts);
        time.schedule(() -> submit(s, 2, lasts == null ? null : lasts.minusSeconds(5)), 5, TimeUnit.SECONDS);
        if (sealAt != null) {
          time.schedule(s::seal, sealAt.toNanos(), TimeUnit.NANOSECONDS);
        }
        opened.complete(s);
      } catch (RuntimeException | AssertionError e) {
        opened.completeExceptionally(e);
      }
    });
    return opened.join();
  }

  private void submit(WaitSession s, int n, Duration lasts) {
    FakeStatusService.Req r = aws.add(id(n));
    if (lasts == null) {
      r.neverFinishes();
    } else {
      r.succeedsAfter(lasts);
    }
    assertThat(s.add(TrackedRequest.of(id(n)))).isTrue();
  }

  /**
   * @return null if the wait completed normally, else what it completed with; the bound guards against a hang only
   *     (virtual time ends the wait either way in a few milliseconds)
   */
  private static Throwable outcome(CompletableFuture<WaitResult> future) {
    try {
      future.get(20, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("the wait did not end", e);
    }
  }
}
