package dev.idcprov.waiter;

import java.util.List;
import java.util.Objects;

/**
 * Every request left IN_PROGRESS, and at least one of them FAILED. Carries the full {@link WaitResult}
 * (successes included) and lists each failed request, with its account, permission set and AWS
 * {@code FailureReason}, one per line in the message.
 */
public class ProvisioningFailedException extends ProvisioningException {
  private static final long serialVersionUID = 1L;

  private final transient WaitResult result;

  /**
   * @param result the full result; must contain at least one FAILED outcome
   * @throws NullPointerException     if {@code result} is null
   * @throws IllegalArgumentException if {@code result} has no FAILED outcome
   */
  public ProvisioningFailedException(WaitResult result) {
    super(message(result), null);
    this.result = result;
  }

  /** @return the full result of the wait, successes included */
  public WaitResult result() {
    return result;
  }

  /** @return the FAILED outcomes, in request order */
  public List<RequestOutcome> failures() {
    return result.failed();
  }

  private static String message(WaitResult result) {
    Objects.requireNonNull(result, "result");
    List<RequestOutcome> failed = result.failed();
    if (failed.isEmpty()) {
      throw new IllegalArgumentException("a ProvisioningFailedException needs at least one FAILED outcome");
    }
    StringBuilder sb = new StringBuilder()
        .append(failed.size()).append(" of ").append(result.outcomes().size())
        .append(" permission set provisioning request(s) FAILED:");
    for (RequestOutcome o : failed) {
      sb.append("\n  - permission set ").append(orUnknown(o.permissionSetArn()))
          .append(" -> account ").append(orUnknown(o.accountId()))
          .append(" (request ").append(o.requestId()).append("): ").append(o.failureReason())
          .append("\n    check: ").append(FailureHints.hintFor(o.failureReason()));
    }
    return sb.toString();
  }

  private static String orUnknown(String s) {
    return s == null ? "(unknown)" : s;
  }
}
