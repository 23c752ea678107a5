package dev.idcprov.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@code provision} and {@code wait} as printed on stdout: one row per request (tracked, and
 * resolved where the wait got that far), plus the counts and the wait's cost; a table in text mode, one JSON
 * document in json mode.
 */
final class ResultView {
  static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

  /** One request's line of the result. */
  record Row(String requestId, String permissionSetArn, String accountId, String targetType, String status,
             String failureReason, Instant createdDate) {
  }

  private final String command;
  private final String instanceArn;
  private String outcome;
  private ProvisioningPlan plan;
  private List<Row> rows = List.of();
  private WaitResult waitResult;
  private String region;
  private String endpointUrl;
  private List<String> followedUp = List.of();

  ResultView(String command, String instanceArn) {
    this.command = command;
    this.instanceArn = instanceArn;
  }

  ResultView outcome(String outcome) {
    this.outcome = outcome;
    return this;
  }

  /** Where the requests live, so that {@code wait -} can follow them without repeating the flags. */
  ResultView connection(String region, String endpointUrl) {
    this.region = region;
    this.endpointUrl = endpointUrl;
    return this;
  }

  /**
   * The FAILED ALL_PROVISIONED_ACCOUNTS requests of a run that still succeeded: every account they covered was
   * provisioned afterwards by per-account follow-ups that SUCCEEDED.
   */
  ResultView followedUp(List<String> requestIds) {
    this.followedUp = List.copyOf(requestIds);
    return this;
  }

  ResultView plan(ProvisioningPlan plan) {
    this.plan = plan;
    return this;
  }

  ResultView submitted(List<SubmittedRequest> submitted, WaitResult result) {
    return tracked(submitted.stream().map(SubmittedRequest::toTracked).toList(), result);
  }

  /** Rows for the tracked requests; those without an outcome in {@code result} (or all, when null) are IN_PROGRESS. */
  ResultView tracked(List<TrackedRequest> tracked, WaitResult result) {
    this.waitResult = result;
    List<Row> list = new ArrayList<>();
    for (TrackedRequest t : tracked) {
      Optional<RequestOutcome> o = result == null ? Optional.empty() : result.outcome(t.requestId());
      String account = o.map(RequestOutcome::accountId).orElse(null);
      String ps = o.map(RequestOutcome::permissionSetArn).orElse(null);
      Instant created = o.map(RequestOutcome::createdDate).orElse(null);
      String accountId = account != null ? account : t.accountId();
      // A tracked request with a permission set but no account is an ALL_PROVISIONED_ACCOUNTS submission; with
      // neither, the caller gave a bare RequestId and the target type is unknown.
      String targetType = accountId != null ? "AWS_ACCOUNT"
          : t.permissionSetArn() != null ? "ALL_PROVISIONED_ACCOUNTS" : null;
      list.add(new Row(t.requestId(), ps != null ? ps : t.permissionSetArn(), accountId, targetType,
          o.map(x -> x.status().name()).orElse("IN_PROGRESS"),
          o.map(RequestOutcome::failureReason).orElse(null),
          created != null ? created : t.createdDate()));
    }
    this.rows = list;
    return this;
  }

  List<String> pendingRequestIds() {
    return rows.stream().filter(r -> r.status().equals("IN_PROGRESS")).map(Row::requestId).toList();
  }

  void print(Rendering rendering, PrintWriter out) {
    rendering.print(GSON.toJsonTree(toJson()), this::printText, out);
  }

  /** Prints a plan ({@code --dry-run}, nothing to do): the plan table in text, the document otherwise. */
  void printPlan(Rendering rendering, PrintWriter out) {
    rendering.print(GSON.toJsonTree(toJson()), o -> printPlanText(plan, o), out);
  }

  Map<String, Object> toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", command);
    doc.put("instanceArn", instanceArn);
    doc.put("region", region);
    doc.put("endpointUrl", endpointUrl);
    doc.put("outcome", outcome);
    if (plan != null) {
      doc.put("plan", planJson(plan));
    }
    List<Map<String, Object>> requests = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requestId", r.requestId());
      m.put("permissionSetArn", r.permissionSetArn());
      m.put("accountId", r.accountId());
      m.put("targetType", r.targetType());
      m.put("status", r.status());
      m.put("failureReason", r.failureReason());
      m.put("createdDate", r.createdDate() == null ? null : r.createdDate().toString());
      List<String> covered = covered(r);
      if (!covered.isEmpty()) {
        // the outdated accounts this ALL_PROVISIONED_ACCOUNTS update stands for
        m.put("coveredAccounts", covered);
      }
      requests.add(m);
    }
    doc.put("requests", requests);
    if (!followedUp.isEmpty()) {
      // FAILED ALL_PROVISIONED_ACCOUNTS requests whose accounts the follow-ups provisioned: the run still succeeded
      doc.put("followedUpRequestIds", followedUp);
    }
    doc.put("counts", counts());
    doc.put("pendingRequestIds", pendingRequestIds());
    doc.put("pollRounds", waitResult == null ? 0 : waitResult.pollRounds());
    doc.put("apiCalls", waitResult == null ? 0 : waitResult.totalApiCalls());
    doc.put("apiCallsByOperation", waitResult == null ? Map.of() : waitResult.apiCalls());
    doc.put("elapsed", waitResult == null ? null : waitResult.elapsed().toString());
    doc.put("elapsedMillis", waitResult == null ? null : waitResult.elapsed().toMillis());
    return doc;
  }

  /** The accounts an ALL_PROVISIONED_ACCOUNTS row of the plan's collapsed update covers; empty for other rows. */
  private List<String> covered(Row r) {
    return plan == null || r.accountId() != null || !"ALL_PROVISIONED_ACCOUNTS".equals(r.targetType())
        || r.permissionSetArn() == null ? List.of() : plan.coveredBy(r.permissionSetArn());
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> c = new LinkedHashMap<>();
    c.put("total", rows.size());
    c.put("succeeded", (int) rows.stream().filter(r -> r.status().equals("SUCCEEDED")).count());
    c.put("failed", (int) rows.stream().filter(r -> r.status().equals("FAILED")).count());
    c.put("inProgress", (int) rows.stream().filter(r -> r.status().equals("IN_PROGRESS")).count());
    return c;
  }

  static Map<String, Object> planJson(ProvisioningPlan plan) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("summary", plan.summary());
    List<Map<String, Object>> targets = new ArrayList<>();
    for (PlannedTarget t : plan.targets()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("permissionSetArn", t.permissionSetArn());
      m.put("accountId", t.accountId());
      m.put("targetType", t.targetType());
      m.put("reason", t.reason().name());
      targets.add(m);
    }
    p.put("targets", targets);
    p.put("upToDate", plan.upToDate());
    if (!plan.covered().isEmpty()) {
      // per set updated by one ALL_PROVISIONED_ACCOUNTS request, the outdated accounts it stands for
      p.put("covered", plan.covered());
    }
    return p;
  }

  private void printText(PrintWriter out) {
    if (!rows.isEmpty()) {
      TextTable table = new TextTable("REQUEST ID", "STATUS", "ACCOUNT", "PERMISSION SET", "CREATED",
          "FAILURE REASON");
      for (Row r : rows) {
        table.row(r.requestId(), r.status(), r.accountId() == null && "ALL_PROVISIONED_ACCOUNTS".equals(
            r.targetType()) ? "(all provisioned)" : r.accountId(), r.permissionSetArn(), r.createdDate(),
            r.failureReason());
      }
      table.print(out);
      for (Row r : rows) {
        List<String> covered = covered(r);
        if (!covered.isEmpty()) {
          out.println("request " + r.requestId() + " (ALL_PROVISIONED_ACCOUNTS) covers the " + covered.size()
              + " outdated account(s) of " + r.permissionSetArn() + ": " + String.join(", ", covered));
        }
      }
    }
    Map<String, Integer> c = counts();
    StringBuilder sb = new StringBuilder().append(outcome).append(": ").append(c.get("succeeded"))
        .append(" succeeded, ").append(c.get("failed")).append(" failed, ").append(c.get("inProgress"))
        .append(" in progress");
    if (waitResult != null) {
      sb.append("; ").append(waitResult.pollRounds()).append(" poll round(s), ").append(waitResult.totalApiCalls())
          .append(" API call(s) while waiting, ").append(Durations.format(waitResult.elapsed()));
    }
    out.println(sb);
    if (!followedUp.isEmpty()) {
      out.println("FAILED ALL_PROVISIONED_ACCOUNTS request(s) " + String.join(", ", followedUp) + ": every account"
          + " covered is provisioned, by the request or by a per-account follow-up that SUCCEEDED");
    }
  }

  static void printPlanText(ProvisioningPlan plan, PrintWriter out) {
    if (!plan.targets().isEmpty()) {
      TextTable table = new TextTable("PERMISSION SET", "ACCOUNT", "TARGET TYPE", "REASON");
      for (PlannedTarget t : plan.targets()) {
        table.row(t.permissionSetArn(), t.accountId() == null ? "(all provisioned)" : t.accountId(),
            t.targetType(), t.reason());
      }
      table.print(out);
    }
    for (PlannedTarget t : plan.targets()) {
      if (t.reason() == PlannedTarget.Reason.ALL_OUTDATED) {
        List<String> accounts = plan.coveredBy(t.permissionSetArn());
        out.println("one ALL_PROVISIONED_ACCOUNTS request updates " + (accounts.isEmpty()
            ? "every account of " + t.permissionSetArn() + " (none is up to date; not listed)"
            : "the " + accounts.size() + " outdated account(s) of " + t.permissionSetArn()
            + " (every account it is provisioned to)"));
      }
    }
    plan.upToDate().forEach((ps, accounts) -> {
      if (!accounts.isEmpty()) {
        out.println("up to date for " + ps + ": " + String.join(", ", accounts));
      }
    });
    out.println("plan: " + plan.summary());
    out.flush();
  }
}
