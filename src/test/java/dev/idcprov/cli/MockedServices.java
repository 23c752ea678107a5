package dev.idcprov.cli;

import static org.mockito.Mockito.mock;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.waiter.ProvisioningWaiter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Services whose client, waiter and provisioner are Mockito mocks; records the settings each client was made with. */
final class MockedServices implements CliServices {
  final SsoAdminClient client = mock(SsoAdminClient.class);
  final ProvisioningWaiter waiter = mock(ProvisioningWaiter.class);
  final PermissionSetProvisioner provisioner = mock(PermissionSetProvisioner.class);
  final List<AwsClientSettings> settings = new ArrayList<>();

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
