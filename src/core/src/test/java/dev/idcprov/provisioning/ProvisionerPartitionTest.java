package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.RequestBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;

/** The provisioner in partitions other than aws: accepted when the SDK knows them, never mixed in one request. */
class ProvisionerPartitionTest {
  static final String ISO_F_INSTANCE = "arn:aws-iso-f:sso:::instance/ssoins-0123456789abcdef";
  static final String ISO_F_SET = "arn:aws-iso-f:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcde1";
  static final String GOV_SET_SAME_IDS =
      "arn:aws-us-gov:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcde1";

  VirtualScheduler time;
  SsoAdminClient client;
  PermissionSetProvisioner provisioner;

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    provisioner = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  @Test
  void requestInAPartitionTheOldRegexMissed_isProvisioned() {
    FakeStatusService aws = new FakeStatusService(time);
    aws.install(client);
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      aws.add(FakeStatusService.id(1)).permissionSet(ISO_F_SET).succeedsAfter(Duration.ofSeconds(3));
      return ProvisionPermissionSetResponse.builder().permissionSetProvisioningStatus(PermissionSetProvisioningStatus
          .builder().requestId(FakeStatusService.id(1)).status("IN_PROGRESS").createdDate(time.clock().instant())
          .build()).build();
    });
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(ISO_F_INSTANCE)
        .permissionSetArns(List.of(ISO_F_SET)).allProvisionedAccounts().force(true).build();

    ProvisioningReport report = provisioner.provision(request);

    assertThat(report.submitted()).extracting(SubmittedRequest::requestId).containsExactly(FakeStatusService.id(1));
  }

  @Test
  void permissionSetOfTheSameIdsInAnotherPartition_isRejectedBeforeAnyCall_byEveryEntryPoint() {
    ProvisioningRequest request = ProvisioningRequest.builder().instanceArn(ISO_F_INSTANCE)
        .permissionSetArns(List.of(ISO_F_SET, GOV_SET_SAME_IDS)).accountIds(List.of("111111111111")).build();
    ProvisioningPlan plan = new ProvisioningPlan(ISO_F_INSTANCE, List.of(), Map.of());
    Consumer<SubmittedRequest> ignore = r -> { };

    for (Runnable call : List.<Runnable>of(() -> provisioner.plan(request), () -> provisioner.submit(request, plan),
        () -> provisioner.provision(request), () -> provisioner.provisionAsync(request),
        () -> provisioner.provision(request, plan, ignore))) {
      assertThat(catchThrowable(call::run)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("permissionSetArns[1] '" + GOV_SET_SAME_IDS + "'")
          .hasMessageContaining("(partition aws-us-gov), not to instanceArn " + ISO_F_INSTANCE);
    }
    verifyNoInteractions(client);
  }
}
