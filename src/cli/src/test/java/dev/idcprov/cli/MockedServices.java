package dev.idcprov.cli;


import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningExecution;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmissionFailedException;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    // issue 9: the command plans within its deadline (planAsync) and runs with start(), whose outcome is built here
    // from the same seams
    lenient().when(provisioner.planAsync(any())).thenAnswer(inv -> {
      try {
        return CompletableFuture.completedFuture(provisioner.plan(inv.getArgument(0)));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
    lenient().when(provisioner.submit(any(), any(), any())).thenAnswer(inv -> {
      List<SubmittedRequest> accepted = provisioner.submit(inv.getArgument(0), inv.getArgument(1));
      accepted.forEach(inv.<Consumer<SubmittedRequest>>getArgument(2));
      return accepted;
    });
    lenient().when(provisioner.start(any(), any(), any())).thenAnswer(inv -> {
      ProvisioningRequest request = inv.getArgument(0);
      ProvisioningPlan plan = inv.getArgument(1);
      List<SubmittedRequest> accepted;
      try {
        accepted = provisioner.submit(request, plan);
      } catch (SubmissionFailedException e) {
        return ProvisioningExecution.completed(new ProvisioningOutcome(plan, outcomes(e.accepted(), null),
            List.of(), List.of(), null, e));
      }
      accepted.forEach(inv.<Consumer<SubmittedRequest>>getArgument(2));
      try {
        WaitResult result = waiter.waitUntilProvisioned(WaitRequest.builder().instanceArn(request.instanceArn())
            .requests(accepted.stream().map(SubmittedRequest::toTracked).toList())
            .options(request.waitOptions()).listener(request.listener()).build());
        return ProvisioningExecution.completed(new ProvisioningOutcome(plan, outcomes(accepted, result), List.of(),
            List.of(), new ProvisioningReport(plan, accepted, result), null));
      } catch (RuntimeException e) {
        WaitResult partial = e instanceof ProvisioningFailedException f ? f.result()
            : e instanceof ProvisioningTimeoutException t ? t.partialResult() : null;
        return ProvisioningExecution.completed(new ProvisioningOutcome(plan, outcomes(accepted, partial), List.of(),
            List.of(), null, e));
      }
    });
  }

  private static List<ProvisioningOutcome.AcceptedRequest> outcomes(List<SubmittedRequest> accepted, WaitResult r) {
    return accepted.stream().map(a -> ProvisioningOutcome.AcceptedRequest.of(a,
        r == null ? null : r.outcome(a.requestId()).orElse(null))).toList();
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
