package dev.idcprov.bench;

import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.InternalServerException;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/**
 * Our waiter alone ({@code -Dbench.ours=waiter}): the harness submits {@code ProvisionPermissionSet} itself, paced by
 * the same {@link RequestBudget} and retried with bounded, scaled backoff, then hands the RequestIds to
 * {@link ProvisioningWaiter}. Used to measure the waiter when the provisioner is not available; the figures then
 * describe the waiting part only.
 */
final class OursWaiterContender implements Contender {
  static final int SUBMIT_ATTEMPTS = 10;

  @Override
  public String name() {
    return OURS;
  }

  @Override
  public void run(Target target, ContenderRun run) {
    OursReporting reporting = new OursReporting(run);
    try (SsoAdminClient client = BenchClients.withoutRetries(target, run)) {
      RequestBudget budget = RequestBudget.of(RequestBudget.DEFAULT_REQUESTS_PER_SECOND * target.timeScale());
      ProvisioningWaiter waiter = ProvisioningWaiter.builder().client(client).requestBudget(budget).build();
      WaitOptions options = OursReporting.scaledOptions(target);
      ProgressListener listener = reporting.listener();
      List<List<String>> groups = target.provisionings() == 1 ? List.of(target.permissionSetArns())
          : target.permissionSetArns().stream().map(List::of).toList();
      List<CompletableFuture<WaitResult>> futures = new ArrayList<>();
      for (List<String> sets : groups) {
        List<TrackedRequest> tracked = new ArrayList<>();
        for (String ps : sets) {
          for (String account : target.accountIds()) {
            PermissionSetProvisioningStatus s = submit(client, budget, target, ps, account, run);
            if (s != null) {
              run.submitted(s.requestId());
              tracked.add(new TrackedRequest(s.requestId(), account, ps, s.createdDate()));
            }
          }
        }
        if (!tracked.isEmpty()) {
          futures.add(waiter.waitUntilProvisionedAsync(WaitRequest.builder().instanceArn(target.instanceArn())
              .requests(tracked).options(options).listener(listener).build()));
        }
      }
      long hardStop = System.nanoTime() + target.deadline().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30);
      for (CompletableFuture<WaitResult> f : futures) {
        reporting.collect(f, hardStop, Optional::of, "wait");
      }
    }
  }

  private static PermissionSetProvisioningStatus submit(SsoAdminClient client, RequestBudget budget, Target target,
                                                        String ps, String account, ContenderRun run) {
    Duration backoff = target.scaled(Duration.ofMillis(200));
    for (int attempt = 1; ; attempt++) {
      sleep(budget.reserve());
      try {
        return client.provisionPermissionSet(b -> b.instanceArn(target.instanceArn()).permissionSetArn(ps)
            .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account)).permissionSetProvisioningStatus();
      } catch (ThrottlingException | InternalServerException | ConflictException | SdkClientException e) {
        if (attempt >= SUBMIT_ATTEMPTS) {
          run.error("ProvisionPermissionSet " + account + " gave up after " + attempt + " attempts: " + e.getMessage());
          return null;
        }
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(target.scaled(Duration.ofSeconds(10))) > 0
            ? target.scaled(Duration.ofSeconds(10)) : backoff.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
