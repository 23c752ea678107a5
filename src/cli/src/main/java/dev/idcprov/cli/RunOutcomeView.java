package dev.idcprov.cli;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full result of a {@code provision} run on stdout, whatever ended it (success, FAILED, deadline, API error,
 * SIGTERM/SIGINT): the {@link ResultView} of every accepted request with its last known status, plus the planned
 * targets never submitted, those whose call got no answer ({@code unresolved}), and the reason the run ended.
 */
final class RunOutcomeView {
  /** The longest error message printed in the JSON document. */
  static final int MAX_ERROR = 4000;

  private RunOutcomeView() {
  }

  /** Prints the outcome of a waiting run. */
  static void print(ResultView view, ProvisioningOutcome o, Rendering rendering, PrintWriter out) {
    List<SubmittedRequest> accepted = new ArrayList<>();
    List<RequestOutcome> known = new ArrayList<>();
    for (ProvisioningOutcome.AcceptedRequest a : o.accepted()) {
      accepted.add(a.request());
      if (a.status() != ProvisioningOutcome.LastStatus.IN_PROGRESS) {
        known.add(new RequestOutcome(a.request().requestId(), a.status() == ProvisioningOutcome.LastStatus.FAILED
            ? RequestOutcome.Status.FAILED : RequestOutcome.Status.SUCCEEDED, a.failureReason(),
            a.request().target().accountId(), a.request().target().permissionSetArn(), a.request().createdDate()));
      }
    }
    WaitResult wait = o.report().flatMap(r -> r.waitResult()).orElse(null);
    if (wait == null) {
      wait = new WaitResult(known, 0, Map.of(), java.time.Duration.ZERO);
    }
    List<String> followedUp = o.report().map(r -> r.followedUpFailures().stream().map(RequestOutcome::requestId)
        .toList()).orElse(List.of());
    print(view.outcome(o.reason().name()).submitted(dedupe(accepted), wait).followedUp(followedUp),
        o.reason().name(), o.notSubmitted(), o.unresolved(), o.error().map(Throwable::getMessage).orElse(null),
        failedCollapsed(o), rendering, out);
  }

  /**
   * Per permission set, the RequestId of its ALL_PROVISIONED_ACCOUNTS update
   * ({@link PlannedTarget.Reason#ALL_OUTDATED}) that FAILED: a not-submitted ALL_OUTDATED target of such a set
   * names the request's follow-ups, not the request ({@link ProvisioningOutcome#notSubmitted()}).
   */
  private static Map<String, String> failedCollapsed(ProvisioningOutcome o) {
    Map<String, String> failed = new LinkedHashMap<>();
    for (ProvisioningOutcome.AcceptedRequest a : o.accepted()) {
      PlannedTarget t = a.request().target();
      if (t.reason() == PlannedTarget.Reason.ALL_OUTDATED && a.status() == ProvisioningOutcome.LastStatus.FAILED) {
        failed.putIfAbsent(t.permissionSetArn(), a.request().requestId());
      }
    }
    return failed;
  }

  /**
   * Prints a view with the targets never submitted and the reason the run ended: the command's own text layout
   * followed by those targets, or its JSON document (with {@code endReason}, {@code error}, {@code notSubmitted} and
   * {@code unresolved}) through {@code --query} and the chosen format.
   */
  static void print(ResultView view, String endReason, List<PlannedTarget> notSubmitted,
                    List<PlannedTarget> unresolved, String error, Rendering rendering, PrintWriter out) {
    print(view, endReason, notSubmitted, unresolved, error, Map.of(), rendering, out);
  }

  /**
   * As {@link #print(ResultView, String, List, List, String, Rendering, PrintWriter)}, knowing per permission set the
   * FAILED ALL_PROVISIONED_ACCOUNTS update whose follow-ups a not-submitted ALL_OUTDATED target stands for (its
   * JSON entry gets {@code followUpsOf}, that RequestId).
   */
  static void print(ResultView view, String endReason, List<PlannedTarget> notSubmitted,
                    List<PlannedTarget> unresolved, String error, Map<String, String> failedCollapsed,
                    Rendering rendering, PrintWriter out) {
    Map<String, Object> doc = new LinkedHashMap<>(view.toJson());
    doc.put("endReason", endReason);
    doc.put("error", error == null ? null : truncate(error));
    doc.put("notSubmitted", targets(notSubmitted, failedCollapsed));
    doc.put("unresolved", targets(unresolved, Map.of()));
    rendering.print(ResultView.GSON.toJsonTree(doc), o -> {
      view.print(rendering, o);
      line(o, "not submitted", notSubmitted, failedCollapsed);
      line(o, "unresolved (no answer: a request may run; a rerun adopts it)", unresolved, Map.of());
    }, out);
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "... (" + (s.length() - MAX_ERROR)
        + " more characters)";
  }

  /** An ALL_PROVISIONED_ACCOUNTS request adopted for several targets is one row. */
  private static List<SubmittedRequest> dedupe(List<SubmittedRequest> accepted) {
    Map<String, SubmittedRequest> byId = new LinkedHashMap<>();
    accepted.forEach(r -> byId.putIfAbsent(r.requestId(), r));
    return List.copyOf(byId.values());
  }

  private static void line(PrintWriter out, String what, List<PlannedTarget> targets,
                           Map<String, String> failedCollapsed) {
    if (targets.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder(what).append(": ").append(targets.size()).append(" target(s)");
    for (PlannedTarget t : targets) {
      b.append("\n  ").append(t.permissionSetArn()).append(" -> ");
      String followed = followUpsOf(t, failedCollapsed);
      if (followed != null) {
        b.append("(follow-ups of the FAILED ALL_PROVISIONED_ACCOUNTS request ").append(followed)
            .append(" not submitted; the request itself was sent)");
      } else {
        b.append(t.accountId() == null ? "(all provisioned)" : t.accountId());
      }
    }
    out.println(b);
  }

  /** The FAILED request whose follow-ups a not-submitted target stands for, or null when it stands for itself. */
  private static String followUpsOf(PlannedTarget t, Map<String, String> failedCollapsed) {
    return t.reason() == PlannedTarget.Reason.ALL_OUTDATED ? failedCollapsed.get(t.permissionSetArn()) : null;
  }

  private static List<Map<String, Object>> targets(List<PlannedTarget> targets, Map<String, String> failedCollapsed) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (PlannedTarget t : targets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("permissionSetArn", t.permissionSetArn());
      m.put("accountId", t.accountId());
      m.put("targetType", t.targetType());
      m.put("reason", t.reason().name());
      String followed = followUpsOf(t, failedCollapsed);
      if (followed != null) {
        m.put("followUpsOf", followed);
      }
      list.add(m);
    }
    return list;
  }
}
