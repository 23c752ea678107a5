package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies of a permission set: the inline policy, AWS managed policies, customer managed policy references and
 * the permissions boundary. Every change makes a new version of the set. Handlers run under the state's lock.
 */
final class PolicyHandlers {
  /** AWS managed and customer managed policies per permission set, together (IAM Identity Center quotas page). */
  static final int MAX_POLICIES = 20;

  private final SandboxState state;

  PolicyHandlers(SandboxState state) {
    this.state = state;
  }

  void registerWith(Routes routes) {
    routes.add("PutInlinePolicyToPermissionSet", this::putInlinePolicy);
    routes.add("GetInlinePolicyForPermissionSet", this::getInlinePolicy);
    routes.add("DeleteInlinePolicyFromPermissionSet", this::deleteInlinePolicy);
    routes.add("AttachManagedPolicyToPermissionSet", this::attachManagedPolicy);
    routes.add("DetachManagedPolicyFromPermissionSet", this::detachManagedPolicy);
    routes.add("ListManagedPoliciesInPermissionSet", this::listManagedPolicies);
    routes.add("AttachCustomerManagedPolicyReferenceToPermissionSet", this::attachCustomerManagedPolicy);
    routes.add("DetachCustomerManagedPolicyReferenceFromPermissionSet", this::detachCustomerManagedPolicy);
    routes.add("ListCustomerManagedPolicyReferencesInPermissionSet", this::listCustomerManagedPolicies);
    routes.add("PutPermissionsBoundaryToPermissionSet", this::putPermissionsBoundary);
    routes.add("GetPermissionsBoundaryForPermissionSet", this::getPermissionsBoundary);
    routes.add("DeletePermissionsBoundaryFromPermissionSet", this::deletePermissionsBoundary);
  }

  // ---------------------------------------------------------------- inline policy

  private JsonObject putInlinePolicy(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    String policy = req.str("InlinePolicy", Shape.POLICY_DOCUMENT, true);
    PolicyDocuments.checkInline(policy);
    ps.inlinePolicy = policy;
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject getInlinePolicy(Req req) {
    PermissionSet ps = state.permissionSet(req);
    JsonObject o = new JsonObject();
    if (ps.inlinePolicy != null) {
      o.addProperty("InlinePolicy", ps.inlinePolicy);
    }
    return o;
  }

  private JsonObject deleteInlinePolicy(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    if (ps.inlinePolicy != null) {
      ps.inlinePolicy = null;
      ps.changed(state.now());
    }
    return new JsonObject();
  }

  // ---------------------------------------------------------------- AWS managed policies

  private static void checkPolicyCount(PermissionSet ps) {
    if (ps.managedPolicies.size() + ps.customerManaged.size() >= MAX_POLICIES) {
      throw AwsError.quota("The permission set " + ps.arn + " already has " + MAX_POLICIES + " AWS managed and "
          + "customer managed policies attached, the maximum per permission set.");
    }
  }

  private JsonObject attachManagedPolicy(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    String arn = req.str("ManagedPolicyArn", Shape.MANAGED_POLICY_ARN, true);
    if (ps.managedPolicies.containsKey(arn)) {
      throw AwsError.conflict("Managed policy " + arn + " is already attached to permission set " + ps.arn + ".");
    }
    checkPolicyCount(ps);
    ps.managedPolicies.put(arn, state.nextSequence());
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject detachManagedPolicy(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    String arn = req.str("ManagedPolicyArn", Shape.MANAGED_POLICY_ARN, true);
    if (ps.managedPolicies.remove(arn) == null) {
      throw AwsError.notFound("Managed policy " + arn + " is not attached to permission set " + ps.arn + ".");
    }
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject listManagedPolicies(Req req) {
    PermissionSet ps = state.permissionSet(req);
    List<Map.Entry<String, Long>> items = new ArrayList<>(ps.managedPolicies.entrySet());
    PageTokens.Page<Map.Entry<String, Long>> page = state.tokens.page(req, items, e -> SandboxState.key(e.getValue()));
    return Replies.page("AttachedManagedPolicies", page, e -> {
      JsonObject o = new JsonObject();
      o.addProperty("Name", e.getKey().substring(e.getKey().lastIndexOf('/') + 1));
      o.addProperty("Arn", e.getKey());
      return o;
    });
  }

  // ---------------------------------------------------------------- customer managed policy references

  private static JsonObject customerManagedReference(JsonObject ref, String path) {
    String name = Req.str(ref, "Name", path + ".name", Shape.MANAGED_POLICY_NAME, true);
    String policyPath = Req.str(ref, "Path", path + ".path", Shape.MANAGED_POLICY_PATH, false);
    JsonObject o = new JsonObject();
    o.addProperty("Name", name);
    o.addProperty("Path", policyPath == null ? "/" : policyPath);
    return o;
  }

  private static String refKey(JsonObject ref) {
    return ref.get("Path").getAsString() + ref.get("Name").getAsString();
  }

  private JsonObject attachCustomerManagedPolicy(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    JsonObject ref = customerManagedReference(req.obj("CustomerManagedPolicyReference", true),
        "customerManagedPolicyReference");
    if (ps.customerManaged.containsKey(refKey(ref))) {
      throw AwsError.conflict("Customer managed policy reference " + refKey(ref)
          + " is already attached to permission set " + ps.arn + ".");
    }
    checkPolicyCount(ps);
    ps.customerManaged.put(refKey(ref), ref);
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject detachCustomerManagedPolicy(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    JsonObject ref = customerManagedReference(req.obj("CustomerManagedPolicyReference", true),
        "customerManagedPolicyReference");
    if (ps.customerManaged.remove(refKey(ref)) == null) {
      throw AwsError.notFound("Customer managed policy reference " + refKey(ref)
          + " is not attached to permission set " + ps.arn + ".");
    }
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject listCustomerManagedPolicies(Req req) {
    PermissionSet ps = state.permissionSet(req);
    List<JsonObject> refs = new ArrayList<>(ps.customerManaged.values());
    PageTokens.Page<JsonObject> page = state.tokens.page(req, refs, PolicyHandlers::refKey);
    return Replies.page("CustomerManagedPolicyReferences", page, JsonObject::deepCopy);
  }

  // ---------------------------------------------------------------- permissions boundary

  private JsonObject putPermissionsBoundary(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    JsonObject b = req.obj("PermissionsBoundary", true);
    JsonObject stored = new JsonObject();
    boolean hasRef = b.has("CustomerManagedPolicyReference") && !b.get("CustomerManagedPolicyReference").isJsonNull();
    String managed = Req.str(b, "ManagedPolicyArn", "permissionsBoundary.managedPolicyArn",
        Shape.MANAGED_POLICY_ARN, false);
    if (hasRef == (managed != null)) {
      throw AwsError.validation("PermissionsBoundary must specify exactly one of CustomerManagedPolicyReference "
          + "or ManagedPolicyArn.");
    }
    if (hasRef) {
      if (!b.get("CustomerManagedPolicyReference").isJsonObject()) {
        throw AwsError.serialization("Expected an object for CustomerManagedPolicyReference");
      }
      stored.add("CustomerManagedPolicyReference", customerManagedReference(
          b.getAsJsonObject("CustomerManagedPolicyReference"), "permissionsBoundary.customerManagedPolicyReference"));
    } else {
      stored.addProperty("ManagedPolicyArn", managed);
    }
    ps.boundary = stored;
    ps.changed(state.now());
    return new JsonObject();
  }

  private JsonObject getPermissionsBoundary(Req req) {
    PermissionSet ps = state.permissionSet(req);
    if (ps.boundary == null) {
      throw AwsError.notFound("Permission set " + ps.arn + " has no permissions boundary.");
    }
    return Replies.single("PermissionsBoundary", ps.boundary.deepCopy());
  }

  private JsonObject deletePermissionsBoundary(Req req) {
    PermissionSet ps = state.permissionSetToWrite(req);
    if (ps.boundary == null) {
      throw AwsError.notFound("Permission set " + ps.arn + " has no permissions boundary.");
    }
    ps.boundary = null;
    ps.changed(state.now());
    return new JsonObject();
  }
}
