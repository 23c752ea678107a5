package dev.idcprov.cli;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code provision --timeout} bounds the whole command: planning gets the timeout, and the run (submission and
 * waiting, bounded by the library from its start) gets what planning left of it.
 */
final class RunDeadline {
  private final Duration timeout;
  private final long startNanos = System.nanoTime();

  RunDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Plans within the deadline.
   *
   * @throws ProvisioningTimeoutException     if planning did not finish in time (nothing was submitted)
   * @throws ProvisioningInterruptedException if interrupted (a signal)
   */
  ProvisioningPlan plan(PermissionSetProvisioner provisioner, ProvisioningRequest request) {
    CompletableFuture<ProvisioningPlan> f = provisioner.planAsync(request);
    try {
      return f.get(remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw expired("planning");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ProvisioningInterruptedException(List.of(), e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  /**
   * @return the request, its timeout cut to what is left of the deadline
   * @throws ProvisioningTimeoutException if nothing is left
   */
  ProvisioningRequest rest(ProvisioningRequest request) {
    Duration left = remaining();
    return request.toBuilder().waitOptions(request.waitOptions().toBuilder().timeout(left).build()).build();
  }

  private Duration remaining() {
    Duration left = timeout.minusNanos(System.nanoTime() - startNanos);
    if (left.isNegative() || left.isZero()) {
      throw expired("planning");
    }
    return left;
  }

  private ProvisioningTimeoutException expired(String phase) {
    return new ProvisioningTimeoutException(timeout, List.of(), null, "the deadline passed while " + phase
        + "; nothing was submitted");
  }
}
