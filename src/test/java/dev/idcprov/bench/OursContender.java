package dev.idcprov.bench;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Our side: {@link PermissionSetProvisioner} (plan, submit, wait through {@code ProvisioningWaiter}) with SDK retries
 * off, one {@link RequestBudget} of {@link RequestBudget#DEFAULT_REQUESTS_PER_SECOND} requests per sandbox second
 * shared by every provisioning in the run, the library's default shared scheduler, and the default
 * {@link WaitOptions} with every timing divided by the time
 * scale. The moment the progress listener hands over a resolved outcome is the moment we "report" it.
 */
final class OursContender implements Contender {

  @Override
  public String name() {
    return OURS;
  }

  @Override
  public void run(Target target, ContenderRun run) {
    Set<String> reported = new HashSet<>();
    try (SsoAdminClient client = BenchClients.withoutRetries(target)) {
      RequestBudget budget = RequestBudget.of(RequestBudget.DEFAULT_REQUESTS_PER_SECOND * target.timeScale());
      PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder()
          .client(client).requestBudget(budget).build();
      WaitOptions defaults = WaitOptions.defaults();
      WaitOptions options = WaitOptions.builder()
          .timeout(target.deadline())
          .pollInterval(target.scaled(defaults.pollInterval()))
          .maxPollInterval(target.scaled(defaults.maxPollInterval()))
          .pollCallsPerSecond(target.scaledRate(defaults.pollCallsPerSecond()))
          .pollCallsPerSecondWhileOpen(target.scaledRate(defaults.pollCallsPerSecondWhileOpen()))
          .retryBaseDelay(target.scaled(defaults.retryBaseDelay()))
          .retryMaxDelay(target.scaled(defaults.retryMaxDelay()))
          .build();
      ProgressListener listener = progress -> {
        long now = Bench.nowMicros();
        for (RequestOutcome o : progress.newlyResolved()) {
          record(run, reported, o, now);
        }
      };
      List<List<String>> groups = target.provisionings() == 1
          ? List.of(target.permissionSetArns())
          : target.permissionSetArns().stream().map(List::of).toList();
      List<CompletableFuture<ProvisioningReport>> futures = new ArrayList<>();
      for (List<String> sets : groups) {
        ProvisioningRequest request = ProvisioningRequest.builder()
            .instanceArn(target.instanceArn())
            .permissionSetArns(sets)
            .accountIds(target.accountIds())
            .waitOptions(options)
            .listener(listener)
            .conflictBaseDelay(target.scaled(ProvisioningRequest.DEFAULT_CONFLICT_BASE_DELAY))
            .conflictMaxDelay(target.scaled(ProvisioningRequest.DEFAULT_CONFLICT_MAX_DELAY))
            .build();
        futures.add(provisioner.provisionAsync(request));
      }
      long hardStop = System.nanoTime() + target.deadline().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30);
      for (CompletableFuture<ProvisioningReport> f : futures) {
        collect(f, run, reported, hardStop);
      }
    }
  }

  private static void collect(CompletableFuture<ProvisioningReport> f, ContenderRun run, Set<String> reported,
                              long hardStop) {
    try {
      ProvisioningReport report = f.get(Math.max(1, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS);
      for (SubmittedRequest s : report.submitted()) {
        run.submitted(s.requestId());
      }
      report.waitResult().ifPresent(r -> recordAll(run, reported, r));
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ProvisioningFailedException failed) {
        recordAll(run, reported, failed.result());
      } else if (cause instanceof ProvisioningTimeoutException timeout) {
        if (timeout.partialResult() != null) {
          recordAll(run, reported, timeout.partialResult());
        }
        timeout.pendingRequestIds().forEach(run::timedOut);
      } else {
        run.error(cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
    } catch (TimeoutException e) {
      f.cancel(true);
      run.error("HANG: the provisioning future did not complete within twice the deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.error("interrupted");
    }
  }

  private static void recordAll(ContenderRun run, Set<String> reported, WaitResult result) {
    long now = Bench.nowMicros();
    for (RequestOutcome o : result.outcomes()) {
      record(run, reported, o, now);
    }
  }

  private static void record(ContenderRun run, Set<String> reported, RequestOutcome o, long now) {
    synchronized (reported) {
      if (!reported.add(o.requestId())) {
        return;
      }
    }
    run.report(new ContenderRun.Report(o.requestId(), o.permissionSetArn(), o.accountId(), o.status().name(),
        o.failureReason(), now));
  }
}
