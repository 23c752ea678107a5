package dev.idcprov.waiter;

import dev.idcprov.waiter.internal.OneOffCalls;
import dev.idcprov.waiter.internal.Paginator;
import dev.idcprov.waiter.internal.WaitSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * One-off reads of provisioning statuses, through the same call boundary as the waiter: every call draws on the
 * {@link RequestBudget}, throttling, 5xx and I/O errors are retried with backoff and jitter as
 * {@link WaitOptions#maxRetries()}, {@link WaitOptions#retryBaseDelay()} and {@link WaitOptions#retryMaxDelay()}
 * say, and a call that fails for good throws {@link AwsApiException} (access denied, validation and not-found at
 * once). For tools that show statuses (the command line's {@code status}); to wait, use
 * {@link ProvisioningWaiter}.
 *
 * <p>The reader does not own the client it is given.
 *
 * <pre>{@code
 * ProvisioningStatusReader reader = ProvisioningStatusReader.builder().client(sso).build();
 * ProvisioningStatusReader.Listing failed = reader.list(instanceArn, StatusValues.FAILED, 100);
 * PermissionSetProvisioningStatus one = reader.describe(instanceArn, requestId);
 * }</pre>
 */
public final class ProvisioningStatusReader {
  private final SsoAdminClient client;
  private final OneOffCalls calls;

  private ProvisioningStatusReader(CallerBuilder.CallerSettings settings, WaitOptions options) {
    this.client = settings.client();
    this.calls = new OneOffCalls(settings, options);
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What one full listing found.
   *
   * @param items every item of every page, in the order AWS returned them
   * @param pages the list calls made (pages read)
   */
  public record Listing(List<PermissionSetProvisioningStatusMetadata> items, int pages) {
    /**
     * Copies {@code items}.
     *
     * @param items every item of every page, in the order AWS returned them
     * @param pages the list calls made (pages read)
     */
    public Listing {
      items = List.copyOf(items);
    }
  }

  /**
   * One page, for callers that paginate themselves (the command line's {@code status --max-items/--starting-token}).
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
   * Lists the instance's provisioning requests: {@code ListPermissionSetProvisioningStatus}, every page.
   *
   * @param instanceArn the instance ARN
   * @param status      only requests with this status (filtered by AWS), or null for every status
   * @param pageSize    {@code MaxResults} per call, 1 to 100
   * @return every item, and the pages read
   * @throws NullPointerException             if {@code instanceArn} is null
   * @throws IllegalArgumentException         if {@code instanceArn} is not an instance ARN, {@code pageSize} is
   *                                          outside 1 to 100, or {@code status} is not a known status
   * @throws AwsApiException                  if a call failed for good
   * @throws ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public Listing list(String instanceArn, StatusValues status, int pageSize) {
    checkListing(instanceArn, status, pageSize);
    List<PermissionSetProvisioningStatusMetadata> items = new ArrayList<>();
    return calls.run(instanceArn, api -> Paginator.provisioningStatus(api, instanceArn, status, pageSize)
        .read(Paginator.NO_CAP, page -> {
          if (page.hasPermissionSetsProvisioningStatus()) {
            items.addAll(page.permissionSetsProvisioningStatus());
          }
        })
        .thenApply(pages -> new Listing(items, pages.pages())), List::of);
  }

  /**
   * Reads one page of {@code ListPermissionSetProvisioningStatus}, handing back its NextToken.
   *
   * @param instanceArn the instance ARN
   * @param status      only requests with this status (filtered by AWS), or null for every status
   * @param pageSize    {@code MaxResults}, 1 to 100
   * @param nextToken   the token of a previous page, or null for the first page
   * @return the page
   * @throws NullPointerException             if {@code instanceArn} is null
   * @throws IllegalArgumentException         if {@code instanceArn} is not an instance ARN, {@code pageSize} is
   *                                          outside 1 to 100, or {@code status} is not a known status
   * @throws AwsApiException                  if the call failed for good
   * @throws ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public Page page(String instanceArn, StatusValues status, int pageSize, String nextToken) {
    checkListing(instanceArn, status, pageSize);
    ListPermissionSetProvisioningStatusRequest.Builder b = ListPermissionSetProvisioningStatusRequest.builder()
        .instanceArn(instanceArn).maxResults(pageSize).nextToken(nextToken);
    if (status != null) {
      b.filter(f -> f.status(status));
    }
    ListPermissionSetProvisioningStatusRequest request = b.build();
    return calls.run(instanceArn, api -> api.call(WaitSession.LIST_OPERATION,
            status == null ? "all statuses" : "Status=" + status,
            () -> client.listPermissionSetProvisioningStatus(request))
        .thenApply(r -> new Page(r.hasPermissionSetsProvisioningStatus() ? r.permissionSetsProvisioningStatus()
            : List.of(), r.nextToken())), List::of);
  }

  private static void checkListing(String instanceArn, StatusValues status, int pageSize) {
    AwsIds.requireInstanceArn("instanceArn", instanceArn);
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("pageSize must be between 1 and 100 (the API's MaxResults range), got "
          + pageSize);
    }
    if (status == StatusValues.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("status must be IN_PROGRESS, FAILED, SUCCEEDED or null (every status), got "
          + status);
    }
  }

  /**
   * Describes one request: {@code DescribePermissionSetProvisioningStatus} (status, account, permission set,
   * failure reason, created date).
   *
   * @param instanceArn the instance ARN
   * @param requestId   the RequestId
   * @return what AWS reports
   * @throws NullPointerException             if an argument is null
   * @throws IllegalArgumentException         if an argument is malformed
   * @throws AwsApiException                  if the call failed for good (NOT_FOUND for an unknown RequestId)
   * @throws ProvisioningInterruptedException if interrupted (the flag is set again)
   */
  public PermissionSetProvisioningStatus describe(String instanceArn, String requestId) {
    AwsIds.requireInstanceArn("instanceArn", instanceArn);
    AwsIds.requireRequestId("requestId", requestId);
    DescribePermissionSetProvisioningStatusRequest req = DescribePermissionSetProvisioningStatusRequest.builder()
        .instanceArn(instanceArn).provisionPermissionSetRequestId(requestId).build();
    return calls.run(instanceArn, api -> api.call(WaitSession.DESCRIBE_OPERATION, "RequestId " + requestId,
            () -> client.describePermissionSetProvisioningStatus(req))
        .thenApply(r -> r.permissionSetProvisioningStatus()), () -> List.of(requestId));
  }

  /** Builds a {@link ProvisioningStatusReader}. */
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
     * @return the reader
     * @throws IllegalStateException if no client was set
     */
    public ProvisioningStatusReader build() {
      return new ProvisioningStatusReader(settings(), options);
    }
  }
}
