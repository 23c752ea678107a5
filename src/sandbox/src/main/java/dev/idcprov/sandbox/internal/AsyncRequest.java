package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One asynchronous request (a provisioning, or the creation or deletion of an account assignment) and the history of
 * its status. Guarded by the state's lock.
 */
final class AsyncRequest {
  static final String IN_PROGRESS = "IN_PROGRESS";
  static final String SUCCEEDED = "SUCCEEDED";
  static final String FAILED = "FAILED";

  /** What the request does when it completes. */
  enum Kind { PROVISION, CREATE_ASSIGNMENT, DELETE_ASSIGNMENT }

  final Kind kind;
  final String id;
  final long seq;
  final String permissionSetArn;
  final String targetType;
  /** the target account, null for {@code ALL_PROVISIONED_ACCOUNTS} */
  final String accountId;
  final List<String> covered;
  /** the permission set version the request applies */
  final int version;
  final Instant createdAt;
  final Timeline<String> status;
  final String principalType;
  final String principalId;
  String failureReason;
  Instant completedAt;

  AsyncRequest(Kind kind, String id, long seq, String psArn, String targetType, String accountId,
      List<String> covered, int version, Instant createdAt, String principalType, String principalId) {
    this.kind = kind;
    this.id = id;
    this.seq = seq;
    this.permissionSetArn = psArn;
    this.targetType = targetType;
    this.accountId = accountId;
    this.covered = covered;
    this.version = version;
    this.createdAt = createdAt;
    this.status = new Timeline<>(createdAt, IN_PROGRESS);
    this.principalType = principalType;
    this.principalId = principalId;
  }

  /** @return the {@code PermissionSetProvisioningStatus} structure */
  JsonObject provisioningJson() {
    JsonObject o = new JsonObject();
    o.addProperty("Status", status.now());
    o.addProperty("RequestId", id);
    if (accountId != null) {
      o.addProperty("AccountId", accountId);
    }
    o.addProperty("PermissionSetArn", permissionSetArn);
    if (failureReason != null) {
      o.addProperty("FailureReason", failureReason);
    }
    o.addProperty("CreatedDate", Replies.epochSeconds(createdAt));
    return o;
  }

  /** @return the {@code AccountAssignmentOperationStatus} structure */
  JsonObject assignmentJson() {
    JsonObject o = new JsonObject();
    o.addProperty("Status", status.now());
    o.addProperty("RequestId", id);
    if (failureReason != null) {
      o.addProperty("FailureReason", failureReason);
    }
    o.addProperty("TargetId", accountId);
    o.addProperty("TargetType", targetType);
    o.addProperty("PermissionSetArn", permissionSetArn);
    o.addProperty("PrincipalType", principalType);
    o.addProperty("PrincipalId", principalId);
    o.addProperty("CreatedDate", Replies.epochSeconds(createdAt));
    return o;
  }
}
