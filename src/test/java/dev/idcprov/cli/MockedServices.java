package dev.idcprov.cli;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitHandle;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Services whose client, waiter and provisioner are Mockito mocks; records the settings each client was made with.
 * The streaming seams the provision command uses are bridged to the plain ones the tests stub: a submit that
 * reports each accepted request answers as {@code submit(request, plan)} does, and an opened wait ends as
 * {@code waitUntilProvisioned} does for the requests added to it.
 */
final class MockedServices implements CliServices {
  final SsoAdminClient client = mock(SsoAdminClient.class);
  final ProvisioningWaiter waiter = mock(ProvisioningWaiter.class);
  final PermissionSetProvisioner provisioner = mock(PermissionSetProvisioner.class);
  final List<AwsClientSettings> settings = new ArrayList<>();

  @SuppressWarnings("unchecked")
  MockedServices() {
    lenient().when(provisioner.submit(any(), any(), any())).thenAnswer(inv -> {
      List<SubmittedRequest> accepted = provisioner.submit(inv.<ProvisioningRequest>getArgument(0),
          inv.<ProvisioningPlan>getArgument(1));
      accepted.forEach(inv.<Consumer<SubmittedRequest>>getArgument(2));
      return accepted;
    });
    lenient().when(waiter.open(any(), any(), any())).thenAnswer(inv -> {
      String instance = inv.getArgument(0);
      WaitOptions options = inv.getArgument(1);
      ProgressListener listener = inv.getArgument(2);
      List<TrackedRequest> added = new CopyOnWriteArrayList<>();
      WaitHandle handle = mock(WaitHandle.class);
      lenient().when(handle.add(any())).thenAnswer(a -> added.add(a.getArgument(0)));
      lenient().when(handle.seal()).thenReturn(handle);
      lenient().when(handle.result()).thenReturn(new CompletableFuture<>());
      lenient().when(handle.await()).thenAnswer(a -> waiter.waitUntilProvisioned(WaitRequest.builder()
          .instanceArn(instance).requests(added).options(options).listener(listener).build()));
      return handle;
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
