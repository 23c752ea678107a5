package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.SubmittedRequest;
import java.util.List;

/**
 * The component's journal of what AWS accepted: one line per request the moment AWS accepts it (or the run adopts
 * one already IN_PROGRESS), and, on every end path, every accepted request with its last known status and the
 * planned targets never submitted. Nothing is left out, however long the list: a request AWS accepted goes on in
 * AWS whatever the deployment's fate, and the person running {@code pulumi up} must be able to find it.
 */
final class RunJournal {
  private RunJournal() {
  }

  /**
   * @param instanceArn the instance
   * @param request     the request AWS accepted, or the run adopted
   * @return the line logged the moment it is accepted
   */
  static String accepted(String instanceArn, SubmittedRequest request) {
    return "accepted: request " + request.requestId() + ", permission set " + request.target().permissionSetArn()
        + " -> account " + RunOutcome.accountOf(request.target()) + ", instance " + instanceArn
        + (request.adopted() ? " (adopted: it was already IN_PROGRESS for this target)" : "");
  }

  /**
   * @param outcome how the run ended
   * @return the end report: the reason, then one line per accepted request (last status) and per target never
   *         submitted or left unresolved
   */
  static String ended(ProvisioningOutcome outcome) {
    StringBuilder sb = new StringBuilder("run ended ").append(outcome.reason()).append(": ")
        .append(outcome.accepted().size()).append(" accepted request(s), ")
        .append(outcome.notSubmitted().size()).append(" planned target(s) not submitted");
    if (!outcome.unresolved().isEmpty()) {
      sb.append(", ").append(outcome.unresolved().size()).append(" unresolved");
    }
    for (ProvisioningOutcome.AcceptedRequest a : outcome.accepted()) {
      sb.append("\n  request ").append(a.request().requestId()).append(' ').append(a.status())
          .append(": permission set ").append(a.request().target().permissionSetArn()).append(" -> account ")
          .append(RunOutcome.accountOf(a.request().target()));
      if (a.failureReason() != null) {
        sb.append(" (").append(a.failureReason()).append(')');
      }
    }
    appendTargets(sb, "not submitted (nothing runs for it)", outcome.notSubmitted());
    appendTargets(sb, "unresolved (its call got no answer; a request may run for it, a rerun adopts it)",
        outcome.unresolved());
    return sb.toString();
  }

  /**
   * @param accepted the requests accepted so far, when the run did not hand back its outcome in time
   * @return one line per request, its status not known
   */
  static String acceptedSoFar(List<SubmittedRequest> accepted) {
    StringBuilder sb = new StringBuilder().append(accepted.size()).append(" request(s) accepted so far");
    for (SubmittedRequest r : accepted) {
      sb.append("\n  request ").append(r.requestId()).append(" status unknown: permission set ")
          .append(r.target().permissionSetArn()).append(" -> account ").append(RunOutcome.accountOf(r.target()));
    }
    return sb.toString();
  }

  private static void appendTargets(StringBuilder sb, String label, List<PlannedTarget> targets) {
    for (PlannedTarget t : targets) {
      sb.append("\n  ").append(label).append(": permission set ").append(t.permissionSetArn()).append(" -> account ")
          .append(RunOutcome.accountOf(t));
    }
  }
}
