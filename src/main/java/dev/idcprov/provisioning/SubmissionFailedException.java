package dev.idcprov.provisioning;

import dev.idcprov.waiter.AwsApiException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code ProvisionPermissionSet} call failed for good (for example a ConflictException that outlived its
 * bounded retries) after other calls of the same run had been accepted. It is an {@link AwsApiException} of the
 * failed call's kind, and also lists the requests AWS had already accepted: they go on in AWS, so nothing is
 * lost silently; wait for them with their RequestIds.
 */
public class SubmissionFailedException extends AwsApiException {
  private static final long serialVersionUID = 1L;

  private final transient List<SubmittedRequest> accepted;

  /**
   * @param failure  the failed call
   * @param accepted the requests accepted before and beside it, in plan order
   */
  public SubmissionFailedException(AwsApiException failure, List<SubmittedRequest> accepted) {
    super(failure.kind(), failure.operation(), failure.errorCode(), failure.statusCode(), failure.awsMessage(),
        failure.attempts(), failure.hint() + acceptedText(accepted), failure.getCause());
    this.accepted = List.copyOf(accepted);
  }

  /** @return the requests AWS accepted before the failure, in plan order; they go on in AWS */
  public List<SubmittedRequest> accepted() {
    return accepted;
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
