package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the asynchronous requests (provisioning, account assignment creation and deletion): owns the work in progress
 * (which set and account pairs are busy, when each account's update lane is free) and the thread that completes each
 * request after its drawn duration, applying it to the {@link SandboxState}. Callers hold the state's lock when they
 * submit; completion takes it.
 */
final class OperationScheduler {
  private final SandboxState state;
  private final ScheduledExecutorService executor;
  /** "psArn|account" keys with a request in progress. */
  private final Set<String> inFlight = new HashSet<>();
  /** account -> System.nanoTime() when its update lane is free again. */
  private final Map<String, Long> laneFreeAt = new HashMap<>();

  OperationScheduler(SandboxState state) {
    this.state = state;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sso-admin-sandbox-provisioning");
      t.setDaemon(true);
      return t;
    });
  }

  void shutdown() {
    executor.shutdownNow();
  }

  /** @return whether a request for the set is in progress in any account */
  boolean busy(String psArn) {
    return inFlight.stream().anyMatch(k -> k.startsWith(psArn + "|"));
  }

  /** @throws AwsError Conflict when a request for the set is in progress in one of the accounts */
  void checkNoConflict(String psArn, List<String> covered) {
    for (String account : covered) {
      if (inFlight.contains(psArn + "|" + account)) {
        throw AwsError.conflict("A provisioning operation for permission set " + psArn + " to account " + account
            + " is already in progress. Retry after it completes.");
      }
    }
  }

  /** Marks the request's accounts busy and schedules its completion. The caller holds the state's lock. */
  void schedule(AsyncRequest op) {
    for (String a : op.covered) {
      inFlight.add(op.permissionSetArn + "|" + a);
    }
    long min = state.config.provisioningMin().toNanos();
    long max = state.config.provisioningMax().toNanos();
    long sandboxNanos = min + (max > min ? (long) (state.nextDouble() * (max - min)) : 0L);
    long realNanos = state.config.toReal(Duration.ofNanos(sandboxNanos)).toNanos();
    // updates to one account are applied one at a time: the request starts when all its accounts' lanes are free
    long start = System.nanoTime();
    for (String a : op.covered) {
      start = Math.max(start, laneFreeAt.getOrDefault(a, 0L));
    }
    long end = start + realNanos;
    for (String a : op.covered) {
      laneFreeAt.put(a, end);
    }
    long delay = Math.max(0L, end - System.nanoTime());
    executor.schedule(() -> complete(op), delay, TimeUnit.NANOSECONDS);
  }

  private void complete(AsyncRequest op) {
    synchronized (state.lock) {
      if (state.completionsHeld) {
        state.heldCompletions.add(() -> complete(op));
        return;
      }
      Instant t = state.now();
      PermissionSet ps = state.permissionSets.get(op.permissionSetArn);
      List<String> reasons = new ArrayList<>();
      for (String account : op.covered) {
        inFlight.remove(op.permissionSetArn + "|" + account);
        String reason = op.kind == AsyncRequest.Kind.DELETE_ASSIGNMENT ? null
            : failureReason(account, ps);
        if (reason != null) {
          reasons.add(reason);
          continue;
        }
        Map<String, Timeline<Integer>> byAccount =
            state.provisioned.computeIfAbsent(op.permissionSetArn, k -> new HashMap<>());
        if (op.kind == AsyncRequest.Kind.DELETE_ASSIGNMENT) {
          unassign(op, account, byAccount, t);
        } else {
          byAccount.computeIfAbsent(account, k -> new Timeline<>()).set(t, op.version);
          if (op.kind == AsyncRequest.Kind.CREATE_ASSIGNMENT) {
            String k = Assignment.key(account, op.permissionSetArn, op.principalType, op.principalId);
            state.assignments.computeIfAbsent(k, x -> new Assignment(account, op.permissionSetArn, op.principalType,
                op.principalId, state.nextSequence())).present.set(t, true);
          }
        }
      }
      if (reasons.isEmpty()) {
        op.status.set(t, AsyncRequest.SUCCEEDED);
      } else {
        op.failureReason = reasons.size() == 1 ? reasons.get(0)
            : reasons.get(0) + " (" + (reasons.size() - 1) + " more account(s) failed)";
        op.status.set(t, AsyncRequest.FAILED);
      }
      op.completedAt = t;
    }
  }

  /** Removes the assignment; the set stays provisioned in the account while another principal is assigned it. */
  private void unassign(AsyncRequest op, String account, Map<String, Timeline<Integer>> byAccount, Instant t) {
    Assignment a = state.assignments.get(Assignment.key(account, op.permissionSetArn, op.principalType,
        op.principalId));
    if (a != null) {
      a.present.set(t, false);
    }
    boolean stillAssigned = state.assignments.values().stream().anyMatch(x -> x.accountId.equals(account)
        && x.permissionSetArn.equals(op.permissionSetArn) && x.presentNow());
    Timeline<Integer> tl = byAccount.get(account);
    if (!stillAssigned && tl != null && tl.now() != null) {
      tl.set(t, null);
    }
  }

  /**
   * The reason the service gives when provisioning a set to an account fails. Wording: the missing-policy reasons
   * follow the ones AWS reports; the suspended-account reason reads as AWS's does, as a temporary problem, while its
   * exact text and the IAM-quota and per-account-quota reasons are this sandbox's (see docs/SANDBOX.md).
   *
   * @param accountId the target account id
   * @param ps the permission set, null when it was deleted meanwhile
   * @return the failure reason, null when provisioning succeeds
   */
  private String failureReason(String accountId, PermissionSet ps) {
    AccountState account = state.accounts.get(accountId);
    if (account == null || !account.member) {
      return "The account " + accountId + " is not a member of the organization that this instance of "
          + "IAM Identity Center belongs to.";
    }
    if (!account.status.equals("ACTIVE")) {
      return "Request to provision the permission set in account " + accountId
          + " takes longer than usual. Please try again.";
    }
    if (ps == null) {
      return "The permission set was deleted while the operation was in progress.";
    }
    for (JsonObject ref : ps.customerManaged.values()) {
      String name = ref.get("Name").getAsString();
      String path = ref.get("Path").getAsString();
      if (!account.hasPolicy(name, path)) {
        return "Received a 404 status error: The customer managed policy arn:aws:iam::" + accountId + ":policy" + path
            + name + " referenced by the permission set does not exist in account " + accountId
            + ". Create the policy in that account, then provision the permission set again.";
      }
    }
    if (ps.boundary != null && ps.boundary.has("CustomerManagedPolicyReference")) {
      JsonObject ref = ps.boundary.getAsJsonObject("CustomerManagedPolicyReference");
      String name = ref.get("Name").getAsString();
      String path = ref.get("Path").getAsString();
      if (!account.hasPolicy(name, path)) {
        return "Received a 404 status error: The permissions boundary policy arn:aws:iam::" + accountId + ":policy"
            + path + name + " does not exist in account " + accountId
            + ". Create the policy in that account, then provision the permission set again.";
      }
    }
    int attached = ps.managedPolicies.size() + ps.customerManaged.size();
    if (attached > account.managedPoliciesPerRole) {
      return "Received a 409 status error: Cannot exceed quota for PoliciesPerRole: " + account.managedPoliciesPerRole
          + ". The permission set has " + attached + " managed and customer managed policies; request an increase of "
          + "the IAM quota 'Managed policies attached to an IAM role' in account " + accountId + ".";
    }
    long provisionedHere = state.provisioned.entrySet().stream()
        .filter(e -> !e.getKey().equals(ps.arn))
        .map(e -> e.getValue().get(accountId))
        .filter(t -> t != null && t.now() != null)
        .count();
    if (provisionedHere >= state.provisionedPerAccountQuota) {
      return "The account " + accountId + " already has the maximum of " + state.provisionedPerAccountQuota
          + " provisioned permission sets.";
    }
    return null;
  }
}
