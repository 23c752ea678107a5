package dev.idcprov.bench;

import dev.idcprov.provisioning.AccountResult;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRunFailedException;
import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitResult;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** What both of our contenders share: time-scaled wait options, reporting each outcome once, collecting futures. */
final class OursReporting {
  private final ContenderRun run;
  private final Set<String> reported = new HashSet<>();

  OursReporting(ContenderRun run) {
    this.run = run;
  }

  /** The default {@link WaitOptions} with the workload's deadline and every timing divided by the time scale. */
  static WaitOptions scaledOptions(Target target) {
    WaitOptions d = WaitOptions.defaults();
    return WaitOptions.builder()
        .timeout(target.deadline())
        .pollInterval(target.scaled(d.pollInterval()))
        .maxPollInterval(target.scaled(d.maxPollInterval()))
        .pollCallsPerSecond(target.scaledRate(d.pollCallsPerSecond()))
        .pollCallsPerSecondWhileOpen(target.scaledRate(d.pollCallsPerSecondWhileOpen()))
        .retryBaseDelay(target.scaled(d.retryBaseDelay()))
        .retryMaxDelay(target.scaled(d.retryMaxDelay()))
        .listStaleness(target.scaled(d.listStaleness()))
        .build();
  }

  /** @return the moment a progress callback hands over an outcome is the moment we "report" it */
  ProgressListener listener() {
    return progress -> {
      long now = Bench.nowMicros();
      progress.newlyResolved().forEach(o -> record(o, now));
    };
  }

  /** Waits for one future until {@code hardStop} and reports what it resolved, whichever way it ended. */
  <T> void collect(CompletableFuture<T> future, long hardStop, Function<T, Optional<WaitResult>> resultOf,
                   String what) {
    try {
      resultOf.apply(future.get(Math.max(1, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS))
          .ifPresent(this::recordAll);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ProvisioningFailedException failed) {
        recordAll(failed.result());
        if (cause instanceof ProvisioningRunFailedException run) {
          recordAccountResults(run.report());
        }
      } else if (cause instanceof ProvisioningTimeoutException timeout) {
        if (timeout.partialResult() != null) {
          recordAll(timeout.partialResult());
        }
        timeout.pendingRequestIds().forEach(run::timedOut);
      } else {
        run.error(cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
    } catch (TimeoutException e) {
      future.cancel(true);
      run.error("HANG: the " + what + " did not complete within twice the deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.error("interrupted");
    }
  }

  /**
   * Records the per-account results of a report that came through a request covering several accounts (an
   * ALL_PROVISIONED_ACCOUNTS request: SUCCEEDED for the accounts the plan listed or a read after its failure
   * showed updated); an account's own request is reported by its outcome already.
   */
  void recordAccountResults(ProvisioningReport report) {
    long now = Bench.nowMicros();
    for (AccountResult r : report.accountResults()) {
      if (r.basis() != AccountResult.Basis.OWN_REQUEST) {
        run.accountResult(new ContenderRun.Report(r.requestId(), r.permissionSetArn(), r.accountId(),
            r.status().name(), r.failureReason(), now));
      }
    }
  }

  private void recordAll(WaitResult result) {
    long now = Bench.nowMicros();
    result.outcomes().forEach(o -> record(o, now));
  }

  private void record(RequestOutcome o, long now) {
    synchronized (reported) {
      if (!reported.add(o.requestId())) {
        return;
      }
    }
    run.report(new ContenderRun.Report(o.requestId(), o.permissionSetArn(), o.accountId(), o.status().name(),
        o.failureReason(), now));
  }
}
