package dev.idcprov.provisioning;

import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.CallerBuilder;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.Futures;
import dev.idcprov.waiter.internal.RetrySpec;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * One page at a time of {@code ListPermissionSetProvisioningStatus}, with the NextToken handed back, for callers that
 * paginate themselves (the command line's {@code status --max-items/--starting-token}). Calls go through the same
 * boundary as the waiter: the instance's {@link dev.idcprov.waiter.RequestBudget}, retries with backoff for
 * throttling, 5xx and I/O errors, {@link dev.idcprov.waiter.AwsApiException} when a call fails for good. To read
 * every page, {@link dev.idcprov.waiter.ProvisioningStatusReader} is simpler.
 *
 * <pre>{@code
 * ProvisioningStatusPages pages = ProvisioningStatusPages.builder().client(sso).build();
 * ProvisioningStatusPages.Page first = pages.page(instanceArn, null, 100, null);
 * ProvisioningStatusPages.Page second = pages.page(instanceArn, null, 100, first.nextToken());
 * }</pre>
 */
public final class ProvisioningStatusPages {
  /** {@code ListPermissionSetProvisioningStatus}. */
  public static final String OPERATION = "ListPermissionSetProvisioningStatus";

  private final CallerBuilder.CallerSettings settings;
  private final SsoAdminClient client;
  private final WaitOptions options;

  private ProvisioningStatusPages(CallerBuilder.CallerSettings settings, WaitOptions options) {
    this.settings = settings;
    this.client = settings.client();
    this.options = options;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One page.
   *
   * @param items     the page's items, in the order AWS returned them
   * @param nextToken the token of the next page, or null on the last page
   */
  public record Page(List<PermissionSetProvisioningStatusMetadata> items, String nextToken) {
    /**
     * Copies {@code items}; an empty token becomes null.
     *
     * @param items     the page's items
     * @param nextToken the token of the next page, or null on the last page
     */
    public Page {
      items = List.copyOf(items);
      nextToken = nextToken == null || nextToken.isEmpty() ? null : nextToken;
    }
  }

  /**
   * Reads one page.
   *
   * @param instanceArn the instance ARN
   * @param status      only requests with this status (filtered by AWS), or null for every status
   * @param pageSize    {@code MaxResults}, 1 to 100
   * @param nextToken   the token of a previous page, or null for the first page
   * @return the page
   * @throws NullPointerException                                if {@code instanceArn} is null
   * @throws IllegalArgumentException                            if an argument is out of range
   * @throws dev.idcprov.waiter.AwsApiException                  if the call failed for good
   * @throws dev.idcprov.waiter.ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public Page page(String instanceArn, StatusValues status, int pageSize, String nextToken) {
    AwsIds.requireInstanceArn("instanceArn", instanceArn);
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("pageSize must be between 1 and 100 (the API's MaxResults range), got "
          + pageSize);
    }
    if (status == StatusValues.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("status must be IN_PROGRESS, FAILED, SUCCEEDED or null (every status), got "
          + status);
    }
    ProvisioningContext context = settings.context();
    ApiCaller api = new ApiCaller(client, context.timer(), context.ioExecutor(), settings.budgetFor(instanceArn),
        new RetrySpec(options.maxRetries(), options.retryBaseDelay(), options.retryMaxDelay()));
    ListPermissionSetProvisioningStatusRequest.Builder b = ListPermissionSetProvisioningStatusRequest.builder()
        .instanceArn(instanceArn).maxResults(pageSize).nextToken(nextToken);
    if (status != null) {
      b.filter(f -> f.status(status));
    }
    ListPermissionSetProvisioningStatusRequest request = b.build();
    CompletableFuture<Page> f = api.call(OPERATION, status == null ? "all statuses" : "Status=" + status,
        () -> client.listPermissionSetProvisioningStatus(request))
        .thenApply(r -> new Page(r.hasPermissionSetsProvisioningStatus() ? r.permissionSetsProvisioningStatus()
            : List.of(), r.nextToken()));
    f.whenComplete((r, e) -> api.stop());
    return Futures.await(context.endOnClose(f, List::of), List::of);
  }

  /** Builds a {@link ProvisioningStatusPages}. */
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
     * @return the reader of pages
     * @throws IllegalStateException if no client was set
     */
    public ProvisioningStatusPages build() {
      return new ProvisioningStatusPages(settings(), options);
    }
  }
}
