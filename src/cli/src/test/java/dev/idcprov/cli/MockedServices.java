package dev.idcprov.cli;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Services whose client, waiter and provisioner are Mockito mocks; records the settings each client was made with.
 * The provision command's {@code provision(request, plan, onAccepted)} is bridged to the plain seams the tests
 * stub: it answers as {@code submit(request, plan)} and then {@code waitUntilProvisioned} do.
 */
final class MockedServices implements CliServices {
  final SsoAdminClient client = mock(SsoAdminClient.class);
  final ProvisioningWaiter waiter = mock(ProvisioningWaiter.class);
  final PermissionSetProvisioner provisioner = mock(PermissionSetProvisioner.class);
  final List<AwsClientSettings> settings = new ArrayList<>();

  @SuppressWarnings("unchecked")
  MockedServices() {
    lenient().when(provisioner.provision(any(), any(), any())).thenAnswer(inv -> {
      ProvisioningRequest request = inv.getArgument(0);
      ProvisioningPlan plan = inv.getArgument(1);
      List<SubmittedRequest> accepted = provisioner.submit(request, plan);
      accepted.forEach(inv.<Consumer<SubmittedRequest>>getArgument(2));
      WaitResult result = waiter.waitUntilProvisioned(WaitRequest.builder().instanceArn(request.instanceArn())
          .requests(accepted.stream().map(SubmittedRequest::toTracked).toList())
          .options(request.waitOptions()).listener(request.listener()).build());
      return new ProvisioningReport(plan, accepted, result);
    });
  }

  @Override
  public SsoAdminClient createClient(AwsClientSettings s) {
    settings.add(s);
    return client;
  }

  @Override
  public ProvisioningWaiter waiter(SsoAdminClient c) {
    return waiter;
  }

  @Override
  public PermissionSetProvisioner provisioner(SsoAdminClient c, ProvisioningWaiter w) {
    return provisioner;
  }
}
