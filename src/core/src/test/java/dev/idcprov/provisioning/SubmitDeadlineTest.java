package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/**
 * The sync {@code submit} (what {@code provision --no-wait} calls) has no wait to bound it: its request's timeout,
 * counted from the start of the submission, is the deadline of every retry it makes, so a look-up that AWS throttles
 * for ever ends the submission by then instead of restarting a whole timeout's window for each look-up.
 */
class SubmitDeadlineTest {
  static final String INSTANCE = ReconcileAndOutcomeTest.INSTANCE;
  static final String PS1 = ReconcileAndOutcomeTest.PS1;
  static final String A = ReconcileAndOutcomeTest.A;

  private final VirtualScheduler time = new VirtualScheduler();

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  @Test
  void submit_whoseLookUpsAreThrottledForEver_endsByItsTimeout_namingTheUnresolvedTarget() {
    // Given AWS whose answer to the one ProvisionPermissionSet is lost, and which throttles every listing of
    // provisioning requests (the look-ups that decide whether the call was processed) for ever
    SsoAdminClient client = mock(SsoAdminClient.class);
    new FakeStatusService(time).install(client);
    when(client.listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class)))
        .thenReturn(ListAccountsForProvisionedPermissionSetResponse.builder().accountIds(List.of(A)).build());
    AtomicInteger provisionCalls = new AtomicInteger();
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      provisionCalls.incrementAndGet();
      throw ReconcileAndOutcomeTest.lostAnswer();
    });
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build());
    PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
    Duration timeout = Duration.ofMinutes(2);
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .accountIds(List.of(A)).waitOptions(WaitOptions.builder().timeout(timeout).maxRetries(3)
            .retryBaseDelay(Duration.ofMillis(100)).retryMaxDelay(Duration.ofSeconds(1)).build()).build();
    ProvisioningPlan plan = provisioner.plan(request);
    Duration start = time.elapsed();

    // When it is submitted without waiting
    Throwable thrown = catchThrowable(() -> provisioner.submit(request, plan));

    // Then the submission fails once its timeout has passed (plus the counted retries of the last look-up, a few
    // seconds at most), not after a new 2-minute window for the first scan and each look-up again (10 minutes),
    // and the target is not provisioned blindly a second time
    assertThat(thrown).isInstanceOf(SubmissionFailedException.class);
    Duration took = time.elapsed().minus(start);
    assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(10));
    assertThat(provisionCalls.get()).isEqualTo(1);
  }
}
