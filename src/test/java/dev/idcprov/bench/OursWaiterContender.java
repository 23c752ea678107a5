package dev.idcprov.bench;

import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    Set<String> reported = new HashSet<>();
    try (SsoAdminClient client = BenchClients.withoutRetries(target)) {
      RequestBudget budget = RequestBudget.of(RequestBudget.DEFAULT_REQUESTS_PER_SECOND * target.timeScale());
      ProvisioningWaiter waiter = ProvisioningWaiter.builder().client(client).requestBudget(budget).build();
      WaitOptions d = WaitOptions.defaults();
      WaitOptions options = WaitOptions.builder().timeout(target.deadline())
          .pollInterval(target.scaled(d.pollInterval())).maxPollInterval(target.scaled(d.maxPollInterval()))
          .pollCallsPerSecond(target.scaledRate(d.pollCallsPerSecond()))
          .pollCallsPerSecondWhileOpen(target.scaledRate(d.pollCallsPerSecondWhileOpen()))
          .retryBaseDelay(target.scaled(d.retryBaseDelay())).retryMaxDelay(target.scaled(d.retryMaxDelay())).build();
      ProgressListener listener = p -> {
        long now = Bench.nowMicros();
        p.newlyResolved().forEach(o -> record(run, reported, o, now));
      };
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
        try {
          recordAll(run, reported, f.get(Math.max(1, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (ExecutionException | CompletionException e) {
          Throwable c = e.getCause() == null ? e : e.getCause();
          if (c instanceof ProvisioningFailedException pf) {
            recordAll(run, reported, pf.result());
          } else if (c instanceof ProvisioningTimeoutException te) {
            if (te.partialResult() != null) {
              recordAll(run, reported, te.partialResult());
            }
            te.pendingRequestIds().forEach(run::timedOut);
          } else {
            run.error(c.getClass().getSimpleName() + ": " + c.getMessage());
          }
        } catch (TimeoutException e) {
          f.cancel(true);
          run.error("HANG: the wait did not complete within twice the deadline");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          run.error("interrupted");
        }
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

  private static void recordAll(ContenderRun run, Set<String> reported, WaitResult r) {
    long now = Bench.nowMicros();
    r.outcomes().forEach(o -> record(run, reported, o, now));
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
