package dev.idcprov.sandbox.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.SandboxSeed;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Changes the world around the service while it runs: an account's status and membership, the customer managed
 * policies in an account, its IAM quota of policies per role, the instance quotas, the list lag. Each change takes the
 * state's lock and applies to the next request and to provisioning that completes after it. Also answers the same
 * changes over HTTP ({@code POST /_sandbox/control}).
 */
public final class Controls {
  /** The path of the HTTP control endpoint. */
  public static final String PATH = "/_sandbox/control";
  private static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "PENDING_CLOSURE");

  private final SandboxState state;

  Controls(SandboxState state) {
    this.state = state;
  }

  private AccountState account(String accountId) {
    AccountState a = state.accounts.get(accountId);
    if (a == null) {
      throw new IllegalArgumentException("accountId: " + accountId + " is not an account of the sandbox's seed");
    }
    return a;
  }

  /**
   * @param accountId an account of the seed
   * @param status {@code ACTIVE}, {@code SUSPENDED} or {@code PENDING_CLOSURE}
   * @throws IllegalArgumentException when the account or status is unknown
   */
  public void accountStatus(String accountId, String status) {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + STATUSES + ", got '" + status + "'");
    }
    synchronized (state.lock) {
      account(accountId).status = status;
    }
  }

  /**
   * @param accountId an account of the seed
   * @return its status now
   * @throws IllegalArgumentException when the account is unknown
   */
  public String accountStatus(String accountId) {
    synchronized (state.lock) {
      AccountState a = account(accountId);
      return a.member ? a.status : "REMOVED";
    }
  }

  /**
   * @param accountId an account of the seed
   * @param member false: removed from the organization; true: back in it
   * @throws IllegalArgumentException when the account is unknown
   */
  public void member(String accountId, boolean member) {
    synchronized (state.lock) {
      account(accountId).member = member;
    }
  }

  /**
   * @param accountId an account of the seed
   * @param policy the customer managed policy to create (true) or delete (false) in it
   * @param exists whether it exists from now on
   * @throws IllegalArgumentException when the account is unknown
   */
  public void policy(String accountId, SandboxSeed.Policy policy, boolean exists) {
    synchronized (state.lock) {
      if (exists) {
        account(accountId).policies.add(policy);
      } else {
        account(accountId).policies.remove(policy);
      }
    }
  }

  /**
   * @param accountId an account of the seed
   * @param quota IAM's quota of managed policies per role in that account (10 by default, 20 at most)
   * @throws IllegalArgumentException when the account is unknown or the quota outside 1..20
   */
  public void managedPoliciesPerRole(String accountId, int quota) {
    if (quota < 1 || quota > 20) {
      throw new IllegalArgumentException("managedPoliciesPerRole must be between 1 and 20 (IAM's maximum), got " + quota);
    }
    synchronized (state.lock) {
      account(accountId).managedPoliciesPerRole = quota;
    }
  }

  /**
   * @param permissionSets permission sets the instance may hold (2000 by default)
   * @param provisionedPerAccount permission sets that may be provisioned to one account (250 by default)
   * @throws IllegalArgumentException when either is below 1
   */
  public void quotas(int permissionSets, int provisionedPerAccount) {
    if (permissionSets < 1 || provisionedPerAccount < 1) {
      throw new IllegalArgumentException("quotas must be at least 1, got permissionSets=" + permissionSets
          + ", provisionedPerAccount=" + provisionedPerAccount);
    }
    synchronized (state.lock) {
      state.permissionSetQuota = permissionSets;
      state.provisionedPerAccountQuota = provisionedPerAccount;
    }
  }

  /**
   * @param delay how long a write to a permission set takes to propagate (sandbox time); a write to the same set
   *     sooner is answered ConflictException, as AWS answers a write that conflicts with a previous one not yet
   *     propagated. Zero (the default) turns it off.
   * @throws IllegalArgumentException when negative
   */
  public void writePropagation(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("writePropagation must not be negative, got " + delay);
    }
    synchronized (state.lock) {
      state.writePropagation = delay;
    }
  }

  /**
   * Test facility: while held, asynchronous requests that reach their end stay IN_PROGRESS (and keep their accounts
   * busy); on release, every completion held meanwhile is applied at once, in the order they fell due, stamped with
   * the time of the release.
   *
   * @param held whether to hold completions from now on
   */
  public void holdCompletions(boolean held) {
    List<Runnable> due;
    synchronized (state.lock) {
      state.completionsHeld = held;
      if (held) {
        return;
      }
      due = new ArrayList<>(state.heldCompletions);
      state.heldCompletions.clear();
      due.forEach(Runnable::run);
    }
  }

  /** @return how many completions {@link #holdCompletions(boolean)} holds back right now */
  public int heldCompletions() {
    synchronized (state.lock) {
      return state.heldCompletions.size();
    }
  }

  /**
   * Test facility: adds {@code count} finished provisioning requests of the set to the status history directly, as if
   * they had been accepted and completed just now, without an API call and without touching where the set is
   * provisioned. Lets a test or benchmark start on a large instance (tens of thousands of history entries) in
   * milliseconds.
   *
   * @param permissionSetArn an existing permission set of the instance
   * @param count requests to add, at least 0
   * @param failureReason null: the requests SUCCEEDED; otherwise they FAILED with this reason
   * @return the request ids added, in history order
   * @throws IllegalArgumentException when the set is unknown or the count negative
   */
  public List<String> seedHistory(String permissionSetArn, int count, String failureReason) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be at least 0, got " + count);
    }
    synchronized (state.lock) {
      PermissionSet ps = existing(permissionSetArn);
      Instant now = state.now();
      List<String> ids = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        AsyncRequest op = new AsyncRequest(AsyncRequest.Kind.PROVISION, state.uuid(), state.nextSequence(), ps.arn,
            "ALL_PROVISIONED_ACCOUNTS", null, List.of(), ps.version, now, null, null);
        op.failureReason = failureReason;
        op.status.set(now, failureReason == null ? AsyncRequest.SUCCEEDED : AsyncRequest.FAILED);
        op.completedAt = now;
        state.provisioning.put(op.id, op);
        ids.add(op.id);
      }
      return ids;
    }
  }

  /**
   * Test facility: marks the set's current version provisioned to the accounts directly, as if a provisioning had
   * completed there just now, without a request in the status history.
   *
   * @param permissionSetArn an existing permission set of the instance
   * @param accountIds accounts of the seed
   * @throws IllegalArgumentException when the set or an account is unknown
   */
  public void seedProvisioned(String permissionSetArn, Collection<String> accountIds) {
    synchronized (state.lock) {
      PermissionSet ps = existing(permissionSetArn);
      for (String a : accountIds) {
        account(a);
      }
      Instant now = state.now();
      var byAccount = state.provisioned.computeIfAbsent(ps.arn, k -> new HashMap<>());
      for (String a : accountIds) {
        byAccount.computeIfAbsent(a, k -> new Timeline<>()).set(now, ps.version);
      }
    }
  }

  private PermissionSet existing(String permissionSetArn) {
    PermissionSet ps = state.permissionSets.get(permissionSetArn);
    if (ps == null || ps.deletedAt != null) {
      throw new IllegalArgumentException("permissionSetArn: " + permissionSetArn
          + " is not a permission set of the sandbox's instance");
    }
    return ps;
  }

  /**
   * Applies one change given as JSON: {@code {"Action": ..., ...}} (see docs/SANDBOX.md, "Control endpoint").
   *
   * @param body the request body
   * @throws IllegalArgumentException naming the field when the body is not a valid change
   */
  void apply(String body) {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(body);
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("the body is not valid JSON");
    }
    String action = field(o, "Action");
    switch (action) {
      case "SetAccountStatus" -> accountStatus(field(o, "AccountId"), field(o, "Status"));
      case "RemoveAccountFromOrganization" -> member(field(o, "AccountId"), false);
      case "AddAccountToOrganization" -> member(field(o, "AccountId"), true);
      case "CreateCustomerManagedPolicy" -> policy(field(o, "AccountId"), policyOf(o), true);
      case "DeleteCustomerManagedPolicy" -> policy(field(o, "AccountId"), policyOf(o), false);
      case "SetManagedPoliciesPerRole" -> managedPoliciesPerRole(field(o, "AccountId"), number(o, "Quota"));
      case "SetWritePropagation" -> writePropagation(duration(o, "Delay"));
      case "SetListVisibilityLag" -> {
        state.faults.listVisibilityLag(duration(o, "Lag"));
        if (o.has("Varies")) {
          state.faults.listLagVaries(o.get("Varies").getAsBoolean());
        }
      }
      default -> throw new IllegalArgumentException("Action must be one of SetAccountStatus, "
          + "RemoveAccountFromOrganization, AddAccountToOrganization, CreateCustomerManagedPolicy, "
          + "DeleteCustomerManagedPolicy, SetManagedPoliciesPerRole, SetListVisibilityLag, SetWritePropagation; got '"
          + action + "'");
    }
  }

  private static Duration duration(JsonObject o, String name) {
    try {
      return Duration.parse(field(o, name));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT10S, got '" + o.get(name)
          + "'");
    }
  }

  private static SandboxSeed.Policy policyOf(JsonObject o) {
    return new SandboxSeed.Policy(field(o, "PolicyName"), o.has("Path") ? field(o, "Path") : "/");
  }

  private static String field(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || !e.isJsonPrimitive()) {
      throw new IllegalArgumentException(name + " is required and must be a string");
    }
    return e.getAsString();
  }

  private static int number(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(name + " is required and must be a number");
    }
    return e.getAsInt();
  }
}
