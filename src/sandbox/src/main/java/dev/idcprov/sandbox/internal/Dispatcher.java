package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The operation table: maps an {@code X-Amz-Target} operation name to the service method that answers it. */
public final class Dispatcher {
  /** The {@code X-Amz-Target} prefix of every SSO Admin operation. */
  public static final String TARGET_PREFIX = "SWBExternalService.";

  private final Map<String, Function<Req, JsonObject>> routes = new LinkedHashMap<>();

  Dispatcher(SsoAdminService s) {
    routes.put("ListInstances", s::listInstances);
    routes.put("CreatePermissionSet", s::createPermissionSet);
    routes.put("DescribePermissionSet", s::describePermissionSet);
    routes.put("UpdatePermissionSet", s::updatePermissionSet);
    routes.put("DeletePermissionSet", s::deletePermissionSet);
    routes.put("ListPermissionSets", s::listPermissionSets);
    routes.put("PutInlinePolicyToPermissionSet", s::putInlinePolicy);
    routes.put("GetInlinePolicyForPermissionSet", s::getInlinePolicy);
    routes.put("DeleteInlinePolicyFromPermissionSet", s::deleteInlinePolicy);
    routes.put("AttachManagedPolicyToPermissionSet", s::attachManagedPolicy);
    routes.put("DetachManagedPolicyFromPermissionSet", s::detachManagedPolicy);
    routes.put("ListManagedPoliciesInPermissionSet", s::listManagedPolicies);
    routes.put("AttachCustomerManagedPolicyReferenceToPermissionSet", s::attachCustomerManagedPolicy);
    routes.put("DetachCustomerManagedPolicyReferenceFromPermissionSet", s::detachCustomerManagedPolicy);
    routes.put("ListCustomerManagedPolicyReferencesInPermissionSet", s::listCustomerManagedPolicies);
    routes.put("PutPermissionsBoundaryToPermissionSet", s::putPermissionsBoundary);
    routes.put("GetPermissionsBoundaryForPermissionSet", s::getPermissionsBoundary);
    routes.put("DeletePermissionsBoundaryFromPermissionSet", s::deletePermissionsBoundary);
    routes.put("CreateAccountAssignment", s::createAccountAssignment);
    routes.put("DeleteAccountAssignment", s::deleteAccountAssignment);
    routes.put("ListAccountAssignments", s::listAccountAssignments);
    routes.put("DescribeAccountAssignmentCreationStatus", s::describeAssignmentCreationStatus);
    routes.put("DescribeAccountAssignmentDeletionStatus", s::describeAssignmentDeletionStatus);
    routes.put("ListAccountAssignmentCreationStatus", s::listAssignmentCreationStatus);
    routes.put("ListAccountAssignmentDeletionStatus", s::listAssignmentDeletionStatus);
    routes.put("ProvisionPermissionSet", s::provisionPermissionSet);
    routes.put("ListPermissionSetProvisioningStatus", s::listProvisioningStatus);
    routes.put("DescribePermissionSetProvisioningStatus", s::describeProvisioningStatus);
    routes.put("ListAccountsForProvisionedPermissionSet", s::listAccountsForProvisionedPermissionSet);
    routes.put("ListPermissionSetsProvisionedToAccount", s::listPermissionSetsProvisionedToAccount);
    routes.put("TagResource", s::tagResource);
    routes.put("UntagResource", s::untagResource);
    routes.put("ListTagsForResource", s::listTagsForResource);
  }

  /** @return the operation names served, in table order */
  public Set<String> operations() {
    return Collections.unmodifiableSet(routes.keySet());
  }

  /**
   * @param target the {@code X-Amz-Target} header, may be null
   * @return the operation name it names, when it names one this table serves
   */
  Optional<String> operationOf(String target) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return Optional.empty();
    }
    String op = target.substring(TARGET_PREFIX.length());
    return routes.containsKey(op) ? Optional.of(op) : Optional.empty();
  }

  JsonObject dispatch(String operation, JsonObject body) {
    Function<Req, JsonObject> route = routes.get(operation);
    if (route == null) {
      throw AwsError.unknownOperation(TARGET_PREFIX + operation);
    }
    return route.apply(new Req(operation, body));
  }
}
