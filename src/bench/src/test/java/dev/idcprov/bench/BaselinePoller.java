package dev.idcprov.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * The baseline: the Terraform AWS provider's provisioning wait, applied to each (permission set, account) request.
 *
 * <ul>
 *   <li>{@code ProvisionPermissionSet} (AWS_ACCOUNT) per pair, then {@code DescribePermissionSetProvisioningStatus}
 *       per request: first poll {@value #FIRST_POLL_SECONDS} s after submitting, then waits of 0.2 s doubling up to a
 *       10 s cap ({@code retry.StateChangeConf} with Delay 5 s over the SDKv2 backoff);</li>
 *   <li>deadline 10 minutes per request (the provider's default timeout); 20 ResourceNotFound answers tolerated;</li>
 *   <li>the SDK client is built like the provider's: standard retry mode with its token bucket, 25 attempts,
 *       ConflictException and ThrottlingException retryable on every call;</li>
 *   <li>every request has its own loop: submissions run on {@value #PARALLELISM} threads (Terraform's default
 *       {@code -parallelism=10}) and polls on {@value #PARALLELISM} more, so polling starts 5 s after each submission
 *       whatever is still being submitted (Terraform itself would hold at most 10 resources in flight, which only
 *       makes it slower);</li>
 *   <li>an error that survives the SDK's retries fails that request, as the provider's refresh function does.</li>
 * </ul>
 * Every timing is divided by the time scale.
 */
final class BaselinePoller implements Contender {
  static final int FIRST_POLL_SECONDS = 5;
  static final Duration FIRST_POLL = Duration.ofSeconds(FIRST_POLL_SECONDS);
  static final Duration BACKOFF_START = Duration.ofMillis(200);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(10);
  static final Duration TERRAFORM_TIMEOUT = Duration.ofMinutes(10);
  static final int NOT_FOUND_CHECKS = 20;
  static final int PARALLELISM = 10;

  @Override
  public String name() {
    return BASELINE;
  }

  @Override
  public void run(Target target, ContenderRun run) {
    ExecutorService submitters = Executors.newFixedThreadPool(PARALLELISM, r -> {
      Thread t = new Thread(r, "baseline-submit");
      t.setDaemon(true);
      return t;
    });
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(PARALLELISM, r -> {
      Thread t = new Thread(r, "baseline-poll");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch done = new CountDownLatch(target.requestCount());
    Duration perRequestTimeout = target.deadline().compareTo(target.scaled(TERRAFORM_TIMEOUT)) < 0
        ? target.deadline() : target.scaled(TERRAFORM_TIMEOUT);
    try (SsoAdminClient client = BenchClients.terraformLike(target, run)) {
      for (String[] pair : target.pairs()) {
        submitters.execute(() -> submit(client, pool, target, run, done, pair[0], pair[1], perRequestTimeout));
      }
      long limit = target.deadline().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30);
      if (!done.await(limit, TimeUnit.NANOSECONDS)) {
        run.error("HANG: " + done.getCount() + " baseline request(s) unresolved after twice the deadline");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.error("interrupted");
    } finally {
      submitters.shutdownNow();
      pool.shutdownNow();
    }
  }

  private void submit(SsoAdminClient client, ScheduledThreadPoolExecutor pool, Target target, ContenderRun run,
                      CountDownLatch done, String ps, String account, Duration timeout) {
    String requestId;
    try {
      PermissionSetProvisioningStatus s = client.provisionPermissionSet(b -> b.instanceArn(target.instanceArn())
          .permissionSetArn(ps).targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account))
          .permissionSetProvisioningStatus();
      requestId = s.requestId();
    } catch (SdkException e) {
      run.error("ProvisionPermissionSet " + account + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      done.countDown();
      return;
    }
    run.submitted(requestId);
    long deadline = System.nanoTime() + timeout.toNanos();
    Poll poll = new Poll(client, pool, target, run, done, ps, account, requestId, deadline);
    pool.schedule(poll, target.scaled(FIRST_POLL).toNanos(), TimeUnit.NANOSECONDS);
  }

  /** One request's Describe loop. */
  private static final class Poll implements Runnable {
    private final SsoAdminClient client;
    private final ScheduledThreadPoolExecutor pool;
    private final Target target;
    private final ContenderRun run;
    private final CountDownLatch done;
    private final String ps;
    private final String account;
    private final String requestId;
    private final long deadline;
    private Duration wait;
    private int notFound;

    Poll(SsoAdminClient client, ScheduledThreadPoolExecutor pool, Target target, ContenderRun run,
         CountDownLatch done, String ps, String account, String requestId, long deadline) {
      this.client = client;
      this.pool = pool;
      this.target = target;
      this.run = run;
      this.done = done;
      this.ps = ps;
      this.account = account;
      this.requestId = requestId;
      this.deadline = deadline;
      this.wait = target.scaled(BACKOFF_START);
    }

    @Override
    public void run() {
      try {
        DescribePermissionSetProvisioningStatusResponse r = client.describePermissionSetProvisioningStatus(b -> b
            .instanceArn(target.instanceArn()).provisionPermissionSetRequestId(requestId));
        PermissionSetProvisioningStatus s = r.permissionSetProvisioningStatus();
        if (s.status() == StatusValues.SUCCEEDED || s.status() == StatusValues.FAILED) {
          run.report(new ContenderRun.Report(requestId, ps, account, s.statusAsString(), s.failureReason(),
              Bench.nowMicros()));
          done.countDown();
          return;
        }
      } catch (ResourceNotFoundException e) {
        if (++notFound > NOT_FOUND_CHECKS) {
          fail("ResourceNotFound " + notFound + " times: " + e.getMessage());
          return;
        }
      } catch (SdkException e) {
        fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      if (System.nanoTime() > deadline) {
        run.timedOut(requestId);
        done.countDown();
        return;
      }
      Duration next = wait;
      Duration doubled = wait.multipliedBy(2);
      Duration cap = target.scaled(BACKOFF_CAP);
      wait = doubled.compareTo(cap) > 0 ? cap : doubled;
      pool.schedule(this, next.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void fail(String why) {
      run.error("Describe " + requestId + ": " + why);
      done.countDown();
    }
  }
}
