package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.regex.Pattern;

/**
 * The instances: Describe/Update of the organization instance, and Create/Describe/Update/Delete of an account
 * instance. The sandbox holds at most one account instance (its caller is always the seed's owner account); it is
 * listed by {@code ListInstances} but holds no permission sets, as account instances hold none on AWS. Handlers run
 * under the state's lock.
 */
final class InstanceHandlers {
  static final Shape INSTANCE_NAME = new Shape(0, 255, Pattern.compile("[\\w+=,.@-]+"));
  static final Shape CLIENT_TOKEN = new Shape(1, 64, Pattern.compile("[!-~]+"));

  private final SandboxState state;
  /** The ClientToken the account instance was created with, for idempotent retries. */
  private String createdWithToken;

  InstanceHandlers(SandboxState state) {
    this.state = state;
  }

  void registerWith(Routes routes) {
    routes.add("DescribeInstance", this::describeInstance);
    routes.add("UpdateInstance", this::updateInstance);
    routes.add("CreateInstance", this::createInstance);
    routes.add("DeleteInstance", this::deleteInstance);
  }

  /** @return the organization instance as ListInstances and DescribeInstance answer it */
  static JsonObject organizationInstance(SandboxState state) {
    JsonObject o = new JsonObject();
    o.addProperty("InstanceArn", state.seed.instanceArn());
    o.addProperty("IdentityStoreId", state.seed.identityStoreId());
    o.addProperty("OwnerAccountId", state.seed.ownerAccountId());
    o.addProperty("Name", state.instanceName);
    o.addProperty("CreatedDate", Replies.epochSeconds(state.instanceCreated));
    o.addProperty("Status", "ACTIVE");
    return o;
  }

  /** @return an account instance as ListInstances and DescribeInstance answer it */
  static JsonObject accountInstance(SandboxState state, SandboxState.AccountInstance i) {
    JsonObject o = new JsonObject();
    o.addProperty("InstanceArn", i.arn);
    o.addProperty("IdentityStoreId", i.identityStoreId);
    o.addProperty("OwnerAccountId", state.seed.ownerAccountId());
    if (i.name != null) {
      o.addProperty("Name", i.name);
    }
    o.addProperty("CreatedDate", Replies.epochSeconds(i.createdAt));
    o.addProperty("Status", "ACTIVE");
    return o;
  }

  private String instanceArn(Req req) {
    String arn = req.str("InstanceArn", Shape.INSTANCE_ARN, true);
    if (!arn.equals(state.seed.instanceArn()) && !state.accountInstances.containsKey(arn)) {
      throw AwsError.validation("Could not find instance with InstanceArn " + arn);
    }
    return arn;
  }

  private JsonObject describeInstance(Req req) {
    String arn = instanceArn(req);
    return arn.equals(state.seed.instanceArn()) ? organizationInstance(state)
        : accountInstance(state, state.accountInstances.get(arn));
  }

  private JsonObject updateInstance(Req req) {
    String arn = instanceArn(req);
    String name = req.str("Name", INSTANCE_NAME, true);
    if (arn.equals(state.seed.instanceArn())) {
      state.instanceName = name;
    } else {
      state.accountInstances.get(arn).name = name;
    }
    return new JsonObject();
  }

  private JsonObject createInstance(Req req) {
    String name = req.str("Name", INSTANCE_NAME, false);
    String token = req.str("ClientToken", CLIENT_TOKEN, false);
    TagHandlers.tags(req, "Tags", false);
    if (!state.accountInstances.isEmpty()) {
      SandboxState.AccountInstance existing = state.accountInstances.values().iterator().next();
      if (token != null && token.equals(createdWithToken)) {
        return Replies.single("InstanceArn", new JsonPrimitive(existing.arn));
      }
      throw AwsError.conflict("An account instance of IAM Identity Center already exists for account "
          + state.seed.ownerAccountId() + ": " + existing.arn + ".");
    }
    String arn = "arn:aws:sso:::instance/ssoins-" + state.hex16();
    state.accountInstances.put(arn, new SandboxState.AccountInstance(arn, "d-" + state.hex16().substring(0, 10),
        name, state.now()));
    createdWithToken = token;
    return Replies.single("InstanceArn", new JsonPrimitive(arn));
  }

  private JsonObject deleteInstance(Req req) {
    String arn = instanceArn(req);
    if (arn.equals(state.seed.instanceArn())) {
      throw AwsError.conflict("The organization instance " + arn + " cannot be deleted in the sandbox: it holds the "
          + "seeded organization. Only an account instance made by CreateInstance can be deleted.");
    }
    state.accountInstances.remove(arn);
    createdWithToken = null;
    return new JsonObject();
  }
}
