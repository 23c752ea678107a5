package dev.idcprov.provisioning;

import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.WaitResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@code ProvisionPermissionSet} call failed for good (for example a ConflictException that outlived its
 * bounded retries) after other calls of the same run had been accepted. It is an {@link AwsApiException} of the
 * failed call's kind, and also lists the requests AWS had already accepted: they go on in AWS, so nothing is
 * lost silently.
 *
 * <p>Thrown by {@link PermissionSetProvisioner#provision} / {@code provisionAsync} only once the accepted requests
 * have been waited for (the wait that was running during submission is sealed with them): then
 * {@link #acceptedOutcomes()} carries their final statuses, and the message counts them. Thrown by
 * {@link PermissionSetProvisioner#submit} at once, without outcomes: wait for them with their RequestIds.
 */
public class SubmissionFailedException extends AwsApiException {
  private static final long serialVersionUID = 1L;

  private final transient List<SubmittedRequest> accepted;
  private final transient WaitResult acceptedOutcomes;

  /**
   * @param failure  the failed call
   * @param accepted the requests accepted before and beside it, in plan order
   */
  public SubmissionFailedException(AwsApiException failure, List<SubmittedRequest> accepted) {
    super(failure.kind(), failure.operation(), failure.errorCode(), failure.statusCode(), failure.awsMessage(),
        failure.attempts(), failure.hint() + acceptedText(accepted), failure.getCause());
    this.accepted = List.copyOf(accepted);
    this.acceptedOutcomes = null;
  }

  /**
   * The same failure, once its accepted requests have been waited for.
   *
   * @param failure  the failure as the submission raised it
   * @param outcomes what the wait for the accepted requests found (complete, or partial when that wait ended
   *                 early, for example at its deadline)
   * @throws NullPointerException if an argument is null
   */
  public SubmissionFailedException(SubmissionFailedException failure, WaitResult outcomes) {
    super(failure.kind(), failure.operation(), failure.errorCode(), failure.statusCode(), failure.awsMessage(),
        failure.attempts(), failure.hint() + outcomeText(failure.accepted, Objects.requireNonNull(outcomes,
            "outcomes")), failure.getCause());
    this.accepted = failure.accepted;
    this.acceptedOutcomes = outcomes;
  }

  /**
   * @return the final statuses of the {@link #accepted()} requests, when the provisioner waited for them before
   *         throwing (empty from {@link PermissionSetProvisioner#submit})
   */
  public Optional<WaitResult> acceptedOutcomes() {
    return Optional.ofNullable(acceptedOutcomes);
  }

  /** @return the requests AWS accepted before the failure, in plan order; they go on in AWS */
  public List<SubmittedRequest> accepted() {
    return accepted;
  }

  private static String outcomeText(List<SubmittedRequest> accepted, WaitResult r) {
    if (accepted.isEmpty()) {
      return "";
    }
    int pending = accepted.size() - r.outcomes().size();
    StringBuilder b = new StringBuilder(". Waited for them: ").append(r.succeeded().size()).append(" SUCCEEDED, ")
        .append(r.failed().size()).append(" FAILED");
    if (pending > 0) {
      b.append(", ").append(pending).append(" still in progress when the wait ended");
    }
    r.failed().forEach(f -> b.append("; FAILED ").append(f.requestId()).append(" (").append(f.accountId())
        .append("): ").append(f.failureReason()));
    return b.toString();
  }

  private static String acceptedText(List<SubmittedRequest> accepted) {
    if (accepted.isEmpty()) {
      return ". No provisioning request was accepted";
    }
    return ". " + accepted.size() + " provisioning request(s) were accepted and go on in AWS (wait for them with "
        + "these RequestIds): " + accepted.stream().map(r -> r.requestId() + " (" + r.target().permissionSetArn()
        + " -> " + (r.target().accountId() == null ? "all provisioned accounts" : r.target().accountId()) + ")")
        .collect(Collectors.joining(", "));
  }
}
