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
        rendering, out);
  }

  /**
   * Prints a view with the targets never submitted and the reason the run ended: the command's own text layout
   * followed by those targets, or its JSON document (with {@code endReason}, {@code error}, {@code notSubmitted} and
   * {@code unresolved}) through {@code --query} and the chosen format.
   */
  static void print(ResultView view, String endReason, List<PlannedTarget> notSubmitted,
                    List<PlannedTarget> unresolved, String error, Rendering rendering, PrintWriter out) {
    Map<String, Object> doc = new LinkedHashMap<>(view.toJson());
    doc.put("endReason", endReason);
    doc.put("error", error == null ? null : truncate(error));
    doc.put("notSubmitted", targets(notSubmitted));
    doc.put("unresolved", targets(unresolved));
    rendering.print(ResultView.GSON.toJsonTree(doc), o -> {
      view.print(rendering, o);
      line(o, "not submitted", notSubmitted);
      line(o, "unresolved (no answer: a request may run; a rerun adopts it)", unresolved);
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

  private static void line(PrintWriter out, String what, List<PlannedTarget> targets) {
    if (targets.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder(what).append(": ").append(targets.size()).append(" target(s)");
    for (PlannedTarget t : targets) {
      b.append("\n  ").append(t.permissionSetArn()).append(" -> ")
          .append(t.accountId() == null ? "(all provisioned)" : t.accountId());
    }
    out.println(b);
  }

  private static List<Map<String, Object>> targets(List<PlannedTarget> targets) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (PlannedTarget t : targets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("permissionSetArn", t.permissionSetArn());
      m.put("accountId", t.accountId());
      m.put("targetType", t.targetType());
      m.put("reason", t.reason().name());
      list.add(m);
    }
    return list;
  }
}
