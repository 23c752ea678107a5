package dev.idcprov.pulumi;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.exceptions.ResourceException;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.ProviderResource;
import com.pulumi.resources.Resource;
import dev.idcprov.pulumi.internal.ComponentLog;
import dev.idcprov.pulumi.internal.ProvisioningRun;
import dev.idcprov.pulumi.internal.PulumiSdk;
import dev.idcprov.pulumi.internal.ResolvedInputs;
import dev.idcprov.pulumi.internal.RunOutcome;
import dev.idcprov.waiter.ProvisioningContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Provisions IAM Identity Center permission sets to their target accounts and waits until every targeted
 * account runs the latest version; the deployment fails, with the AWS reason per account, when one does not.
 *
 * <p><b>When it runs.</b> Only once every input is known and every resource in the options' {@code dependsOn}
 * (with, for components, their children) has finished being created or updated: the component joins those
 * resources' {@code urn} and {@code id} into its inputs before its first AWS call, because Pulumi does not order
 * a component's own code after its dependencies. Put the permission set's inline policy and policy attachments
 * in {@code dependsOn}.
 *
 * <p><b>Preview</b> ({@code pulumi preview} and the preview of {@code pulumi up}) never writes. When the inputs
 * are known it plans with read-only calls ({@code ListAccountsForProvisionedPermissionSet}) and reports the
 * accounts that would be provisioned in a message, in {@link #plannedTargets()} and in {@link #summary()};
 * {@link #results()} is empty and {@link #requestCount()} counts the requests that would be made. When they are
 * not known (for example a permission set still to be created) it says the plan is unknown and makes no call.
 *
 * <p><b>Update</b> provisions only the targets that do not run the latest version (every target with
 * {@code force}), waits, and exports one row per request in {@link #results()} and the counts. Nothing
 * outdated means no {@code ProvisionPermissionSet} call. Progress ("12/40 accounts provisioned") is logged on
 * the component while it waits. A FAILED request fails the deployment with one line per failed account
 * (permission set, account, AWS FailureReason, what to check); a passed deadline fails it naming the pending
 * RequestIds; bad inputs fail it naming the input, before any AWS call.
 *
 * <p>The wait is asynchronous: components of one program wait in parallel and share one SSO Admin call budget
 * per instance.
 *
 * <p><b>Identity.</b> The component acts as the identity the pulumi-aws default provider would use: the stack's
 * {@code aws:region}, {@code aws:profile}, {@code aws:accessKey}/{@code aws:secretKey}/{@code aws:token},
 * {@code aws:assumeRole} (pulumi-aws 6.x) or {@code aws:assumeRoles} (7.x, a chain), {@code aws:endpoints}
 * ({@code ssoadmin}, {@code sts}); explicit inputs override them. With an aws {@code Provider} in the options
 * ({@code provider} or {@code providers}) it uses the provider's region, profile and keys instead, and requires the
 * role the provider assumes as inputs ({@code assumeRoleArn}, or {@code noAssumeRole}), since a provider does not
 * expose it. Before any SSO Admin call it resolves its caller ({@code sts:GetCallerIdentity}), logs account and
 * principal ARN (in preview too), and fails, naming the account, when it is in {@code aws:forbiddenAccountIds}, not
 * in {@code aws:allowedAccountIds}, or not {@code expectedAccountId}. Keys are never logged or exported. Components
 * acting as one identity share one client and assume their roles once; clients are closed when done.
 *
 * <pre>{@code
 * var provisioning = new PermissionSetProvisioning("admins", PermissionSetProvisioningArgs.builder()
 *         .instanceArn(instanceArn)
 *         .permissionSetArns(permissionSet.arn().applyValue(List::of))
 *         .accountIds(List.of("111111111111", "222222222222"))
 *         .build(),
 *     ComponentResourceOptions.builder().dependsOn(inlinePolicy, managedPolicyAttachment).build());
 * ctx.export("provisioning", provisioning.summary());
 * }</pre>
 */
public final class PermissionSetProvisioning extends ComponentResource {
  /** The type token, {@code idcprov:index:PermissionSetProvisioning}. */
  public static final String TYPE = "idcprov:index:PermissionSetProvisioning";

  /**
   * One {@link RequestResult} per provisioning request: permission set, account ({@code ALL_PROVISIONED_ACCOUNTS}
   * for such a request), RequestId, final status, and AWS's FailureReason when FAILED. Empty in preview and when
   * nothing needed provisioning.
   */
  @Export(name = "results", refs = {List.class, RequestResult.class}, tree = "[0,1]")
  private final Output<List<RequestResult>> results;

  /** One {@link PlanEntry} per planned call: permission set, account, reason. */
  @Export(name = "plannedTargets", refs = {List.class, PlanEntry.class}, tree = "[0,1]")
  private final Output<List<PlanEntry>> plannedTargets;

  /** Requests made (preview: requests that would be made). */
  @Export(name = "requestCount")
  private final Output<Integer> requestCount;

  /** Requests that SUCCEEDED (0 in preview). */
  @Export(name = "succeededCount")
  private final Output<Integer> succeededCount;

  /** Requests that FAILED (0 in preview; a failure fails the deployment). */
  @Export(name = "failedCount")
  private final Output<Integer> failedCount;

  /** One line, e.g. {@code "3 account(s) provisioned, 5 up to date"}, or in preview {@code "would provision ..."}. */
  @Export(name = "summary")
  private final Output<String> summary;

  /** The run's end: TRUE, or failed with the {@link ResourceException} that fails the deployment. */
  private final CompletableFuture<Boolean> ended;

  /**
   * Declares the component; provisioning starts once its inputs and dependencies have resolved.
   *
   * @param name    the component's name
   * @param args    the inputs
   * @param options options, or null; {@code dependsOn} resources finish before any AWS call
   * @throws NullPointerException if {@code name} or {@code args} is null
   */
  public PermissionSetProvisioning(String name, PermissionSetProvisioningArgs args,
                                   ComponentResourceOptions options) {
    this(name, args, options, ProvisioningContext.defaultContext());
  }

  /**
   * Declares the component on a {@link ProvisioningContext} of one's own (Java programs only): its clock, threads and
   * per-instance rate budgets instead of the JVM's default, and its time scale applied to the time inputs (one input
   * second lasts {@code 1 s / timeScale}), for rehearsals and tests against a sandbox running faster than real time.
   * Components on one context share its budget of each instance.
   *
   * @param name    the component's name
   * @param args    the inputs
   * @param options options, or null; {@code dependsOn} resources finish before any AWS call
   * @param context the context
   * @throws NullPointerException if {@code name}, {@code args} or {@code context} is null
   */
  public PermissionSetProvisioning(String name, PermissionSetProvisioningArgs args,
                                   ComponentResourceOptions options, ProvisioningContext context) {
    // the deployment's dry-run flag and aws config are read before the SDK's Resource constructor runs: in a provider
    // process that constructor can make an earlier, failed construct's deployment current (docs/PACKAGE.md)
    this(name, args, options, context, PulumiSdk.isDryRun(), PulumiSdk.config("aws"));
  }

  private PermissionSetProvisioning(String name, PermissionSetProvisioningArgs args, ComponentResourceOptions options,
                                    ProvisioningContext context, boolean dryRun,
                                    Function<String, Optional<String>> awsConfig) {
    super(TYPE, Objects.requireNonNull(name, "name"), Objects.requireNonNull(args, "args"), options);
    Objects.requireNonNull(context, "context");
    ProvisioningRun.Settings settings = new ProvisioningRun.Settings(name, dryRun, awsConfig, context,
        ComponentLog.attachedTo(this, name));
    Output<Boolean> ready = dependenciesReady(options);
    CompletableFuture<RunOutcome> outcome =
        ProvisioningRun.start(settings, PulumiSdk.valueOrNull(rawInputs(args, ready, providers(options))));

    this.results = outputOf(outcome, RunOutcome::results);
    this.plannedTargets = outputOf(outcome, RunOutcome::plannedTargets);
    this.requestCount = outputOf(outcome, RunOutcome::requestCount);
    this.succeededCount = outputOf(outcome, RunOutcome::succeededCount);
    this.failedCount = outputOf(outcome, RunOutcome::failedCount);
    this.summary = outputOf(outcome, RunOutcome::summary);
    // The failure surfaces through this registered task, attached to the component, with our message only.
    this.ended = outcome.thenApply(o -> {
      if (o.failure() != null) {
        throw new ResourceException(o.failure().message(), o.failure().cause(), this, !o.failure().showStack());
      }
      return Boolean.TRUE;
    });
    Output.of(ended);
    registerOutputs(Map.of("results", results, "plannedTargets", plannedTargets, "requestCount", requestCount,
        "succeededCount", succeededCount, "failedCount", failedCount, "summary", summary));
  }

  /** @return one result per request (see {@link RequestResult}); empty in preview */
  public Output<List<RequestResult>> results() {
    return results;
  }

  /** @return one entry per planned call (see {@link PlanEntry}); unknown in a preview whose inputs are not known */
  public Output<List<PlanEntry>> plannedTargets() {
    return plannedTargets;
  }

  /** @return requests made (preview: that would be made) */
  public Output<Integer> requestCount() {
    return requestCount;
  }

  /** @return requests that succeeded */
  public Output<Integer> succeededCount() {
    return succeededCount;
  }

  /** @return requests that failed */
  public Output<Integer> failedCount() {
    return failedCount;
  }

  /** @return the one-line summary */
  public Output<String> summary() {
    return summary;
  }

  /**
   * The end of the run, for a host that constructs this component for an engine (the {@code idcprov} provider's
   * {@code Construct}). The component reports a failure to its deployment through a task registered on the thread's
   * current Pulumi deployment; in a provider process that serves several constructs, the Pulumi SDK 1.36.1 can leave a
   * failed construct's deployment current on a thread, and the task then lands in that old deployment, so the
   * construct would succeed although its run failed (see docs/PACKAGE.md, "Known issues"). A host fails its construct
   * when this future fails, whatever deployment the task went to.
   *
   * @return a future completed when the run has ended: normally when it succeeded (or was a preview), exceptionally
   *     with the {@link ResourceException} (the component's message) when it failed; completing it has no effect on
   *     the run
   */
  public CompletableFuture<Void> ended() {
    return ended.thenAccept(ok -> { });
  }

  private static <T> Output<T> outputOf(CompletableFuture<RunOutcome> outcome, Function<RunOutcome, T> field) {
    return PulumiSdk.knownOrUnknown(outcome.thenApply(field));
  }

  private static List<ProviderResource> providers(ComponentResourceOptions options) {
    List<ProviderResource> all = new ArrayList<>();
    if (options != null) {
      options.getProvider().ifPresent(all::add);
      if (options.getProviders() != null) {
        all.addAll(options.getProviders());
      }
    }
    return all;
  }

  private static Output<ResolvedInputs.Raw> rawInputs(PermissionSetProvisioningArgs a, Output<Boolean> ready,
                                                      List<ProviderResource> providers) {
    Output<ResolvedInputs.ProviderSettings> provider = PulumiSdk.awsProvider(providers)
        .orElseGet(() -> Output.ofNullable(null));
    var access = Output.tuple(orNull(a.expectedAccountId().orElse(null)), orNull(a.assumeRoleArn().orElse(null)),
        orNull(a.assumeRoleSessionName().orElse(null)), orNull(a.assumeRoleExternalId().orElse(null)),
        orNull(a.noAssumeRole().orElse(null)), orNull(a.stsEndpoint().orElse(null)), provider)
        .applyValue(t -> new ResolvedInputs.Access(t.t1, t.t2, t.t3, t.t4, t.t5, t.t6, t.t7));
    var first = Output.tuple(a.instanceArn(), a.permissionSetArns(), orNull(a.accountIds().orElse(null)),
        orNull(a.allProvisionedAccounts().orElse(null)), orNull(a.force().orElse(null)),
        orNull(a.timeoutSeconds().orElse(null)), orNull(a.pollIntervalSeconds().orElse(null)),
        orNull(a.maxRequestsPerSecond().orElse(null)));
    var second = Output.tuple(orNull(a.region().orElse(null)), orNull(a.profile().orElse(null)),
        orNull(a.endpoint().orElse(null)), ready, access,
        orNull(a.collapseToAllProvisionedAccounts().orElse(null)));
    return Output.tuple(first, second).applyValue(t -> new ResolvedInputs.Raw(t.t1.t1, t.t1.t2, t.t1.t3, t.t1.t4,
        t.t1.t5, t.t1.t6, t.t1.t7, t.t1.t8, t.t2.t1, t.t2.t2, t.t2.t3, t.t2.t5, t.t2.t6));
  }

  private static <T> Output<T> orNull(Output<T> output) {
    return output == null ? Output.ofNullable(null) : output;
  }

  /** Resolves once every dependsOn resource (and each component's children) has finished. */
  private static Output<Boolean> dependenciesReady(ComponentResourceOptions options) {
    if (options == null || options.getDependsOn() == null) {
      return Output.of(Boolean.TRUE);
    }
    return options.getDependsOn().apply(resources -> {
      List<Output<String>> done = new ArrayList<>();
      collectCompletions(resources == null ? List.of() : resources, done, new HashSet<>());
      return done.isEmpty() ? Output.of(Boolean.TRUE) : Output.all(done).applyValue(ignored -> Boolean.TRUE);
    });
  }

  private static void collectCompletions(Iterable<Resource> resources, List<Output<String>> done, Set<Resource> seen) {
    for (Resource r : resources) {
      if (r == null || !seen.add(r)) {
        continue;
      }
      done.add(r.urn());
      if (r instanceof CustomResource custom) {
        done.add(custom.id());
      }
      if (r instanceof ComponentResource) {
        collectCompletions(r.pulumiChildResources(), done, seen);
      }
    }
  }

}
