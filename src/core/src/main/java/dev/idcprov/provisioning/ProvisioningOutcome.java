package dev.idcprov.provisioning;

import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestOutcome;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * How a provisioning run ended, whatever the path (success, FAILED, deadline, API error, interrupt, an unexpected
 * exception): every request AWS accepted for the run with its last known status, the planned targets never
 * submitted, those whose call got no answer, and the reason the run ended. Handed back by
 * {@link ProvisioningExecution#outcome()} once no call of the run is in flight any more, so nothing AWS accepted is
 * missing from it.
 *
 * <pre>{@code
 * ProvisioningOutcome o = provisioner.start(request, journal::accepted).awaitOutcome();
 * print(o.accepted(), o.notSubmitted(), o.reason());
 * ProvisioningReport report = o.reportOrThrow();
 * }</pre>
 */
public final class ProvisioningOutcome {

  /** Why the run ended. */
  public enum EndReason {
    /**
     * Every request SUCCEEDED, or every targeted account is provisioned: an {@code ALL_PROVISIONED_ACCOUNTS}
     * request of an update FAILED and each follow-up SUCCEEDED (the FAILED request is still in {@link #accepted()}
     * with its reason, and in {@link ProvisioningReport#followedUpFailures()}).
     */
    SUCCEEDED,
    /** Nothing was outdated: no provisioning call was made. */
    NOTHING_TO_DO,
    /** At least one request FAILED (other than a followed-up one, see {@link #SUCCEEDED}). */
    FAILED,
    /** The deadline passed first. */
    TIMED_OUT,
    /** An API call failed for good (a {@link SubmissionFailedException} when it was a provisioning call). */
    API_ERROR,
    /** The run was stopped: interrupted, cancelled, a signal, or its context closed. */
    INTERRUPTED,
    /** Anything else: a defect, reported rather than swallowed. */
    UNEXPECTED_ERROR
  }

  /** Last known status of an accepted request. */
  public enum LastStatus {
    /** Still running when the run ended (or not known to have ended): it goes on in AWS. */
    IN_PROGRESS,
    /** Read SUCCEEDED. */
    SUCCEEDED,
    /** Read FAILED. */
    FAILED
  }

  /**
   * One accepted request and its last known status.
   *
   * @param request       the request
   * @param status        its last known status
   * @param failureReason why it FAILED, else null
   */
  public record AcceptedRequest(SubmittedRequest request, LastStatus status, String failureReason) {
    /**
     * @param request       the request
     * @param status        its last known status
     * @param failureReason why it FAILED, else null
     * @throws NullPointerException if {@code request} or {@code status} is null
     */
    public AcceptedRequest {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(status, "status");
    }

    /**
     * @param request the request
     * @param outcome its terminal outcome, or null when none is known
     * @return the request with its last known status
     */
    public static AcceptedRequest of(SubmittedRequest request, RequestOutcome outcome) {
      if (outcome == null) {
        return new AcceptedRequest(request, LastStatus.IN_PROGRESS, null);
      }
      return outcome.status() == RequestOutcome.Status.FAILED
          ? new AcceptedRequest(request, LastStatus.FAILED, outcome.failureReason())
          : new AcceptedRequest(request, LastStatus.SUCCEEDED, null);
    }
  }

  private final EndReason reason;
  private final ProvisioningPlan plan;
  private final List<AcceptedRequest> accepted;
  private final List<PlannedTarget> notSubmitted;
  private final List<PlannedTarget> unresolved;
  private final ProvisioningReport report;
  private final Throwable error;

  /**
   * @param plan         the plan, or null when planning did not finish
   * @param accepted     every accepted (or adopted) request with its last known status, in plan order
   * @param notSubmitted planned targets never sent, or refused for sure
   * @param unresolved   planned targets whose last call got no answer and whose lookup could not run
   * @param report       the report when the run succeeded, else null
   * @param error        why the run failed, or null when it succeeded
   * @throws NullPointerException     if a list is null
   * @throws IllegalArgumentException if neither or both of {@code report} and {@code error} are given
   */
  public ProvisioningOutcome(ProvisioningPlan plan, List<AcceptedRequest> accepted, List<PlannedTarget> notSubmitted,
                             List<PlannedTarget> unresolved, ProvisioningReport report, Throwable error) {
    if ((report == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of report and error must be given");
    }
    this.plan = plan;
    this.accepted = List.copyOf(accepted);
    this.notSubmitted = List.copyOf(notSubmitted);
    this.unresolved = List.copyOf(unresolved);
    this.report = report;
    this.error = error;
    this.reason = reasonOf(report, error);
  }

  private static EndReason reasonOf(ProvisioningReport report, Throwable error) {
    if (error == null) {
      return report.nothingToDo() ? EndReason.NOTHING_TO_DO : EndReason.SUCCEEDED;
    }
    if (error instanceof ProvisioningFailedException) {
      return EndReason.FAILED;
    }
    if (error instanceof ProvisioningTimeoutException) {
      return EndReason.TIMED_OUT;
    }
    if (error instanceof AwsApiException) {
      return EndReason.API_ERROR;
    }
    if (error instanceof ProvisioningInterruptedException || error instanceof CancellationException) {
      return EndReason.INTERRUPTED;
    }
    return EndReason.UNEXPECTED_ERROR;
  }

  /** @return why the run ended */
  public EndReason reason() {
    return reason;
  }

  /** @return the plan; empty when planning did not finish */
  public Optional<ProvisioningPlan> plan() {
    return Optional.ofNullable(plan);
  }

  /** @return every request AWS accepted for the run (or the run adopted), in plan order, with its last status */
  public List<AcceptedRequest> accepted() {
    return accepted;
  }

  /**
   * Planned targets never submitted (or refused for sure): nothing runs for them. One kind of entry stands for
   * something else: an {@link PlannedTarget.Reason#ALL_OUTDATED} target (no account) of a set whose
   * {@code ALL_PROVISIONED_ACCOUNTS} request is in {@link #accepted()} with status FAILED. That request was sent and
   * FAILED; the entry names its per-account follow-ups (one request per account still outdated), none of which was
   * submitted because the run ended before the read of those accounts answered, when the plan had not listed them
   * ({@link ProvisioningPlan#coveredBy(String)} empty). When the plan listed them, the entries are those accounts,
   * as {@link PlannedTarget.Reason#FOLLOW_UP} targets. An ALL_OUTDATED entry of a set with no such accepted
   * request is that request itself, never sent.
   *
   * @return the planned targets never submitted
   */
  public List<PlannedTarget> notSubmitted() {
    return notSubmitted;
  }

  /**
   * @return planned targets whose last call got no answer and could not be looked up: a request may run for them;
   *         a rerun adopts it if it is still IN_PROGRESS
   */
  public List<PlannedTarget> unresolved() {
    return unresolved;
  }

  /** @return the report, when the run succeeded */
  public Optional<ProvisioningReport> report() {
    return Optional.ofNullable(report);
  }

  /** @return why the run failed; empty when it succeeded */
  public Optional<Throwable> error() {
    return Optional.ofNullable(error);
  }

  /**
   * @return the report
   * @throws RuntimeException the run's failure, as {@link PermissionSetProvisioner#provision(ProvisioningRequest)}
   *                          throws it
   */
  public ProvisioningReport reportOrThrow() {
    if (error == null) {
      return report;
    }
    if (error instanceof RuntimeException r) {
      throw r;
    }
    if (error instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(error);
  }

  @Override
  public String toString() {
    return "ProvisioningOutcome{" + reason + ", accepted=" + accepted.size() + ", notSubmitted="
        + notSubmitted.size() + ", unresolved=" + unresolved.size() + '}';
  }
}
