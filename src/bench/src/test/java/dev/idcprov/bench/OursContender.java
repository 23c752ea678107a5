package dev.idcprov.bench;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.WaitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Our side: {@link PermissionSetProvisioner} (plan, submit, wait through {@code ProvisioningWaiter}) with SDK retries
 * off, one {@link RequestBudget} of {@link RequestBudget#DEFAULT_REQUESTS_PER_SECOND} requests per sandbox second
 * shared by every provisioning in the run, the library's default shared scheduler, and the default
 * {@link WaitOptions} with every timing divided by the time
 * scale. The moment the progress listener hands over a resolved outcome is the moment we "report" it. On an update
 * (W7) each set is provisioned to every account it is provisioned to ({@code allProvisionedAccounts()}): the
 * provisioner decides how to submit that. When the run ends, the per-account view of its report
 * ({@code accountResults()}, also carried by a {@code ProvisioningRunFailedException}) gives the accounts an
 * {@code ALL_PROVISIONED_ACCOUNTS} request covered, as {@link ContenderRun#accountResults} (not counted in lag).
 */
final class OursContender implements Contender {

  @Override
  public String name() {
    return OURS;
  }

  @Override
  public void run(Target target, ContenderRun run) {
    OursReporting reporting = new OursReporting(run);
    try (SsoAdminClient client = BenchClients.withoutRetries(target, run)) {
      RequestBudget budget = RequestBudget.of(RequestBudget.DEFAULT_REQUESTS_PER_SECOND * target.timeScale());
      PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder()
          .client(client).requestBudget(budget).build();
      WaitOptions options = OursReporting.scaledOptions(target);
      ProgressListener listener = reporting.listener();
      List<List<String>> groups = target.provisionings() == 1
          ? List.of(target.permissionSetArns())
          : target.permissionSetArns().stream().map(List::of).toList();
      List<CompletableFuture<ProvisioningReport>> futures = new ArrayList<>();
      for (List<String> sets : groups) {
        ProvisioningRequest.Builder builder = ProvisioningRequest.builder()
            .instanceArn(target.instanceArn())
            .permissionSetArns(sets);
        if (target.update()) {
          builder.allProvisionedAccounts();
        } else {
          builder.accountIds(target.accountIds());
        }
        ProvisioningRequest request = builder
            .waitOptions(options)
            .listener(listener)
            .conflictBaseDelay(target.scaled(ProvisioningRequest.DEFAULT_CONFLICT_BASE_DELAY))
            .conflictMaxDelay(target.scaled(ProvisioningRequest.DEFAULT_CONFLICT_MAX_DELAY))
            .build();
        futures.add(provisioner.provisionAsync(request));
      }
      long hardStop = System.nanoTime() + target.deadline().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30);
      for (CompletableFuture<ProvisioningReport> f : futures) {
        reporting.collect(f, hardStop, report -> {
          for (SubmittedRequest s : report.submitted()) {
            run.submitted(s.requestId());
          }
          reporting.recordAccountResults(report);
          return report.waitResult();
        }, "provisioning future");
      }
    }
  }
}
