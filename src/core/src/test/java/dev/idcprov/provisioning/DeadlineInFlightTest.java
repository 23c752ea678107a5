package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;

/**
 * A {@code ProvisionPermissionSet} call in flight when the run's deadline passes, whose answer (a RequestId) arrives
 * afterwards: the request is accepted by AWS, so the outcome's deadline exception must name it among the requests
 * not known to have ended, though it did not exist when the deadline passed.
 *
 * <p>Time is virtual for the run (its clock and timer), while the SDK calls run on a real thread, so that the call
 * can be held open, deterministically, until the virtual deadline has passed.
 */
class DeadlineInFlightTest {
  static final String INSTANCE = ReconcileAndOutcomeTest.INSTANCE;
  static final String PS1 = ReconcileAndOutcomeTest.PS1;
  static final String A = ReconcileAndOutcomeTest.A;

  private final VirtualScheduler time = new VirtualScheduler();
  private final ExecutorService io = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    io.shutdownNow();
    time.shutdown();
  }

  @Test
  void callInFlightAtTheDeadline_answeredAfterIt_isNamedByTheDeadlineException() throws Exception {
    // Given AWS that accepts the one ProvisionPermissionSet only once we let its answer go, after the deadline
    SsoAdminClient client = mock(SsoAdminClient.class);
    FakeStatusService aws = new FakeStatusService(time);
    aws.install(client);
    when(client.listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class)))
        .thenReturn(ListAccountsForProvisionedPermissionSetResponse.builder().accountIds(List.of(A)).build());
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    String late = FakeStatusService.id(7);
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      sent.countDown();
      // not interruptible: an HTTP answer already on its way arrives whatever the caller does meanwhile
      awaitUninterruptibly(answer);
      aws.add(late).account(A).permissionSet(PS1).neverFinishes();
      return ProvisionPermissionSetResponse.builder().permissionSetProvisioningStatus(PermissionSetProvisioningStatus
          .builder().requestId(late).status("IN_PROGRESS")
          .createdDate(time.clock().instant()).build()).build();
    });
    ProvisioningContext context = ProvisioningContext.builder().clock(time.clock()).timer(time).ioExecutor(io)
        .build();
    PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder().client(client).context(context)
        .requestBudget(RequestBudget.unlimited()).build();
    Duration timeout = Duration.ofMinutes(2);
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .accountIds(List.of(A)).collapseToAllProvisionedAccounts(false)
        .waitOptions(WaitOptions.builder().timeout(timeout).listStaleness(Duration.ZERO).build()).build();

    // When the run starts, its call is sent, and the virtual deadline passes while the call is still open (virtual
    // time is held at its start until the call is sent: the I/O runs on real threads, which the clock would outrun;
    // no listStaleness, so planning needs no time to pass)
    holdTimeUntil(sent);
    // a task due 1 s after the deadline: the scheduler runs tasks one at a time in time order, so once this one has
    // run, the deadline's own task has finished (seeing the clock at the deadline would not say so)
    CountDownLatch pastDeadline = new CountDownLatch(1);
    time.schedule(pastDeadline::countDown, timeout.plusSeconds(1).toNanos(), TimeUnit.NANOSECONDS);
    ProvisioningExecution execution = provisioner.start(request, r -> { });
    assertThat(sent.await(30, TimeUnit.SECONDS)).as("the ProvisionPermissionSet call was sent").isTrue();
    assertThat(pastDeadline.await(30, TimeUnit.SECONDS)).as("virtual time passed the deadline").isTrue();
    answer.countDown();
    ProvisioningOutcome outcome = execution.outcome().get(30, TimeUnit.SECONDS);

    // Then the outcome hands the request back, and the deadline's exception names it as not known to have ended
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.TIMED_OUT);
    assertThat(outcome.accepted()).extracting(a -> a.request().requestId()).containsExactly(late);
    assertThat(outcome.error()).get().isInstanceOfSatisfying(ProvisioningTimeoutException.class, t -> {
      assertThat(t.pendingRequestIds()).containsExactly(late);
      assertThat(t.getMessage()).contains("1 of them accepted by AWS once the deadline had passed");
    });
  }

  /** Keeps the virtual clock from moving on until {@code latch} opens: a task due now, re-queued behind the others. */
  private void holdTimeUntil(CountDownLatch latch) {
    if (latch.getCount() > 0) {
      time.schedule(() -> holdTimeUntil(latch), 0, TimeUnit.NANOSECONDS);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          latch.await(30, TimeUnit.SECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
