package dev.idcprov.provisioning;

import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.CallerBuilder;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.internal.OneOffCalls;
import dev.idcprov.waiter.internal.Paginator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetsRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetsResponse;

/**
 * Read-only calls about an instance's permission sets ({@code ListPermissionSets}, {@code DescribePermissionSet}),
 * through the same call boundary as the provisioner: every call draws on the instance's
 * {@link dev.idcprov.waiter.RequestBudget}, throttling, 5xx and I/O errors are retried with backoff, and a call that
 * fails for good throws {@link dev.idcprov.waiter.AwsApiException}. For tools that look across an instance (the
 * command line's {@code check}).
 *
 * <p>The catalog does not own the client it is given.
 *
 * <pre>{@code
 * PermissionSetCatalog catalog = PermissionSetCatalog.builder().client(sso).build();
 * for (String ps : catalog.listPermissionSets(instanceArn)) {
 *   System.out.println(catalog.name(instanceArn, ps) + " " + ps);
 * }
 * }</pre>
 */
public final class PermissionSetCatalog {
  /** {@code ListPermissionSets}. */
  public static final String LIST_PERMISSION_SETS = "ListPermissionSets";
  /** {@code DescribePermissionSet}. */
  public static final String DESCRIBE_PERMISSION_SET = "DescribePermissionSet";
  /** Page size of {@code ListPermissionSets} (the API's maximum). */
  private static final int PAGE_SIZE = 100;

  private final SsoAdminClient client;
  private final OneOffCalls calls;

  private PermissionSetCatalog(CallerBuilder.CallerSettings settings, WaitOptions options) {
    this.client = settings.client();
    this.calls = new OneOffCalls(settings, options);
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every permission set of the instance: {@code ListPermissionSets}, every page.
   *
   * @param instanceArn the instance ARN
   * @return the permission set ARNs, in the order AWS returned them
   * @throws NullPointerException                              if {@code instanceArn} is null
   * @throws IllegalArgumentException                          if {@code instanceArn} is not an instance ARN
   * @throws dev.idcprov.waiter.AwsApiException                if a call failed for good
   * @throws dev.idcprov.waiter.ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public List<String> listPermissionSets(String instanceArn) {
    AwsIds.requireInstanceArn("instanceArn", instanceArn);
    List<String> arns = new ArrayList<>();
    return calls.run(instanceArn, api -> new Paginator<ListPermissionSetsResponse>(api, LIST_PERMISSION_SETS,
        "instance " + instanceArn,
        token -> client.listPermissionSets(ListPermissionSetsRequest.builder().instanceArn(instanceArn)
            .maxResults(PAGE_SIZE).nextToken(token).build()),
        ListPermissionSetsResponse::nextToken)
        .read(Paginator.NO_CAP, page -> {
          if (page.hasPermissionSets()) {
            arns.addAll(page.permissionSets());
          }
        }).thenApply(read -> List.copyOf(arns)), List::of);
  }

  /**
   * The name of a permission set: {@code DescribePermissionSet}.
   *
   * @param instanceArn      the instance ARN
   * @param permissionSetArn the permission set ARN
   * @return its name
   * @throws NullPointerException                              if an argument is null
   * @throws IllegalArgumentException                          if an argument is malformed
   * @throws dev.idcprov.waiter.AwsApiException                if the call failed for good (NOT_FOUND for an unknown set)
   * @throws dev.idcprov.waiter.ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public String name(String instanceArn, String permissionSetArn) {
    AwsIds.requireInstanceArn("instanceArn", instanceArn);
    AwsIds.requirePermissionSetArn("permissionSetArn", permissionSetArn);
    DescribePermissionSetRequest req = DescribePermissionSetRequest.builder().instanceArn(instanceArn)
        .permissionSetArn(permissionSetArn).build();
    return calls.run(instanceArn, api -> api.call(DESCRIBE_PERMISSION_SET, "permission set " + permissionSetArn,
        () -> client.describePermissionSet(req)).thenApply(r -> r.permissionSet().name()), List::of);
  }

  /** Builds a {@link PermissionSetCatalog}. */
  public static final class Builder extends CallerBuilder<Builder> {
    private WaitOptions options = WaitOptions.defaults();

    private Builder() {
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param options the retry settings to use ({@code maxRetries}, {@code retryBaseDelay},
     *                {@code retryMaxDelay}); the rest is ignored (default: {@link WaitOptions#defaults()})
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder options(WaitOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * @return the catalog
     * @throws IllegalStateException if no client was set
     */
    public PermissionSetCatalog build() {
      return new PermissionSetCatalog(settings(), options);
    }
  }
}
