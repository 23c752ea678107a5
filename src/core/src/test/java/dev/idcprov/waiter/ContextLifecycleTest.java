package dev.idcprov.waiter;

import static dev.idcprov.testing.FakeStatusService.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminServiceClientConfiguration;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;

/** What happens to open work when its context closes or its threads refuse work, and who shares what. */
class ContextLifecycleTest {
  static final String INSTANCE = ProvisioningWaiterTest.INSTANCE;
  static final String PERMISSION_SET = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";

  VirtualScheduler time;
  FakeStatusService aws;
  SsoAdminClient client;

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    aws = new FakeStatusService(time);
    client = mock(SsoAdminClient.class);
    aws.install(client);
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  private static WaitRequest waitFor(String... ids) {
    return WaitRequest.builder().instanceArn(INSTANCE).requestIds(List.of(ids))
        .options(WaitOptions.builder().timeout(Duration.ofMinutes(10)).build()).build();
  }

  private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
    try {
      f.get(30, TimeUnit.SECONDS);
      throw new AssertionError("completed normally");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void closingTheContext_endsAnOpenWait_namingItsPendingRequests() throws Exception {
    aws.add(id(1)).neverFinishes();
    aws.add(id(2)).succeedsAfter(Duration.ofSeconds(1));
    ProvisioningContext context = time.context();
    CompletableFuture<WaitResult> wait = ProvisioningWaiter.builder().client(client).context(context)
        .requestBudget(RequestBudget.unlimited()).build().waitUntilProvisionedAsync(waitFor(id(1), id(2)));
    // let it poll for a while: the second request finishes, the first never does
    time.schedule(context::close, 60, TimeUnit.SECONDS);

    Throwable failure = failureOf(wait);

    assertThat(failure).isInstanceOf(ProvisioningInterruptedException.class);
    assertThat(((ProvisioningInterruptedException) failure).pendingRequestIds()).containsExactly(id(1));
    assertThat(failure.getCause()).hasMessage("its ProvisioningContext was closed");
  }

  @Test
  void workStartedOnAClosedContext_endsAtOnce() throws Exception {
    ProvisioningContext context = time.context();
    context.close();

    Throwable failure = failureOf(ProvisioningWaiter.builder().client(client).context(context).build()
        .waitUntilProvisionedAsync(waitFor(id(1))));

    assertThat(failure).isInstanceOf(ProvisioningInterruptedException.class);
    assertThat(((ProvisioningInterruptedException) failure).pendingRequestIds()).containsExactly(id(1));
  }

  @Test
  void anIoExecutorThatRefusesWork_failsTheWaitAtOnce_notAtItsDeadline() throws Exception {
    aws.add(id(1)).neverFinishes();
    ExecutorService refusing = Executors.newSingleThreadExecutor();
    refusing.shutdown();
    ProvisioningContext context = ProvisioningContext.builder().clock(time.clock()).timer(time)
        .ioExecutor(refusing).build();

    Throwable failure = failureOf(ProvisioningWaiter.builder().client(client).context(context)
        .requestBudget(RequestBudget.unlimited()).build().waitUntilProvisionedAsync(waitFor(id(1))));

    assertThat(failure).isNotInstanceOf(ProvisioningTimeoutException.class)
        .hasMessageContaining("ListPermissionSetProvisioningStatus was not called: the threads of its "
            + "ProvisioningContext are shut down");
    assertThat(time.clock().instant()).isBefore(VirtualScheduler.EPOCH.plus(Duration.ofMinutes(10)));
  }

  @Test
  void planAsync_blocksNoThread_soManyPlansShareOneIoThread() throws Exception {
    // the Pulumi preview planned on the I/O executor and blocked there: 64 previews then held every I/O thread
    // while their own list calls queued behind them. planAsync holds none while it waits.
    when(client.listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class)))
        .thenReturn(ListAccountsForProvisionedPermissionSetResponse.builder().build());
    ExecutorService oneIoThread = Executors.newSingleThreadExecutor();
    try (ProvisioningContext context = ProvisioningContext.builder().ioExecutor(oneIoThread).build()) {
      PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder().client(client).context(context)
          .requestBudget(RequestBudget.unlimited()).build();
      ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE)
          .permissionSetArns(List.of(PERMISSION_SET)).accountIds(List.of("111111111111")).build();
      List<CompletableFuture<ProvisioningPlan>> plans = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        plans.add(provisioner.planAsync(request));
      }

      CompletableFuture.allOf(plans.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(plans).allSatisfy(p -> assertThat(p.join().targets()).hasSize(1));
    } finally {
      oneIoThread.shutdownNow();
    }
  }

  @Test
  void waitsOnDifferentClients_neverShareAPass_soOnesAccessDeniedIsNotTheOthers() throws Exception {
    // two clients that look alike (same region, no endpoint override) but carry different credentials
    SsoAdminServiceClientConfiguration config = SsoAdminServiceClientConfiguration.builder()
        .region(Region.EU_WEST_1).build();
    SsoAdminClient denied = mock(SsoAdminClient.class);
    when(denied.serviceClientConfiguration()).thenReturn(config);
    when(denied.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(AccessDeniedException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("AccessDeniedException").errorMessage("not for these credentials").build()).build());
    when(client.serviceClientConfiguration()).thenReturn(config);
    aws.add(id(1)).succeedsAfter(Duration.ofSeconds(3));
    ProvisioningContext context = time.context();

    // both start at one virtual instant, on the driver thread, so a shared pass would be joined
    List<CompletableFuture<WaitResult>> waits = CompletableFuture.supplyAsync(() -> List.of(
        ProvisioningWaiter.builder().client(denied).context(context).requestBudget(RequestBudget.unlimited())
            .build().waitUntilProvisionedAsync(waitFor(id(1))),
        ProvisioningWaiter.builder().client(client).context(context).requestBudget(RequestBudget.unlimited())
            .build().waitUntilProvisionedAsync(waitFor(id(1)))), time).get(30, TimeUnit.SECONDS);

    assertThat(failureOf(waits.get(0))).isInstanceOf(AwsApiException.class)
        .hasMessageContaining("not for these credentials");
    assertThat(waits.get(1).get(30, TimeUnit.SECONDS).succeeded()).hasSize(1);
    verify(denied, never()).describePermissionSetProvisioningStatus(
        any(DescribePermissionSetProvisioningStatusRequest.class));
  }
}
