package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Account assignments: Create/Delete/ListAccountAssignments and Describe/List of their creation and deletion
 * statuses. Creating or deleting one is an asynchronous request that provisions or deprovisions the set implicitly.
 * Handlers run under the state's lock.
 */
final class AssignmentHandlers {
  private final SandboxState state;
  private final OperationScheduler scheduler;

  AssignmentHandlers(SandboxState state, OperationScheduler scheduler) {
    this.state = state;
    this.scheduler = scheduler;
  }

  void registerWith(Routes routes) {
    routes.add("CreateAccountAssignment", req -> submit(req, AsyncRequest.Kind.CREATE_ASSIGNMENT, state.creations,
        "AccountAssignmentCreationStatus"));
    routes.add("DeleteAccountAssignment", req -> submit(req, AsyncRequest.Kind.DELETE_ASSIGNMENT, state.deletions,
        "AccountAssignmentDeletionStatus"));
    routes.add("ListAccountAssignments", this::listAccountAssignments);
    routes.add("ListAccountAssignmentsForPrincipal", this::listAccountAssignmentsForPrincipal);
    routes.add("DescribeAccountAssignmentCreationStatus", req -> describe(req, state.creations,
        "AccountAssignmentCreationRequestId", "AccountAssignmentCreationStatus"));
    routes.add("DescribeAccountAssignmentDeletionStatus", req -> describe(req, state.deletions,
        "AccountAssignmentDeletionRequestId", "AccountAssignmentDeletionStatus"));
    routes.add("ListAccountAssignmentCreationStatus", req -> ProvisioningHandlers.listStatuses(state, req,
        state.creations, "AccountAssignmentsCreationStatus"));
    routes.add("ListAccountAssignmentDeletionStatus", req -> ProvisioningHandlers.listStatuses(state, req,
        state.deletions, "AccountAssignmentsDeletionStatus"));
  }

  private JsonObject submit(Req req, AsyncRequest.Kind kind, Map<String, AsyncRequest> ops, String member) {
    PermissionSet ps = state.permissionSetToWrite(req);
    String targetId = req.str("TargetId", Shape.ACCOUNT_ID, true);
    req.enumOf("TargetType", true, "AWS_ACCOUNT");
    String principalType = req.enumOf("PrincipalType", true, "USER", "GROUP");
    String principalId = req.str("PrincipalId", Shape.PRINCIPAL_ID, true);
    if (kind == AsyncRequest.Kind.DELETE_ASSIGNMENT) {
      Assignment a = state.assignments.get(Assignment.key(targetId, ps.arn, principalType, principalId));
      if (a == null || !a.presentNow()) {
        throw AwsError.notFound("Could not find an account assignment of " + ps.arn + " to " + principalType + " "
            + principalId + " in account " + targetId + ".");
      }
    }
    scheduler.checkNoConflict(ps.arn, List.of(targetId));
    AsyncRequest op = new AsyncRequest(kind, state.uuid(), state.nextSequence(), ps.arn, "AWS_ACCOUNT", targetId,
        List.of(targetId), ps.version, state.now(), principalType, principalId);
    ops.put(op.id, op);
    scheduler.schedule(op);
    return Replies.single(member, op.assignmentJson());
  }

  private JsonObject describe(Req req, Map<String, AsyncRequest> ops, String idMember, String member) {
    state.checkInstance(req);
    String id = req.str(idMember, Shape.UUID, true);
    AsyncRequest op = ops.get(id);
    if (op == null) {
      throw AwsError.notFound("Could not find account assignment request with id " + id);
    }
    return Replies.single(member, op.assignmentJson());
  }

  private JsonObject listAccountAssignments(Req req) {
    PermissionSet ps = state.permissionSet(req);
    String account = req.str("AccountId", Shape.ACCOUNT_ID, true);
    Instant cutoff = state.listCutoff();
    List<Assignment> out = state.assignments.values().stream()
        .filter(a -> a.accountId.equals(account) && a.permissionSetArn.equals(ps.arn)
            && Boolean.TRUE.equals(a.present.at(cutoff)))
        .toList();
    return assignmentsPage(req, out);
  }

  private JsonObject listAccountAssignmentsForPrincipal(Req req) {
    state.checkInstance(req);
    String principalType = req.enumOf("PrincipalType", true, "USER", "GROUP");
    String principalId = req.str("PrincipalId", Shape.PRINCIPAL_ID, true);
    JsonObject filter = req.obj("Filter", false);
    String account = filter == null ? null
        : Req.str(filter, "AccountId", "filter.accountId", Shape.ACCOUNT_ID, false);
    Instant cutoff = state.listCutoff();
    List<Assignment> out = state.assignments.values().stream()
        .filter(a -> a.principalType.equals(principalType) && a.principalId.equals(principalId)
            && (account == null || a.accountId.equals(account)) && Boolean.TRUE.equals(a.present.at(cutoff)))
        .toList();
    return assignmentsPage(req, out);
  }

  private JsonObject assignmentsPage(Req req, List<Assignment> out) {
    PageTokens.Page<Assignment> page = state.tokens.page(req, out, a -> SandboxState.key(a.seq));
    return Replies.page("AccountAssignments", page, a -> {
      JsonObject o = new JsonObject();
      o.addProperty("AccountId", a.accountId);
      o.addProperty("PermissionSetArn", a.permissionSetArn);
      o.addProperty("PrincipalType", a.principalType);
      o.addProperty("PrincipalId", a.principalId);
      return o;
    });
  }
}
