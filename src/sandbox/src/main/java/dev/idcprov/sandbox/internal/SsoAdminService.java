package dev.idcprov.sandbox.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxFaults;
import dev.idcprov.sandbox.SandboxSeed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SSO Admin operations and the state behind them. Every operation and every scheduled provisioning transition
 * runs under one lock, so the state is always consistent; list operations read the state as of the visibility lag.
 */
public final class SsoAdminService {
  static final String IN_PROGRESS = "IN_PROGRESS";
  static final String SUCCEEDED = "SUCCEEDED";
  static final String FAILED = "FAILED";
  static final String PROVISIONED = "LATEST_PERMISSION_SET_PROVISIONED";
  static final String NOT_PROVISIONED = "LATEST_PERMISSION_SET_NOT_PROVISIONED";
  private static final int MAX_MANAGED_POLICIES = 10;
  private static final int MAX_CUSTOMER_MANAGED_POLICIES = 10;
  private static final int MAX_TAGS = 50;

  private final SandboxConfig config;
  private final SandboxFaults faults;
  private final SandboxSeed seed;
  private final String instanceId;
  private final Random random;
  private final PageTokens tokens = new PageTokens();
  private final ScheduledExecutorService scheduler;
  private final Object lock = new Object();
  private final Instant instanceCreated;

  private final Map<String, SandboxSeed.Account> accounts = new LinkedHashMap<>();
  private final Map<String, Integer> accountOrder = new HashMap<>();
  private final Map<String, PermissionSet> permissionSets = new LinkedHashMap<>();
  private final Map<String, String> instanceTags = new LinkedHashMap<>();
  /** permission set ARN -> account -> provisioned version over time (null = not provisioned). */
  private final Map<String, Map<String, Timeline<Integer>>> provisioned = new HashMap<>();
  private final Map<String, Operation> provisioning = new LinkedHashMap<>();
  private final Map<String, Operation> creations = new LinkedHashMap<>();
  private final Map<String, Operation> deletions = new LinkedHashMap<>();
  private final Map<String, Assignment> assignments = new LinkedHashMap<>();
  /** "psArn|account" keys with an operation in progress. */
  private final Set<String> inFlight = new HashSet<>();
  /** account -> System.nanoTime() when its update lane is free again. */
  private final Map<String, Long> laneFreeAt = new HashMap<>();
  private long sequence;

  /** A permission set and its history. */
  private static final class PermissionSet {
    final String arn;
    final String name;
    final long seq;
    final Instant createdAt;
    String description;
    String sessionDuration;
    String relayState;
    String inlinePolicy;
    final Map<String, Long> managedPolicies = new LinkedHashMap<>();
    final Map<String, JsonObject> customerManaged = new LinkedHashMap<>();
    JsonObject boundary;
    final Map<String, String> tags = new LinkedHashMap<>();
    int version = 1;
    final Timeline<Integer> versions;
    Instant deletedAt;

    PermissionSet(String arn, String name, long seq, Instant createdAt) {
      this.arn = arn;
      this.name = name;
      this.seq = seq;
      this.createdAt = createdAt;
      this.versions = new Timeline<>(createdAt, 1);
    }

    boolean visibleAt(Instant t) {
      return !createdAt.isAfter(t) && (deletedAt == null || deletedAt.isAfter(t));
    }
  }

  /** An asynchronous request: provisioning, or the creation or deletion of an account assignment. */
  private static final class Operation {
    final String id;
    final long seq;
    final String permissionSetArn;
    final String targetType;
    final String accountId;
    final List<String> covered;
    final int version;
    final Instant createdAt;
    final Timeline<String> status;
    final String principalType;
    final String principalId;
    String failureReason;
    Instant completedAt;

    Operation(String id, long seq, String psArn, String targetType, String accountId, List<String> covered,
        int version, Instant createdAt, String principalType, String principalId) {
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
  }

  /** One account assignment and when it existed. */
  private static final class Assignment {
    final String accountId;
    final String permissionSetArn;
    final String principalType;
    final String principalId;
    final long seq;
    final Timeline<Boolean> present = new Timeline<>();

    Assignment(String accountId, String psArn, String principalType, String principalId, long seq) {
      this.accountId = accountId;
      this.permissionSetArn = psArn;
      this.principalType = principalType;
      this.principalId = principalId;
      this.seq = seq;
    }
  }

  SsoAdminService(SandboxConfig config, SandboxFaults faults) {
    this.config = config;
    this.faults = faults;
    this.seed = config.seed();
    this.instanceId = seed.instanceArn().substring(seed.instanceArn().indexOf("instance/") + "instance/".length());
    this.random = new Random(config.randomSeed());
    this.instanceCreated = config.clock().instant();
    int i = 0;
    for (SandboxSeed.Account a : seed.accounts()) {
      accounts.put(a.id(), a);
      accountOrder.put(a.id(), i++);
    }
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sso-admin-sandbox-provisioning");
      t.setDaemon(true);
      return t;
    });
  }

  void shutdown() {
    scheduler.shutdownNow();
  }

  // ---------------------------------------------------------------- ground truth for tests

  /** @return every provisioning request, in submission order */
  public List<ProvisioningRecord> provisioningRecords() {
    synchronized (lock) {
      return provisioning.values().stream().map(this::record).toList();
    }
  }

  /**
   * @param requestId a request id
   * @return its record, if the sandbox issued it
   */
  public Optional<ProvisioningRecord> provisioningRecord(String requestId) {
    synchronized (lock) {
      Operation op = provisioning.get(requestId);
      return op == null ? Optional.empty() : Optional.of(record(op));
    }
  }

  private ProvisioningRecord record(Operation op) {
    return new ProvisioningRecord(op.id, seed.instanceArn(), op.permissionSetArn, op.targetType, op.accountId,
        op.covered, op.status.now(), op.failureReason, op.createdAt, op.completedAt);
  }

  // ---------------------------------------------------------------- helpers

  private Instant now() {
    return config.clock().instant();
  }

  private Instant listCutoff() {
    Duration lag = config.toReal(faults.listVisibilityLag());
    if (faults.listLagVaries() && !lag.isZero()) {
      lag = Duration.ofNanos((long) (random.nextDouble() * lag.toNanos()));
    }
    return now().minus(lag);
  }

  private static String key(long seq) {
    return String.format("%019d", seq);
  }

  private String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private String hex16() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  private void checkInstance(Req req) {
    String arn = req.str("InstanceArn", Shape.INSTANCE_ARN, true);
    if (!arn.equals(seed.instanceArn())) {
      throw AwsError.notFound("Could not find instance with InstanceArn " + arn);
    }
  }

  private PermissionSet permissionSet(Req req) {
    checkInstance(req);
    String arn = req.str("PermissionSetArn", Shape.PERMISSION_SET_ARN, true);
    PermissionSet ps = permissionSets.get(arn);
    if (ps == null || ps.deletedAt != null) {
      throw AwsError.notFound("Could not find PermissionSet with PermissionSetArn " + arn);
    }
    return ps;
  }

  private void changed(PermissionSet ps) {
    ps.version++;
    ps.versions.set(now(), ps.version);
  }

  private static JsonObject psJson(PermissionSet ps) {
    JsonObject o = new JsonObject();
    o.addProperty("Name", ps.name);
    o.addProperty("PermissionSetArn", ps.arn);
    if (ps.description != null) {
      o.addProperty("Description", ps.description);
    }
    o.addProperty("CreatedDate", epochSeconds(ps.createdAt));
    o.addProperty("SessionDuration", ps.sessionDuration);
    if (ps.relayState != null) {
      o.addProperty("RelayState", ps.relayState);
    }
    return o;
  }

  private static JsonObject single(String member, JsonElement value) {
    JsonObject o = new JsonObject();
    o.add(member, value);
    return o;
  }

  private static <T> JsonObject listResponse(String member, PageTokens.Page<T> page,
      java.util.function.Function<T, JsonElement> toJson) {
    JsonArray a = new JsonArray();
    page.items().forEach(i -> a.add(toJson.apply(i)));
    JsonObject o = single(member, a);
    if (page.nextToken() != null) {
      o.addProperty("NextToken", page.nextToken());
    }
    return o;
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

  // ---------------------------------------------------------------- instances and permission sets

  JsonObject listInstances(Req req) {
    synchronized (lock) {
      JsonObject inst = new JsonObject();
      inst.addProperty("InstanceArn", seed.instanceArn());
      inst.addProperty("IdentityStoreId", seed.identityStoreId());
      inst.addProperty("OwnerAccountId", seed.ownerAccountId());
      inst.addProperty("Name", seed.instanceName());
      inst.addProperty("CreatedDate", epochSeconds(instanceCreated));
      inst.addProperty("Status", "ACTIVE");
      PageTokens.Page<JsonObject> page = tokens.page(req, List.of(inst), i -> "0");
      return listResponse("Instances", page, i -> i);
    }
  }

  JsonObject createPermissionSet(Req req) {
    synchronized (lock) {
      checkInstance(req);
      String name = req.str("Name", Shape.PERMISSION_SET_NAME, true);
      String description = req.str("Description", Shape.DESCRIPTION, false);
      String session = checkSessionDuration(req.str("SessionDuration", Shape.DURATION, false));
      String relay = req.str("RelayState", Shape.RELAY_STATE, false);
      Map<String, String> tags = tags(req, "Tags", false);
      for (PermissionSet p : permissionSets.values()) {
        if (p.deletedAt == null && p.name.equals(name)) {
          throw AwsError.conflict("PermissionSet with name " + name + " already exists.");
        }
      }
      String arn = "arn:aws:sso:::permissionSet/" + instanceId + "/ps-" + hex16();
      PermissionSet ps = new PermissionSet(arn, name, ++sequence, now());
      ps.description = description;
      ps.sessionDuration = session == null ? "PT1H" : session;
      ps.relayState = relay;
      if (tags != null) {
        ps.tags.putAll(tags);
      }
      permissionSets.put(arn, ps);
      return single("PermissionSet", psJson(ps));
    }
  }

  JsonObject describePermissionSet(Req req) {
    synchronized (lock) {
      return single("PermissionSet", psJson(permissionSet(req)));
    }
  }

  JsonObject updatePermissionSet(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
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
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject deletePermissionSet(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      long provisionedTo = provisioned.getOrDefault(ps.arn, Map.of()).values().stream()
          .filter(t -> t.now() != null).count();
      boolean busy = inFlight.stream().anyMatch(k -> k.startsWith(ps.arn + "|"));
      boolean assigned = assignments.values().stream()
          .anyMatch(a -> a.permissionSetArn.equals(ps.arn) && Boolean.TRUE.equals(a.present.now()));
      if (busy) {
        throw AwsError.conflict("The permission set " + ps.arn + " has a provisioning or account assignment "
            + "operation in progress; retry after it completes.");
      }
      if (provisionedTo > 0 || assigned) {
        throw AwsError.conflict("The permission set " + ps.arn + " is provisioned to " + provisionedTo
            + " account(s). Delete its account assignments before deleting the permission set.");
      }
      ps.deletedAt = now();
      return new JsonObject();
    }
  }

  JsonObject listPermissionSets(Req req) {
    synchronized (lock) {
      checkInstance(req);
      Instant cutoff = listCutoff();
      List<PermissionSet> visible = permissionSets.values().stream().filter(p -> p.visibleAt(cutoff)).toList();
      PageTokens.Page<PermissionSet> page = tokens.page(req, visible, p -> key(p.seq));
      return listResponse("PermissionSets", page, p -> new com.google.gson.JsonPrimitive(p.arn));
    }
  }

  // ---------------------------------------------------------------- policies

  JsonObject putInlinePolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      String policy = req.str("InlinePolicy", Shape.POLICY_DOCUMENT, true);
      try {
        JsonElement parsed = JsonParser.parseString(policy);
        if (!parsed.isJsonObject()) {
          throw new JsonParseException("not an object");
        }
      } catch (JsonParseException e) {
        throw AwsError.validation("The policy document is malformed: it must be a JSON object.");
      }
      ps.inlinePolicy = policy;
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject getInlinePolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      JsonObject o = new JsonObject();
      if (ps.inlinePolicy != null) {
        o.addProperty("InlinePolicy", ps.inlinePolicy);
      }
      return o;
    }
  }

  JsonObject deleteInlinePolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      if (ps.inlinePolicy != null) {
        ps.inlinePolicy = null;
        changed(ps);
      }
      return new JsonObject();
    }
  }

  JsonObject attachManagedPolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      String arn = req.str("ManagedPolicyArn", Shape.MANAGED_POLICY_ARN, true);
      if (ps.managedPolicies.containsKey(arn)) {
        throw AwsError.conflict("Managed policy " + arn + " is already attached to permission set " + ps.arn + ".");
      }
      if (ps.managedPolicies.size() >= MAX_MANAGED_POLICIES) {
        throw AwsError.quota("The permission set already has the maximum of " + MAX_MANAGED_POLICIES
            + " AWS managed policies attached.");
      }
      ps.managedPolicies.put(arn, ++sequence);
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject detachManagedPolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      String arn = req.str("ManagedPolicyArn", Shape.MANAGED_POLICY_ARN, true);
      if (ps.managedPolicies.remove(arn) == null) {
        throw AwsError.notFound("Managed policy " + arn + " is not attached to permission set " + ps.arn + ".");
      }
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject listManagedPolicies(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      List<Map.Entry<String, Long>> items = new ArrayList<>(ps.managedPolicies.entrySet());
      PageTokens.Page<Map.Entry<String, Long>> page = tokens.page(req, items, e -> key(e.getValue()));
      return listResponse("AttachedManagedPolicies", page, e -> {
        JsonObject o = new JsonObject();
        o.addProperty("Name", e.getKey().substring(e.getKey().lastIndexOf('/') + 1));
        o.addProperty("Arn", e.getKey());
        return o;
      });
    }
  }

  private JsonObject customerManagedReference(JsonObject ref, String path) {
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

  JsonObject attachCustomerManagedPolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      JsonObject ref = customerManagedReference(req.obj("CustomerManagedPolicyReference", true),
          "customerManagedPolicyReference");
      if (ps.customerManaged.containsKey(refKey(ref))) {
        throw AwsError.conflict("Customer managed policy reference " + refKey(ref)
            + " is already attached to permission set " + ps.arn + ".");
      }
      if (ps.customerManaged.size() >= MAX_CUSTOMER_MANAGED_POLICIES) {
        throw AwsError.quota("The permission set already has the maximum of " + MAX_CUSTOMER_MANAGED_POLICIES
            + " customer managed policy references attached.");
      }
      ps.customerManaged.put(refKey(ref), ref);
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject detachCustomerManagedPolicy(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      JsonObject ref = customerManagedReference(req.obj("CustomerManagedPolicyReference", true),
          "customerManagedPolicyReference");
      if (ps.customerManaged.remove(refKey(ref)) == null) {
        throw AwsError.notFound("Customer managed policy reference " + refKey(ref)
            + " is not attached to permission set " + ps.arn + ".");
      }
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject listCustomerManagedPolicies(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      List<JsonObject> refs = new ArrayList<>(ps.customerManaged.values());
      PageTokens.Page<JsonObject> page = tokens.page(req, refs, SsoAdminService::refKey);
      return listResponse("CustomerManagedPolicyReferences", page, r -> r.deepCopy());
    }
  }

  JsonObject putPermissionsBoundary(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
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
      changed(ps);
      return new JsonObject();
    }
  }

  JsonObject getPermissionsBoundary(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      if (ps.boundary == null) {
        throw AwsError.notFound("Permission set " + ps.arn + " has no permissions boundary.");
      }
      return single("PermissionsBoundary", ps.boundary.deepCopy());
    }
  }

  JsonObject deletePermissionsBoundary(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      if (ps.boundary == null) {
        throw AwsError.notFound("Permission set " + ps.arn + " has no permissions boundary.");
      }
      ps.boundary = null;
      changed(ps);
      return new JsonObject();
    }
  }

  // ---------------------------------------------------------------- provisioning

  JsonObject provisionPermissionSet(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
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
        covered = provisioned.getOrDefault(ps.arn, Map.of()).entrySet().stream()
            .filter(e -> e.getValue().now() != null)
            .map(Map.Entry::getKey)
            .sorted((a, b) -> Integer.compare(accountOrder.getOrDefault(a, Integer.MAX_VALUE),
                accountOrder.getOrDefault(b, Integer.MAX_VALUE)))
            .toList();
      }
      checkNoConflict(ps.arn, covered);
      Operation op = new Operation(uuid(), ++sequence, ps.arn, targetType,
          targetType.equals("AWS_ACCOUNT") ? targetId : null, covered, ps.version, now(), null, null);
      provisioning.put(op.id, op);
      schedule(op, Kind.PROVISION);
      return single("PermissionSetProvisioningStatus", provisioningJson(op));
    }
  }

  private void checkNoConflict(String psArn, List<String> covered) {
    for (String account : covered) {
      if (inFlight.contains(psArn + "|" + account)) {
        throw AwsError.conflict("A provisioning operation for permission set " + psArn + " to account " + account
            + " is already in progress. Retry after it completes.");
      }
    }
  }

  /** What a scheduled operation does when it completes. */
  private enum Kind { PROVISION, CREATE_ASSIGNMENT, DELETE_ASSIGNMENT }

  private void schedule(Operation op, Kind kind) {
    for (String a : op.covered) {
      inFlight.add(op.permissionSetArn + "|" + a);
    }
    long min = config.provisioningMin().toNanos();
    long max = config.provisioningMax().toNanos();
    long sandboxNanos = min + (max > min ? (long) (random.nextDouble() * (max - min)) : 0L);
    long realNanos = config.toReal(Duration.ofNanos(sandboxNanos)).toNanos();
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
    scheduler.schedule(() -> complete(op, kind), delay, TimeUnit.NANOSECONDS);
  }

  private void complete(Operation op, Kind kind) {
    synchronized (lock) {
      Instant t = now();
      PermissionSet ps = permissionSets.get(op.permissionSetArn);
      List<String> reasons = new ArrayList<>();
      for (String account : op.covered) {
        inFlight.remove(op.permissionSetArn + "|" + account);
        String reason = kind == Kind.DELETE_ASSIGNMENT ? null : failureReason(ps, account);
        if (reason != null) {
          reasons.add(reason);
          continue;
        }
        Map<String, Timeline<Integer>> byAccount = provisioned.computeIfAbsent(op.permissionSetArn, k -> new HashMap<>());
        if (kind == Kind.DELETE_ASSIGNMENT) {
          Assignment a = assignments.get(assignmentKey(account, op.permissionSetArn, op.principalType, op.principalId));
          if (a != null) {
            a.present.set(t, false);
          }
          boolean stillAssigned = assignments.values().stream().anyMatch(x -> x.accountId.equals(account)
              && x.permissionSetArn.equals(op.permissionSetArn) && Boolean.TRUE.equals(x.present.now()));
          Timeline<Integer> tl = byAccount.get(account);
          if (!stillAssigned && tl != null && tl.now() != null) {
            tl.set(t, null);
          }
        } else {
          byAccount.computeIfAbsent(account, k -> new Timeline<>()).set(t, op.version);
          if (kind == Kind.CREATE_ASSIGNMENT) {
            String k = assignmentKey(account, op.permissionSetArn, op.principalType, op.principalId);
            assignments.computeIfAbsent(k, x -> new Assignment(account, op.permissionSetArn, op.principalType,
                op.principalId, ++sequence)).present.set(t, true);
          }
        }
      }
      if (reasons.isEmpty()) {
        op.status.set(t, SUCCEEDED);
      } else {
        op.failureReason = reasons.size() == 1 ? reasons.get(0)
            : reasons.get(0) + " (" + (reasons.size() - 1) + " more account(s) failed)";
        op.status.set(t, FAILED);
      }
      op.completedAt = t;
    }
  }

  /** The reason provisioning {@code ps} to {@code accountId} fails, null when it succeeds. */
  private String failureReason(PermissionSet ps, String accountId) {
    SandboxSeed.Account account = accounts.get(accountId);
    if (account == null) {
      return "The account " + accountId + " is not a member of the organization that this instance of "
          + "IAM Identity Center belongs to.";
    }
    if (!account.active()) {
      return "The account " + accountId + " is suspended. Permission sets cannot be provisioned to a suspended account.";
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
    return null;
  }

  private JsonObject provisioningJson(Operation op) {
    JsonObject o = new JsonObject();
    o.addProperty("Status", op.status.now());
    o.addProperty("RequestId", op.id);
    if (op.accountId != null) {
      o.addProperty("AccountId", op.accountId);
    }
    o.addProperty("PermissionSetArn", op.permissionSetArn);
    if (op.failureReason != null) {
      o.addProperty("FailureReason", op.failureReason);
    }
    o.addProperty("CreatedDate", epochSeconds(op.createdAt));
    return o;
  }

  JsonObject describeProvisioningStatus(Req req) {
    synchronized (lock) {
      checkInstance(req);
      String id = req.str("ProvisionPermissionSetRequestId", Shape.UUID, true);
      Operation op = provisioning.get(id);
      if (op == null) {
        throw AwsError.notFound("Could not find provisioning request with id " + id);
      }
      return single("PermissionSetProvisioningStatus", provisioningJson(op));
    }
  }

  JsonObject listProvisioningStatus(Req req) {
    return listOperations(req, provisioning, "PermissionSetsProvisioningStatus");
  }

  private JsonObject listOperations(Req req, Map<String, Operation> ops, String member) {
    synchronized (lock) {
      checkInstance(req);
      JsonObject filter = req.obj("Filter", false);
      String status = filter == null ? null
          : Req.enumOf(filter, "Status", "filter.status", false, IN_PROGRESS, FAILED, SUCCEEDED);
      Instant cutoff = listCutoff();
      List<Object[]> visible = new ArrayList<>();
      for (Operation op : ops.values()) {
        String s = op.status.at(cutoff);
        if (s != null && (status == null || status.equals(s))) {
          visible.add(new Object[] {op, s});
        }
      }
      PageTokens.Page<Object[]> page = tokens.page(req, visible, x -> key(((Operation) x[0]).seq));
      return listResponse(member, page, x -> {
        Operation op = (Operation) x[0];
        JsonObject o = new JsonObject();
        o.addProperty("Status", (String) x[1]);
        o.addProperty("RequestId", op.id);
        o.addProperty("CreatedDate", epochSeconds(op.createdAt));
        return o;
      });
    }
  }

  JsonObject listAccountsForProvisionedPermissionSet(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      String filter = req.enumOf("ProvisioningStatus", false, PROVISIONED, NOT_PROVISIONED);
      Instant cutoff = listCutoff();
      Integer latest = ps.versions.at(cutoff);
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, Timeline<Integer>> e : provisioned.getOrDefault(ps.arn, Map.of()).entrySet()) {
        Integer v = e.getValue().at(cutoff);
        if (v != null && matches(filter, v.equals(latest))) {
          out.add(e.getKey());
        }
      }
      out.sort(java.util.Comparator.comparing(this::accountKey));
      PageTokens.Page<String> page = tokens.page(req, out, this::accountKey);
      return listResponse("AccountIds", page, com.google.gson.JsonPrimitive::new);
    }
  }

  private String accountKey(String accountId) {
    return key(accountOrder.getOrDefault(accountId, Integer.MAX_VALUE)) + accountId;
  }

  private static boolean matches(String filter, boolean latest) {
    return filter == null || filter.equals(latest ? PROVISIONED : NOT_PROVISIONED);
  }

  JsonObject listPermissionSetsProvisionedToAccount(Req req) {
    synchronized (lock) {
      checkInstance(req);
      String account = req.str("AccountId", Shape.ACCOUNT_ID, true);
      String filter = req.enumOf("ProvisioningStatus", false, PROVISIONED, NOT_PROVISIONED);
      Instant cutoff = listCutoff();
      List<PermissionSet> out = new ArrayList<>();
      for (PermissionSet ps : permissionSets.values()) {
        if (!ps.visibleAt(cutoff)) {
          continue;
        }
        Timeline<Integer> tl = provisioned.getOrDefault(ps.arn, Map.of()).get(account);
        Integer v = tl == null ? null : tl.at(cutoff);
        if (v != null && matches(filter, v.equals(ps.versions.at(cutoff)))) {
          out.add(ps);
        }
      }
      PageTokens.Page<PermissionSet> page = tokens.page(req, out, p -> key(p.seq));
      return listResponse("PermissionSets", page, p -> new com.google.gson.JsonPrimitive(p.arn));
    }
  }

  // ---------------------------------------------------------------- account assignments

  private static String assignmentKey(String account, String psArn, String principalType, String principalId) {
    return account + "|" + psArn + "|" + principalType + "|" + principalId;
  }

  JsonObject createAccountAssignment(Req req) {
    return assignmentOperation(req, Kind.CREATE_ASSIGNMENT, creations, "AccountAssignmentCreationStatus");
  }

  JsonObject deleteAccountAssignment(Req req) {
    return assignmentOperation(req, Kind.DELETE_ASSIGNMENT, deletions, "AccountAssignmentDeletionStatus");
  }

  private JsonObject assignmentOperation(Req req, Kind kind, Map<String, Operation> ops, String member) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      String targetId = req.str("TargetId", Shape.ACCOUNT_ID, true);
      req.enumOf("TargetType", true, "AWS_ACCOUNT");
      String principalType = req.enumOf("PrincipalType", true, "USER", "GROUP");
      String principalId = req.str("PrincipalId", Shape.PRINCIPAL_ID, true);
      if (kind == Kind.DELETE_ASSIGNMENT) {
        Assignment a = assignments.get(assignmentKey(targetId, ps.arn, principalType, principalId));
        if (a == null || !Boolean.TRUE.equals(a.present.now())) {
          throw AwsError.notFound("Could not find an account assignment of " + ps.arn + " to " + principalType + " "
              + principalId + " in account " + targetId + ".");
        }
      }
      checkNoConflict(ps.arn, List.of(targetId));
      Operation op = new Operation(uuid(), ++sequence, ps.arn, "AWS_ACCOUNT", targetId, List.of(targetId),
          ps.version, now(), principalType, principalId);
      ops.put(op.id, op);
      schedule(op, kind);
      return single(member, assignmentJson(op));
    }
  }

  private static JsonObject assignmentJson(Operation op) {
    JsonObject o = new JsonObject();
    o.addProperty("Status", op.status.now());
    o.addProperty("RequestId", op.id);
    if (op.failureReason != null) {
      o.addProperty("FailureReason", op.failureReason);
    }
    o.addProperty("TargetId", op.accountId);
    o.addProperty("TargetType", op.targetType);
    o.addProperty("PermissionSetArn", op.permissionSetArn);
    o.addProperty("PrincipalType", op.principalType);
    o.addProperty("PrincipalId", op.principalId);
    o.addProperty("CreatedDate", epochSeconds(op.createdAt));
    return o;
  }

  JsonObject describeAssignmentCreationStatus(Req req) {
    return describeAssignment(req, creations, "AccountAssignmentCreationRequestId", "AccountAssignmentCreationStatus");
  }

  JsonObject describeAssignmentDeletionStatus(Req req) {
    return describeAssignment(req, deletions, "AccountAssignmentDeletionRequestId", "AccountAssignmentDeletionStatus");
  }

  private JsonObject describeAssignment(Req req, Map<String, Operation> ops, String idMember, String member) {
    synchronized (lock) {
      checkInstance(req);
      String id = req.str(idMember, Shape.UUID, true);
      Operation op = ops.get(id);
      if (op == null) {
        throw AwsError.notFound("Could not find account assignment request with id " + id);
      }
      return single(member, assignmentJson(op));
    }
  }

  JsonObject listAssignmentCreationStatus(Req req) {
    return listOperations(req, creations, "AccountAssignmentsCreationStatus");
  }

  JsonObject listAssignmentDeletionStatus(Req req) {
    return listOperations(req, deletions, "AccountAssignmentsDeletionStatus");
  }

  JsonObject listAccountAssignments(Req req) {
    synchronized (lock) {
      PermissionSet ps = permissionSet(req);
      String account = req.str("AccountId", Shape.ACCOUNT_ID, true);
      Instant cutoff = listCutoff();
      List<Assignment> out = assignments.values().stream()
          .filter(a -> a.accountId.equals(account) && a.permissionSetArn.equals(ps.arn)
              && Boolean.TRUE.equals(a.present.at(cutoff)))
          .toList();
      PageTokens.Page<Assignment> page = tokens.page(req, out, a -> key(a.seq));
      return listResponse("AccountAssignments", page, a -> {
        JsonObject o = new JsonObject();
        o.addProperty("AccountId", a.accountId);
        o.addProperty("PermissionSetArn", a.permissionSetArn);
        o.addProperty("PrincipalType", a.principalType);
        o.addProperty("PrincipalId", a.principalId);
        return o;
      });
    }
  }

  // ---------------------------------------------------------------- tags

  private Map<String, String> tags(Req req, String member, boolean required) {
    JsonArray a = req.arr(member, required, 0, 75);
    if (a == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    for (JsonElement e : a) {
      i++;
      if (!e.isJsonObject()) {
        throw AwsError.serialization("Expected an object in " + member);
      }
      JsonObject t = e.getAsJsonObject();
      String path = Character.toLowerCase(member.charAt(0)) + member.substring(1) + "." + i + ".member";
      out.put(Req.str(t, "Key", path + ".key", Shape.TAG_KEY, true),
          Req.str(t, "Value", path + ".value", Shape.TAG_VALUE, true));
    }
    return out;
  }

  private Map<String, String> taggable(Req req) {
    String instance = req.str("InstanceArn", Shape.INSTANCE_ARN, false);
    if (instance != null && !instance.equals(seed.instanceArn())) {
      throw AwsError.notFound("Could not find instance with InstanceArn " + instance);
    }
    String arn = req.str("ResourceArn", Shape.TAGGABLE_ARN, true);
    if (arn.equals(seed.instanceArn())) {
      return instanceTags;
    }
    PermissionSet ps = permissionSets.get(arn);
    if (ps == null || ps.deletedAt != null) {
      throw AwsError.notFound("Could not find resource with ResourceArn " + arn);
    }
    return ps.tags;
  }

  JsonObject tagResource(Req req) {
    synchronized (lock) {
      Map<String, String> target = taggable(req);
      Map<String, String> add = tags(req, "Tags", true);
      Map<String, String> merged = new LinkedHashMap<>(target);
      merged.putAll(add);
      if (merged.size() > MAX_TAGS) {
        throw AwsError.quota("A resource can have at most " + MAX_TAGS + " tags.");
      }
      // tags never change the permission set version: provisioned accounts stay current
      target.putAll(add);
      return new JsonObject();
    }
  }

  JsonObject untagResource(Req req) {
    synchronized (lock) {
      Map<String, String> target = taggable(req);
      JsonArray keys = req.arr("TagKeys", true, 1, 75);
      int i = 0;
      for (JsonElement k : keys) {
        i++;
        if (!k.isJsonPrimitive()) {
          throw AwsError.serialization("Expected a string in TagKeys");
        }
        JsonObject holder = new JsonObject();
        holder.add("k", k);
        target.remove(Req.str(holder, "k", "tagKeys." + i + ".member", Shape.TAG_KEY, true));
      }
      return new JsonObject();
    }
  }

  JsonObject listTagsForResource(Req req) {
    synchronized (lock) {
      Map<String, String> target = taggable(req);
      List<Map.Entry<String, String>> items = new ArrayList<>(target.entrySet());
      items.sort(Map.Entry.comparingByKey());
      PageTokens.Page<Map.Entry<String, String>> page = tokens.page(req, items, Map.Entry::getKey);
      return listResponse("Tags", page, e -> {
        JsonObject o = new JsonObject();
        o.addProperty("Key", e.getKey());
        o.addProperty("Value", e.getValue());
        return o;
      });
    }
  }
}
