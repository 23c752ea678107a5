package dev.idcprov.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * Terraform's real strategy for an update (W7), after terraform-provider-aws {@code ssoadmin/permission_set.go}: when
 * a permission set changes, the resource's update provisions it once with {@code ALL_PROVISIONED_ACCOUNTS} and waits
 * for that one request with {@code DescribePermissionSetProvisioningStatus} ({@code retry.StateChangeConf}, Delay 5 s,
 * then the same doubling 0.2 s to 10 s backoff as {@link BaselinePoller}). The sets are independent resources, so
 * they run in parallel (Terraform's {@code -parallelism=10} covers 5). A FAILED request fails the resource with the
 * request's one failure reason: one status and one reason per set, no account named as such. The client is the
 * provider's ({@link BenchClients#terraformLike}).
 */
final class TerraformUpdate implements Contender {
  /** The name in the report. */
  static final String NAME = "terraform-apa";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Target target, ContenderRun run) {
    ExecutorService pool = Executors.newFixedThreadPool(BaselinePoller.PARALLELISM, r -> {
      Thread t = new Thread(r, "terraform-update");
      t.setDaemon(true);
      return t;
    });
    Duration timeout = target.deadline().compareTo(target.scaled(BaselinePoller.TERRAFORM_TIMEOUT)) < 0
        ? target.deadline() : target.scaled(BaselinePoller.TERRAFORM_TIMEOUT);
    try (SsoAdminClient client = BenchClients.terraformLike(target, run)) {
      var futures = target.permissionSetArns().stream()
          .map(ps -> pool.submit(() -> provisionSet(client, target, run, ps, timeout))).toList();
      long limit = target.deadline().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30);
      long end = System.nanoTime() + limit;
      for (Future<?> f : futures) {
        try {
          f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          run.error("terraform update threw " + e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          run.error("HANG: a set's update did not end within twice the deadline");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.error("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private static void provisionSet(SsoAdminClient client, Target target, ContenderRun run, String ps,
                                   Duration timeout) {
    String requestId;
    try {
      requestId = client.provisionPermissionSet(b -> b.instanceArn(target.instanceArn()).permissionSetArn(ps)
          .targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS)).permissionSetProvisioningStatus().requestId();
    } catch (SdkException e) {
      run.error("ProvisionPermissionSet " + ps + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return;
    }
    run.submitted(requestId);
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration wait = target.scaled(BaselinePoller.BACKOFF_START);
    Duration cap = target.scaled(BaselinePoller.BACKOFF_CAP);
    int notFound = 0;
    sleep(target.scaled(BaselinePoller.FIRST_POLL));
    while (!Thread.currentThread().isInterrupted()) {
      try {
        PermissionSetProvisioningStatus s = client.describePermissionSetProvisioningStatus(b -> b
            .instanceArn(target.instanceArn()).provisionPermissionSetRequestId(requestId))
            .permissionSetProvisioningStatus();
        if (s.status() == StatusValues.SUCCEEDED || s.status() == StatusValues.FAILED) {
          run.report(new ContenderRun.Report(requestId, ps, null, s.statusAsString(), s.failureReason(),
              Bench.nowMicros()));
          return;
        }
      } catch (ResourceNotFoundException e) {
        if (++notFound > BaselinePoller.NOT_FOUND_CHECKS) {
          run.error("Describe " + requestId + ": ResourceNotFound " + notFound + " times");
          return;
        }
      } catch (SdkException e) {
        run.error("Describe " + requestId + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      if (System.nanoTime() > deadline) {
        run.timedOut(requestId);
        return;
      }
      sleep(wait);
      wait = wait.multipliedBy(2).compareTo(cap) > 0 ? cap : wait.multipliedBy(2);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
