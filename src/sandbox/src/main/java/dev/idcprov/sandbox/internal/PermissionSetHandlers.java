package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instance and its permission sets: {@code ListInstances} and Create/Describe/Update/Delete/List permission sets.
 * Handlers run under the state's lock.
 */
final class PermissionSetHandlers {
  private final SandboxState state;
  private final OperationScheduler scheduler;

  PermissionSetHandlers(SandboxState state, OperationScheduler scheduler) {
    this.state = state;
    this.scheduler = scheduler;
  }

  void registerWith(Routes routes) {
    routes.add("ListInstances", this::listInstances);
    routes.add("CreatePermissionSet", this::createPermissionSet);
    routes.add("DescribePermissionSet", this::describePermissionSet);
    routes.add("UpdatePermissionSet", this::updatePermissionSet);
    routes.add("DeletePermissionSet", this::deletePermissionSet);
    routes.add("ListPermissionSets", this::listPermissionSets);
  }

  private JsonObject listInstances(Req req) {
    List<JsonObject> instances = new ArrayList<>();
    instances.add(InstanceHandlers.organizationInstance(state));
    state.accountInstances.values().forEach(i -> instances.add(InstanceHandlers.accountInstance(state, i)));
    PageTokens.Page<JsonObject> page = state.tokens.page(req, instances,
        i -> (i.get("InstanceArn").getAsString().equals(state.seed.instanceArn()) ? "0" : "1")
            + i.get("InstanceArn").getAsString());
    return Replies.page("Instances", page, i -> i);
  }

  private JsonObject createPermissionSet(Req req) {
    state.checkInstance(req);
    String name = req.str("Name", Shape.PERMISSION_SET_NAME, true);
    String description = req.str("Description", Shape.DESCRIPTION, false);
    String session = checkSessionDuration(req.str("SessionDuration", Shape.DURATION, false));
    String relay = req.str("RelayState", Shape.RELAY_STATE, false);
    Map<String, String> tags = TagHandlers.tags(req, "Tags", false);
    for (PermissionSet p : state.permissionSets.values()) {
      if (p.deletedAt == null && p.name.equals(name)) {
        throw AwsError.conflict("PermissionSet with name " + name + " already exists.");
      }
    }
    long live = state.permissionSets.values().stream().filter(p -> p.deletedAt == null).count();
    if (live >= state.permissionSetQuota) {
      throw AwsError.quota("The instance already has " + live + " permission sets, the maximum allowed in IAM "
          + "Identity Center (" + state.permissionSetQuota + ").");
    }
    String arn = "arn:aws:sso:::permissionSet/" + state.instanceId + "/ps-" + state.hex16();
    PermissionSet ps = new PermissionSet(arn, name, state.nextSequence(), state.now());
    ps.description = description;
    ps.sessionDuration = session == null ? "PT1H" : session;
    ps.relayState = relay;
    if (tags != null) {
      ps.tags.putAll(tags);
    }
    state.permissionSets.put(arn, ps);
    return Replies.single("PermissionSet", ps.toJson());
  }

  private JsonObject describePermissionSet(Req req) {
    return Replies.single("PermissionSet", state.permissionSet(req).toJson());
  }

  private JsonObject updatePermissionSet(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    String description = req.str("Description", Shape.DESCRIPTION, false);
    String session = checkSessionDuration(req.str("SessionDuration", Shape.DURATION, false));
    String relay = req.str("RelayState", Shape.RELAY_STATE, false);
    if (description != null) {
      ps.description = description;
    }
    if (session != null) {
      ps.sessionDuration = session;
    }
    if (relay != null) {
      ps.relayState = relay;
    }
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject deletePermissionSet(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    long provisionedTo = state.provisionedAccounts(ps.arn).values().stream().filter(t -> t.now() != null).count();
    boolean busy = scheduler.busy(ps.arn);
    boolean assigned = state.assignments.values().stream()
        .anyMatch(a -> a.permissionSetArn.equals(ps.arn) && a.presentNow());
    if (busy) {
      throw AwsError.conflict("The permission set " + ps.arn + " has a provisioning or account assignment "
          + "operation in progress; retry after it completes.");
    }
    if (provisionedTo > 0 || assigned) {
      throw AwsError.conflict("The permission set " + ps.arn + " is provisioned to " + provisionedTo
          + " account(s). Delete its account assignments before deleting the permission set.");
    }
    ps.deletedAt = state.now();
    return new JsonObject();
  }

  private JsonObject listPermissionSets(Req req) {
    state.checkInstance(req);
    Instant cutoff = state.listCutoff();
    List<PermissionSet> visible = state.permissionSets.values().stream().filter(p -> p.visibleAt(cutoff)).toList();
    PageTokens.Page<PermissionSet> page = state.tokens.page(req, visible, p -> SandboxState.key(p.seq));
    return Replies.page("PermissionSets", page, p -> new JsonPrimitive(p.arn));
  }

  private static String checkSessionDuration(String d) {
    if (d == null) {
      return null;
    }
    Duration parsed;
    try {
      parsed = Duration.parse(d);
    } catch (RuntimeException e) {
      throw Req.invalid("'" + d + "'", "sessionDuration", "Member must be an ISO-8601 duration such as PT1H");
    }
    if (parsed.compareTo(Duration.ofHours(1)) < 0 || parsed.compareTo(Duration.ofHours(12)) > 0) {
      throw AwsError.validation("SessionDuration must be between PT1H and PT12H, got " + d);
    }
    return d;
  }
}
