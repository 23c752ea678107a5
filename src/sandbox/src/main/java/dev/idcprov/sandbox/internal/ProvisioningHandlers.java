package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Provisioning and what it leaves behind: {@code ProvisionPermissionSet}, Describe/List provisioning status, and the
 * two views of where sets are provisioned ({@code ListAccountsForProvisionedPermissionSet},
 * {@code ListPermissionSetsProvisionedToAccount}). Also the status listing that the assignment status operations share.
 * Handlers run under the state's lock.
 */
final class ProvisioningHandlers {
  static final String PROVISIONED = "LATEST_PERMISSION_SET_PROVISIONED";
  static final String NOT_PROVISIONED = "LATEST_PERMISSION_SET_NOT_PROVISIONED";

  private final SandboxState state;
  private final OperationScheduler scheduler;

  ProvisioningHandlers(SandboxState state, OperationScheduler scheduler) {
    this.state = state;
    this.scheduler = scheduler;
  }

  void registerWith(Routes routes) {
    routes.add("ProvisionPermissionSet", this::provisionPermissionSet);
    routes.add("ListPermissionSetProvisioningStatus",
        req -> listStatuses(state, req, state.provisioning, "PermissionSetsProvisioningStatus"));
    routes.add("DescribePermissionSetProvisioningStatus", this::describeProvisioningStatus);
    routes.add("ListAccountsForProvisionedPermissionSet", this::listAccountsForProvisionedPermissionSet);
    routes.add("ListPermissionSetsProvisionedToAccount", this::listPermissionSetsProvisionedToAccount);
  }

  private JsonObject provisionPermissionSet(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    String targetType = req.enumOf("TargetType", true, "AWS_ACCOUNT", "ALL_PROVISIONED_ACCOUNTS");
    String targetId = req.str("TargetId", Shape.ACCOUNT_ID, false);
    List<String> covered;
    if (targetType.equals("AWS_ACCOUNT")) {
      if (targetId == null) {
        throw AwsError.validation("TargetId is required when TargetType is AWS_ACCOUNT.");
      }
      covered = List.of(targetId);
    } else {
      if (targetId != null) {
        throw AwsError.validation("TargetId must not be specified when TargetType is ALL_PROVISIONED_ACCOUNTS.");
      }
      covered = state.provisionedAccounts(ps.arn).entrySet().stream()
          .filter(e -> e.getValue().now() != null)
          .map(Map.Entry::getKey)
          .sorted(Comparator.comparingInt(state::accountOrder))
          .toList();
    }
    scheduler.checkNoConflict(ps.arn, covered);
    AsyncRequest op = new AsyncRequest(AsyncRequest.Kind.PROVISION, state.uuid(), state.nextSequence(), ps.arn,
        targetType, targetType.equals("AWS_ACCOUNT") ? targetId : null, covered, ps.version, state.now(), null, null);
    state.provisioning.put(op.id, op);
    scheduler.schedule(op);
    return Replies.single("PermissionSetProvisioningStatus", op.provisioningJson());
  }

  private JsonObject describeProvisioningStatus(Req req) {
    state.checkInstance(req);
    String id = req.str("ProvisionPermissionSetRequestId", Shape.UUID, true);
    AsyncRequest op = state.provisioning.get(id);
    if (op == null) {
      throw AwsError.notFound("Could not find provisioning request with id " + id);
    }
    return Replies.single("PermissionSetProvisioningStatus", op.provisioningJson());
  }

  /**
   * Answers a List*Status operation: the requests of {@code ops} with their status as of the list cutoff, optionally
   * filtered by {@code Filter.Status}, paged in submission order.
   */
  static JsonObject listStatuses(SandboxState state, Req req, Map<String, AsyncRequest> ops, String member) {
    state.checkInstance(req);
    JsonObject filter = req.obj("Filter", false);
    String status = filter == null ? null : Req.enumOf(filter, "Status", "filter.status", false,
        AsyncRequest.IN_PROGRESS, AsyncRequest.FAILED, AsyncRequest.SUCCEEDED);
    Instant cutoff = state.listCutoff();
    List<Visible> visible = new ArrayList<>();
    for (AsyncRequest op : ops.values()) {
      String s = op.status.at(cutoff);
      if (s != null && (status == null || status.equals(s))) {
        visible.add(new Visible(op, s));
      }
    }
    PageTokens.Page<Visible> page = state.tokens.page(req, visible, v -> SandboxState.key(v.op().seq));
    return Replies.page(member, page, v -> {
      JsonObject o = new JsonObject();
      o.addProperty("Status", v.status());
      o.addProperty("RequestId", v.op().id);
      o.addProperty("CreatedDate", Replies.epochSeconds(v.op().createdAt));
      return o;
    });
  }

  /** A request and its status as a list call sees it. */
  private record Visible(AsyncRequest op, String status) {}

  private JsonObject listAccountsForProvisionedPermissionSet(Req req) {
    PermissionSet ps = state.permissionSet(req);
    String filter = req.enumOf("ProvisioningStatus", false, PROVISIONED, NOT_PROVISIONED);
    Instant cutoff = state.listCutoff();
    Integer latest = ps.versions.at(cutoff);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Timeline<Integer>> e : state.provisionedAccounts(ps.arn).entrySet()) {
      Integer v = e.getValue().at(cutoff);
      if (v != null && matches(filter, v.equals(latest))) {
        out.add(e.getKey());
      }
    }
    out.sort(Comparator.comparing(state::accountKey));
    PageTokens.Page<String> page = state.tokens.page(req, out, state::accountKey);
    return Replies.page("AccountIds", page, JsonPrimitive::new);
  }

  private JsonObject listPermissionSetsProvisionedToAccount(Req req) {
    state.checkInstance(req);
    String account = req.str("AccountId", Shape.ACCOUNT_ID, true);
    String filter = req.enumOf("ProvisioningStatus", false, PROVISIONED, NOT_PROVISIONED);
    Instant cutoff = state.listCutoff();
    List<PermissionSet> out = new ArrayList<>();
    for (PermissionSet ps : state.permissionSets.values()) {
      if (!ps.visibleAt(cutoff)) {
        continue;
      }
      Timeline<Integer> tl = state.provisionedAccounts(ps.arn).get(account);
      Integer v = tl == null ? null : tl.at(cutoff);
      if (v != null && matches(filter, v.equals(ps.versions.at(cutoff)))) {
        out.add(ps);
      }
    }
    PageTokens.Page<PermissionSet> page = state.tokens.page(req, out, p -> SandboxState.key(p.seq));
    return Replies.page("PermissionSets", page, p -> new JsonPrimitive(p.arn));
  }

  private static boolean matches(String filter, boolean latest) {
    return filter == null || filter.equals(latest ? PROVISIONED : NOT_PROVISIONED);
  }
}
