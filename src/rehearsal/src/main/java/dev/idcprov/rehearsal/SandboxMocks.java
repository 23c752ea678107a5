package dev.idcprov.rehearsal;

import com.pulumi.test.Mocks;
import dev.idcprov.waiter.ManagedPolicyArn;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.CustomerManagedPolicyReference;
import software.amazon.awssdk.services.ssoadmin.model.PermissionsBoundary;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.Tag;

/**
 * Pulumi test-runtime mocks that create the pulumi-aws {@code ssoadmin} resources of a program in an SSO Admin
 * endpoint (the local sandbox) through a real {@link SsoAdminClient}, so a program run in the SDK's in-process
 * runtime gets real ARNs and real asynchronous provisioning.
 *
 * <table>
 *   <caption>What each type becomes</caption>
 *   <tr><th>Pulumi type</th><th>SSO Admin calls</th></tr>
 *   <tr><td>{@value #PERMISSION_SET}</td><td>CreatePermissionSet, later UpdatePermissionSet</td></tr>
 *   <tr><td>{@value #INLINE_POLICY}</td><td>PutInlinePolicyToPermissionSet</td></tr>
 *   <tr><td>{@value #MANAGED_POLICY_ATTACHMENT}</td><td>AttachManagedPolicyToPermissionSet</td></tr>
 *   <tr><td>{@value #CUSTOMER_MANAGED_POLICY_ATTACHMENT}</td>
 *       <td>AttachCustomerManagedPolicyReferenceToPermissionSet</td></tr>
 *   <tr><td>{@value #PERMISSIONS_BOUNDARY_ATTACHMENT}</td><td>PutPermissionsBoundaryToPermissionSet</td></tr>
 *   <tr><td>{@value #ACCOUNT_ASSIGNMENT}</td>
 *       <td>CreateAccountAssignment, then DescribeAccountAssignmentCreationStatus until it ends</td></tr>
 *   <tr><td>invoke {@value #GET_INSTANCES}</td><td>ListInstances</td></tr>
 * </table>
 *
 * <p>Component types given to the constructor (by default {@value #COMPONENT_TYPE}) and explicit
 * {@code pulumi:providers:*} resources get an empty state; any other type fails the run with a message naming it.
 *
 * <p>The mocks keep what they created, keyed by type and resource name, so several runs of a program against one
 * instance behave like successive {@code pulumi up}s: an unchanged resource makes no call, a changed one is updated
 * (a changed inline policy becomes PutInlinePolicyToPermissionSet, which makes the set outdated in its accounts),
 * and a change to a property AWS cannot update replaces the resource. Resources a later run no longer declares are
 * left in place. Instances are thread-safe; every change is reported to the listener as a {@link ResourceEvent}.
 *
 * <pre>{@code
 * try (SandboxMocks mocks = SandboxMocks.forEndpoint(sandbox.endpoint(), event -> System.out.println(event))) {
 *   PulumiTestInternal.builder().mocks(mocks).config(config).build().runTest(App::stack);
 * }
 * }</pre>
 *
 * <p>Size: over 400 lines, one short handler per pulumi-aws {@code ssoadmin} resource type it forwards, next to the
 * shared create/update/replace bookkeeping; it is the next candidate for a split by resource type once the mocks
 * reproduce pulumi-aws's own provisioning (which adds to each handler).
 */
public final class SandboxMocks implements Mocks, AutoCloseable {
  /** pulumi-aws permission set. */
  public static final String PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
  /** pulumi-aws inline policy of a permission set. */
  public static final String INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";
  /** pulumi-aws AWS managed policy attachment. */
  public static final String MANAGED_POLICY_ATTACHMENT =
      "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
  /** pulumi-aws customer managed policy attachment. */
  public static final String CUSTOMER_MANAGED_POLICY_ATTACHMENT =
      "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment";
  /** pulumi-aws permissions boundary attachment. */
  public static final String PERMISSIONS_BOUNDARY_ATTACHMENT =
      "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment";
  /** pulumi-aws account assignment. */
  public static final String ACCOUNT_ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
  /** pulumi-aws data source listing the Identity Center instances. */
  public static final String GET_INSTANCES = "aws:ssoadmin/getInstances:getInstances";
  /** The product's component. */
  public static final String COMPONENT_TYPE = "idcprov:index:PermissionSetProvisioning";

  /** The SSO Admin types this class forwards. */
  public static final Set<String> FORWARDED_TYPES = Set.of(PERMISSION_SET, INLINE_POLICY, MANAGED_POLICY_ATTACHMENT,
      CUSTOMER_MANAGED_POLICY_ATTACHMENT, PERMISSIONS_BOUNDARY_ATTACHMENT, ACCOUNT_ASSIGNMENT);

  private static final Duration ASSIGNMENT_POLL = Duration.ofMillis(50);
  private static final Duration ASSIGNMENT_DEADLINE = Duration.ofSeconds(60);

  /** What a resource registration did. */
  public enum Change {
    /** The resource was created. */
    CREATED,
    /** The resource was updated in place. */
    UPDATED,
    /** The resource was created anew because a property AWS cannot update changed. */
    REPLACED,
    /** Nothing changed; no call was made. */
    UNCHANGED
  }

  /**
   * One resource registration, as a deployment would show it.
   *
   * @param type   the Pulumi type token
   * @param name   the resource name
   * @param change what happened
   * @param detail the calls made or the resulting ARN, for display
   */
  public record ResourceEvent(String type, String name, Change change, String detail) {
    /** @throws NullPointerException if type, name or change is null */
    public ResourceEvent {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(change, "change");
      detail = detail == null ? "" : detail;
    }
  }

  private record Known(Map<String, Object> inputs, String id, Map<String, Object> state) {
  }

  private final SsoAdminClient client;
  private final PulumiAwsProvisioning provisioning;
  private volatile boolean preview;
  private final boolean ownsClient;
  private final Consumer<ResourceEvent> listener;
  private final Set<String> componentTypes;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sandbox-mocks");
    t.setDaemon(true);
    return t;
  });

  /**
   * Mocks over a client the caller owns (not closed by {@link #close()}).
   *
   * @param client         the SSO Admin client, pointed at the sandbox
   * @param listener       receives every registration, on the mocks' threads
   * @param componentTypes component types that get an empty state
   * @throws NullPointerException if any argument is null
   */
  public SandboxMocks(SsoAdminClient client, Consumer<ResourceEvent> listener, Set<String> componentTypes) {
    this(client, false, listener, componentTypes, 1);
  }

  /**
   * Mocks over a client the caller owns, against a sandbox running {@code timeScale} times faster than real time
   * (pulumi-aws's own provisioning waits are shortened by the same factor).
   *
   * @param client         the SSO Admin client, pointed at the sandbox
   * @param listener       receives every registration, on the mocks' threads
   * @param componentTypes component types that get an empty state
   * @param timeScale      the sandbox's time scale, at least 1
   * @throws NullPointerException     if any argument is null
   * @throws IllegalArgumentException if timeScale is below 1
   */
  public SandboxMocks(SsoAdminClient client, Consumer<ResourceEvent> listener, Set<String> componentTypes,
      double timeScale) {
    this(client, false, listener, componentTypes, timeScale);
  }

  private SandboxMocks(SsoAdminClient client, boolean ownsClient, Consumer<ResourceEvent> listener,
      Set<String> componentTypes, double timeScale) {
    this.client = Objects.requireNonNull(client, "client");
    this.provisioning = new PulumiAwsProvisioning(client, timeScale);
    this.ownsClient = ownsClient;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.componentTypes = Set.copyOf(Objects.requireNonNull(componentTypes, "componentTypes"));
  }

  /**
   * Mocks that build, own and close a client for {@code endpoint}, with dummy static credentials and region
   * {@code us-east-1}; only {@value #COMPONENT_TYPE} is treated as a component.
   *
   * @param endpoint the SSO Admin endpoint, e.g. the sandbox's
   * @param listener receives every registration
   * @return the mocks; close them after the last run
   * @throws NullPointerException if an argument is null
   */
  public static SandboxMocks forEndpoint(URI endpoint, Consumer<ResourceEvent> listener) {
    return forEndpoint(endpoint, listener, 1);
  }

  /**
   * Like {@link #forEndpoint(URI, Consumer)}, for a sandbox running {@code timeScale} times faster than real time.
   *
   * @param endpoint  the SSO Admin endpoint, e.g. the sandbox's
   * @param listener  receives every registration
   * @param timeScale the sandbox's time scale, at least 1
   * @return the mocks; close them after the last run
   */
  public static SandboxMocks forEndpoint(URI endpoint, Consumer<ResourceEvent> listener, double timeScale) {
    return new SandboxMocks(sandboxClient(endpoint), true, listener, Set.of(COMPONENT_TYPE), timeScale);
  }

  /**
   * Switches between preview and update: in preview the mocks make no SSO Admin write and remember nothing;
   * a resource to create or change is reported as planned ({@link Change#CREATED}, {@link Change#UPDATED}...
   * with detail "(planned)") and keeps its last known state, or none.
   *
   * @param preview whether the next runs are previews
   */
  public void preview(boolean preview) {
    this.preview = preview;
  }

  /**
   * A client for an emulator endpoint: dummy static credentials (the sandbox does not check signatures),
   * region {@code us-east-1}, the URL-connection HTTP client.
   *
   * @param endpoint the endpoint
   * @return a new client the caller owns
   */
  public static SsoAdminClient sandboxClient(URI endpoint) {
    return SsoAdminClient.builder()
        .endpointOverride(Objects.requireNonNull(endpoint, "endpoint"))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("rehearsal", "rehearsal")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
    if (componentTypes.contains(args.type)) {
      Change change = preview ? planChange(args) : remember(args.type, args.name, args.inputs, null, Map.of());
      listener.accept(new ResourceEvent(args.type, args.name, change, ""));
      return CompletableFuture.completedFuture(ResourceResult.of(Optional.empty(), Map.of()));
    }
    if (args.type.startsWith("pulumi:providers:")) {
      return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-provider"), args.inputs));
    }
    if (preview && FORWARDED_TYPES.contains(args.type)) {
      return CompletableFuture.completedFuture(planned(args));
    }
    Supplier<ResourceResult> work = switch (args.type) {
      case PERMISSION_SET -> () -> permissionSet(args);
      case INLINE_POLICY -> () -> inlinePolicy(args);
      case MANAGED_POLICY_ATTACHMENT -> () -> managedPolicy(args);
      case CUSTOMER_MANAGED_POLICY_ATTACHMENT -> () -> customerManagedPolicy(args);
      case PERMISSIONS_BOUNDARY_ATTACHMENT -> () -> permissionsBoundary(args);
      case ACCOUNT_ASSIGNMENT -> () -> accountAssignment(args);
      default -> null;
    };
    if (work == null) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("the rehearsal cannot create "
          + args.type + " '" + args.name + "': only the ssoadmin resources " + FORWARDED_TYPES
          + " and the component types " + componentTypes + " are emulated"));
    }
    return CompletableFuture.supplyAsync(work, executor);
  }

  @Override
  public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
    if (!GET_INSTANCES.equals(args.token)) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("the rehearsal cannot answer the invoke "
          + args.token + ": only " + GET_INSTANCES + " is emulated"));
    }
    return CompletableFuture.supplyAsync(() -> aws("ListInstances", "getInstances", () -> {
      var instances = client.listInstancesPaginator(r -> { }).instances().stream().toList();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("arns", instances.stream().map(i -> i.instanceArn()).toList());
      result.put("identityStoreIds", instances.stream().map(i -> i.identityStoreId()).toList());
      result.put("id", "us-east-1");
      return result;
    }), executor);
  }

  /** Stops the mocks' threads and closes the client if these mocks built it. */
  @Override
  public void close() {
    executor.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  private ResourceResult permissionSet(ResourceArgs args) {
    String instanceArn = require(args, "instanceArn");
    String name = require(args, "name");
    Known before = known.get(key(args));
    if (before != null && before.inputs().equals(args.inputs)) {
      return unchanged(args, before);
    }
    String arn;
    Change change;
    String detail;
    if (before == null || !Objects.equals(before.inputs().get("name"), name)
        || !Objects.equals(before.inputs().get("instanceArn"), instanceArn)) {
      arn = aws("CreatePermissionSet", args.name, () -> client.createPermissionSet(r -> r
          .instanceArn(instanceArn).name(name)
          .description(optional(args, "description"))
          .sessionDuration(optional(args, "sessionDuration"))
          .relayState(optional(args, "relayState"))
          .tags(tags(args))).permissionSet().permissionSetArn());
      change = before == null ? Change.CREATED : Change.REPLACED;
      detail = "CreatePermissionSet " + arn;
    } else {
      arn = (String) before.state().get("arn");
      change = Change.UPDATED;
      // terraform-provider-aws updates (and then provisions) only when one of these three changed; tags go through
      // the tagging API and provision nothing.
      boolean provisioned = List.of("description", "relayState", "sessionDuration").stream()
          .anyMatch(k -> !Objects.equals(before.inputs().get(k), args.inputs.get(k)));
      if (provisioned) {
        aws("UpdatePermissionSet", args.name, () -> client.updatePermissionSet(r -> r
            .instanceArn(instanceArn).permissionSetArn(arn)
            .description(optional(args, "description"))
            .sessionDuration(optional(args, "sessionDuration"))
            .relayState(optional(args, "relayState"))));
        Map<String, Object> state = permissionSetState(args, arn, before, change);
        return finish(args, change, arn + "," + instanceArn, state, "UpdatePermissionSet",
            () -> provisionAll(args.name, instanceArn, arn));
      }
      detail = "tags only: no UpdatePermissionSet, no provisioning";
    }
    return done(args, change, arn + "," + instanceArn, permissionSetState(args, arn, before, change), detail);
  }

  private static Map<String, Object> permissionSetState(ResourceArgs args, String arn, Known before, Change change) {
    Map<String, Object> state = new LinkedHashMap<>(args.inputs);
    state.put("arn", arn);
    state.put("createdDate", before == null || change == Change.REPLACED
        ? Instant.now().toString() : before.state().get("createdDate"));
    state.put("tagsAll", args.inputs.getOrDefault("tags", Map.of()));
    return state;
  }

  private ResourceResult inlinePolicy(ResourceArgs args) {
    String instanceArn = require(args, "instanceArn");
    String setArn = require(args, "permissionSetArn");
    String policy = require(args, "inlinePolicy");
    Known before = known.get(key(args));
    if (before != null && before.inputs().equals(args.inputs)) {
      return unchanged(args, before);
    }
    aws("PutInlinePolicyToPermissionSet", args.name, () -> client.putInlinePolicyToPermissionSet(r -> r
        .instanceArn(instanceArn).permissionSetArn(setArn).inlinePolicy(policy)));
    return finish(args, before == null ? Change.CREATED : Change.UPDATED, setArn + "," + instanceArn,
        new LinkedHashMap<>(args.inputs), "PutInlinePolicyToPermissionSet",
        () -> provisionAll(args.name, instanceArn, setArn));
  }

  private ResourceResult managedPolicy(ResourceArgs args) {
    String instanceArn = require(args, "instanceArn");
    String setArn = require(args, "permissionSetArn");
    String policyArn = require(args, "managedPolicyArn");
    Known before = known.get(key(args));
    if (before != null && before.inputs().equals(args.inputs)) {
      return unchanged(args, before);
    }
    aws("AttachManagedPolicyToPermissionSet", args.name, () -> client.attachManagedPolicyToPermissionSet(r -> r
        .instanceArn(instanceArn).permissionSetArn(setArn).managedPolicyArn(policyArn)));
    Map<String, Object> state = new LinkedHashMap<>(args.inputs);
    state.put("managedPolicyName", ManagedPolicyArn.parse("managedPolicyArn", policyArn).name());
    return finish(args, before == null ? Change.CREATED : Change.REPLACED,
        policyArn + "," + setArn + "," + instanceArn, state, "AttachManagedPolicyToPermissionSet " + policyArn, () -> {
          // create provisions, and so does the delete of the replaced attachment
          String created = provisionAll(args.name, instanceArn, setArn);
          if (before == null) {
            return created;
          }
          detachManagedPolicy(args.name, before.inputs());
          return created + "; DetachManagedPolicyFromPermissionSet; "
              + provisionAll(args.name, (String) before.inputs().get("instanceArn"),
                  (String) before.inputs().get("permissionSetArn"));
        });
  }

  private void detachManagedPolicy(String name, Map<String, Object> old) {
    aws("DetachManagedPolicyFromPermissionSet", name, () -> client.detachManagedPolicyFromPermissionSet(r -> r
        .instanceArn((String) old.get("instanceArn")).permissionSetArn((String) old.get("permissionSetArn"))
        .managedPolicyArn((String) old.get("managedPolicyArn"))));
  }

  private ResourceResult customerManagedPolicy(ResourceArgs args) {
    String instanceArn = require(args, "instanceArn");
    String setArn = require(args, "permissionSetArn");
    CustomerManagedPolicyReference reference = policyReference(args.name,
        requireMap(args, "customerManagedPolicyReference"));
    Known before = known.get(key(args));
    if (before != null && before.inputs().equals(args.inputs)) {
      return unchanged(args, before);
    }
    aws("AttachCustomerManagedPolicyReferenceToPermissionSet", args.name,
        () -> client.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r
            .instanceArn(instanceArn).permissionSetArn(setArn).customerManagedPolicyReference(reference)));
    return finish(args, before == null ? Change.CREATED : Change.REPLACED,
        reference.name() + "," + reference.path() + "," + setArn + "," + instanceArn, new LinkedHashMap<>(args.inputs),
        "AttachCustomerManagedPolicyReferenceToPermissionSet " + reference.path() + reference.name(), () -> {
          String created = provisionAll(args.name, instanceArn, setArn);
          if (before == null) {
            return created;
          }
          Map<String, Object> old = before.inputs();
          CustomerManagedPolicyReference oldReference = policyReference(args.name,
              asMap(old.get("customerManagedPolicyReference")));
          aws("DetachCustomerManagedPolicyReferenceFromPermissionSet", args.name,
              () -> client.detachCustomerManagedPolicyReferenceFromPermissionSet(r -> r
                  .instanceArn((String) old.get("instanceArn")).permissionSetArn((String) old.get("permissionSetArn"))
                  .customerManagedPolicyReference(oldReference)));
          return created + "; DetachCustomerManagedPolicyReferenceFromPermissionSet; "
              + provisionAll(args.name, (String) old.get("instanceArn"), (String) old.get("permissionSetArn"));
        });
  }

  private ResourceResult permissionsBoundary(ResourceArgs args) {
    String instanceArn = require(args, "instanceArn");
    String setArn = require(args, "permissionSetArn");
    Map<String, Object> boundary = requireMap(args, "permissionsBoundary");
    Known before = known.get(key(args));
    if (before != null && before.inputs().equals(args.inputs)) {
      return unchanged(args, before);
    }
    PermissionsBoundary.Builder value = PermissionsBoundary.builder()
        .managedPolicyArn((String) boundary.get("managedPolicyArn"));
    if (boundary.get("customerManagedPolicyReference") != null) {
      value.customerManagedPolicyReference(policyReference(args.name, asMap(boundary.get("customerManagedPolicyReference"))));
    }
    aws("PutPermissionsBoundaryToPermissionSet", args.name, () -> client.putPermissionsBoundaryToPermissionSet(r -> r
        .instanceArn(instanceArn).permissionSetArn(setArn).permissionsBoundary(value.build())));
    return finish(args, before == null ? Change.CREATED : Change.REPLACED, setArn + "," + instanceArn,
        new LinkedHashMap<>(args.inputs), "PutPermissionsBoundaryToPermissionSet",
        () -> provisionAll(args.name, instanceArn, setArn));
  }

  private ResourceResult accountAssignment(ResourceArgs args) {
    String instanceArn = require(args, "instanceArn");
    String setArn = require(args, "permissionSetArn");
    String principalId = require(args, "principalId");
    String principalType = require(args, "principalType");
    String targetId = require(args, "targetId");
    String targetType = optional(args, "targetType") == null ? "AWS_ACCOUNT" : optional(args, "targetType");
    Known before = known.get(key(args));
    if (before != null && before.inputs().equals(args.inputs)) {
      return unchanged(args, before);
    }
    AccountAssignmentOperationStatus created = aws("CreateAccountAssignment", args.name,
        () -> client.createAccountAssignment(r -> r.instanceArn(instanceArn).permissionSetArn(setArn)
            .principalId(principalId).principalType(principalType).targetId(targetId).targetType(targetType))
            .accountAssignmentCreationStatus());
    AccountAssignmentOperationStatus status = awaitAssignment(args.name, instanceArn, created, true);
    if (before != null) {
      Map<String, Object> old = before.inputs();
      AccountAssignmentOperationStatus deleting = aws("DeleteAccountAssignment", args.name,
          () -> client.deleteAccountAssignment(r -> r.instanceArn((String) old.get("instanceArn"))
              .permissionSetArn((String) old.get("permissionSetArn")).principalId((String) old.get("principalId"))
              .principalType((String) old.get("principalType")).targetId((String) old.get("targetId"))
              .targetType("AWS_ACCOUNT")).accountAssignmentDeletionStatus());
      awaitAssignment(args.name, (String) old.get("instanceArn"), deleting, false);
    }
    Map<String, Object> state = new LinkedHashMap<>(args.inputs);
    state.put("targetType", targetType);
    String id = String.join(",", targetId, targetType, setArn, principalType, principalId, instanceArn);
    return done(args, before == null ? Change.CREATED : Change.REPLACED, id, state,
        "CreateAccountAssignment " + principalType + " " + principalId + " -> " + targetId + " " + status.statusAsString());
  }

  // CreateAccountAssignment and DeleteAccountAssignment are asynchronous: the call returns a request id whose status
  // ends SUCCEEDED or FAILED; pulumi-aws waits for it, and so do the mocks.
  private AccountAssignmentOperationStatus awaitAssignment(String name, String instanceArn,
      AccountAssignmentOperationStatus status, boolean creation) {
    Instant deadline = Instant.now().plus(ASSIGNMENT_DEADLINE);
    String operation = creation ? "DescribeAccountAssignmentCreationStatus" : "DescribeAccountAssignmentDeletionStatus";
    AccountAssignmentOperationStatus current = status;
    while (current.status() == StatusValues.IN_PROGRESS) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("account assignment '" + name + "' (request " + current.requestId()
            + ") still IN_PROGRESS after " + ASSIGNMENT_DEADLINE.toSeconds() + "s");
      }
      try {
        Thread.sleep(ASSIGNMENT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for account assignment '" + name + "'", e);
      }
      String requestId = current.requestId();
      current = aws(operation, name, () -> creation
          ? client.describeAccountAssignmentCreationStatus(r -> r.instanceArn(instanceArn)
              .accountAssignmentCreationRequestId(requestId)).accountAssignmentCreationStatus()
          : client.describeAccountAssignmentDeletionStatus(r -> r.instanceArn(instanceArn)
              .accountAssignmentDeletionRequestId(requestId)).accountAssignmentDeletionStatus());
    }
    if (current.status() != StatusValues.SUCCEEDED) {
      throw new IllegalStateException("account assignment '" + name + "' " + (creation ? "creation" : "deletion")
          + " for account " + current.targetId() + " ended " + current.statusAsString() + ": "
          + current.failureReason());
    }
    return current;
  }

  /**
   * Ends a write the way pulumi-aws does: the resource is saved first (terraform-provider-aws sets its id before it
   * provisions), then the set is provisioned to all its accounts and waited for; a FAILED provisioning fails the
   * resource with the AWS reason, and the next run sees the resource unchanged and makes no call.
   */
  private ResourceResult finish(ResourceArgs args, Change change, String id, Map<String, Object> state, String detail,
      Supplier<String> provision) {
    remember(args.type, args.name, args.inputs, id, state);
    String provisioned;
    try {
      provisioned = provision.get();
    } catch (RuntimeException e) {
      listener.accept(new ResourceEvent(args.type, args.name, change, detail + "; " + e.getMessage()));
      throw e;
    }
    listener.accept(new ResourceEvent(args.type, args.name, change, detail + "; " + provisioned));
    return ResourceResult.of(Optional.of(id), state);
  }

  private String provisionAll(String resource, String instanceArn, String setArn) {
    try {
      return provisioning.provisionAll(resource, instanceArn, setArn).toString();
    } catch (SdkException e) {
      throw new IllegalStateException("ProvisionPermissionSet for '" + resource + "' failed: " + e.getMessage(), e);
    }
  }

  private ResourceResult planned(ResourceArgs args) {
    Known before = known.get(key(args));
    Change change = planChange(args);
    listener.accept(new ResourceEvent(args.type, args.name, change, change == Change.UNCHANGED ? "" : "(planned)"));
    return before == null ? ResourceResult.of(Optional.empty(), Map.of())
        : ResourceResult.of(Optional.of(before.id()), change == Change.UNCHANGED ? before.state() : Map.of());
  }

  private Change planChange(ResourceArgs args) {
    Known before = known.get(key(args));
    if (before == null) {
      return Change.CREATED;
    }
    return before.inputs().equals(args.inputs) ? Change.UNCHANGED : Change.UPDATED;
  }

  private ResourceResult unchanged(ResourceArgs args, Known before) {
    listener.accept(new ResourceEvent(args.type, args.name, Change.UNCHANGED, ""));
    return ResourceResult.of(Optional.of(before.id()), before.state());
  }

  private ResourceResult done(ResourceArgs args, Change change, String id, Map<String, Object> state, String detail) {
    remember(args.type, args.name, args.inputs, id, state);
    listener.accept(new ResourceEvent(args.type, args.name, change, detail));
    return ResourceResult.of(Optional.of(id), state);
  }

  private Change remember(String type, String name, Map<String, Object> inputs, String id, Map<String, Object> state) {
    Known before = known.put(type + "::" + name, new Known(Map.copyOf(inputs), id, state));
    if (before == null) {
      return Change.CREATED;
    }
    return before.inputs().equals(inputs) ? Change.UNCHANGED : Change.UPDATED;
  }

  private static String key(ResourceArgs args) {
    return args.type + "::" + args.name;
  }

  private static <T> T aws(String operation, String resourceName, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw new IllegalStateException(operation + " for '" + resourceName + "' failed: " + e.getMessage(), e);
    }
  }

  private static void aws(String operation, String resourceName, Runnable call) {
    aws(operation, resourceName, () -> {
      call.run();
      return null;
    });
  }

  private static String require(ResourceArgs args, String input) {
    Object value = args.inputs.get(input);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException(args.type + " '" + args.name + "': input '" + input
          + "' is required and must be a string, got " + value);
    }
    return s;
  }

  private static String optional(ResourceArgs args, String input) {
    Object value = args.inputs.get(input);
    return value == null ? null : value.toString();
  }

  private static Map<String, Object> requireMap(ResourceArgs args, String input) {
    Object value = args.inputs.get(input);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(args.type + " '" + args.name + "': input '" + input
          + "' is required and must be an object, got " + value);
    }
    return asMap(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static CustomerManagedPolicyReference policyReference(String name, Map<String, Object> reference) {
    Object policyName = reference.get("name");
    if (!(policyName instanceof String)) {
      throw new IllegalArgumentException("'" + name + "': customerManagedPolicyReference.name is required");
    }
    Object path = reference.get("path");
    return CustomerManagedPolicyReference.builder().name((String) policyName)
        .path(path == null ? "/" : path.toString()).build();
  }

  private static List<Tag> tags(ResourceArgs args) {
    return asMap(args.inputs.get("tags")).entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(String.valueOf(e.getValue())).build())
        .toList();
  }
}
