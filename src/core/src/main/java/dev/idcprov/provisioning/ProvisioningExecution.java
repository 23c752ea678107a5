package dev.idcprov.provisioning;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A provisioning run in progress, from {@link PermissionSetProvisioner#start(ProvisioningRequest,
 * java.util.function.Consumer)}: its {@link #outcome()} always completes normally, on every end path, with what
 * AWS accepted; {@link #stop()} ends it early (for example on SIGTERM) without cancelling calls already sent.
 *
 * <pre>{@code
 * ProvisioningExecution run = provisioner.start(request, journal::accepted);
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> print(run.stopAndAwait(Duration.ofSeconds(20)))));
 * ProvisioningOutcome outcome = run.awaitOutcome();
 * }</pre>
 */
public final class ProvisioningExecution {
  private final CompletableFuture<ProvisioningOutcome> outcome;
  private final Runnable stop;
  private final Supplier<List<SubmittedRequest>> acceptedSoFar;

  ProvisioningExecution(CompletableFuture<ProvisioningOutcome> outcome, Runnable stop,
                        Supplier<List<SubmittedRequest>> acceptedSoFar) {
    this.outcome = outcome;
    this.stop = stop;
    this.acceptedSoFar = acceptedSoFar;
  }

  /**
   * An execution that has already ended: for a fake provisioner in tests, or a caller that decided the outcome
   * without running anything.
   *
   * @param outcome the outcome
   * @return the execution; {@link #stop()} does nothing
   * @throws NullPointerException if {@code outcome} is null
   */
  public static ProvisioningExecution completed(ProvisioningOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    List<SubmittedRequest> accepted = outcome.accepted().stream().map(ProvisioningOutcome.AcceptedRequest::request)
        .toList();
    return new ProvisioningExecution(CompletableFuture.completedFuture(outcome), () -> { }, () -> accepted);
  }

  /**
   * @return the outcome, completed once the run ended and no call of it is in flight any more; it never completes
   *         exceptionally (the run's failure is {@link ProvisioningOutcome#error()}); cancelling it does not stop
   *         the run, {@link #stop()} does
   */
  public CompletableFuture<ProvisioningOutcome> outcome() {
    return outcome.thenApply(o -> o);
  }

  /**
   * Ends the run: no new call starts, calls already sent finish (their RequestIds are reported), the wait stops;
   * the outcome's reason is then {@link ProvisioningOutcome.EndReason#INTERRUPTED} unless the run had already ended.
   */
  public void stop() {
    stop.run();
  }

  /** @return the requests accepted (or adopted) so far, in the order they were */
  public List<SubmittedRequest> acceptedSoFar() {
    return acceptedSoFar.get();
  }

  /**
   * Blocks until the outcome; on interrupt stops the run, waits for its outcome and sets the flag again.
   *
   * @return the outcome
   */
  public ProvisioningOutcome awaitOutcome() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return outcome.get();
        } catch (InterruptedException e) {
          interrupted = true;
          stop();
        } catch (ExecutionException e) {
          throw new IllegalStateException("an outcome never fails", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops the run and waits for its outcome, at most {@code limit}.
   *
   * @param limit how long to wait for the calls in flight to end
   * @return the outcome, or null if it did not come in time
   * @throws NullPointerException if {@code limit} is null
   */
  public ProvisioningOutcome stopAndAwait(java.time.Duration limit) {
    Objects.requireNonNull(limit, "limit");
    stop();
    try {
      return outcome.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return outcome.getNow(null);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return outcome.getNow(null);
    }
  }
}
