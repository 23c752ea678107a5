package dev.idcprov.waiter.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * The one paging loop of the library: reads a NextToken-paged SSO Admin list operation page after page, each page
 * one call through {@link ApiCaller} (so each draws on the rate budget, is retried and is counted under the
 * operation), stops when a page has no NextToken, when AWS repeats the NextToken it was given (taken as the end,
 * with a warning, rather than asking for the same page for ever), or at a page cap. Used by the waiter's list
 * passes and the status reader ({@code ListPermissionSetProvisioningStatus}) and by the provisioner's planner
 * ({@code ListAccountsForProvisionedPermissionSet}).
 *
 * <pre>{@code
 * List<PermissionSetProvisioningStatusMetadata> items = new ArrayList<>();
 * Paginator.provisioningStatus(api, instanceArn, StatusValues.FAILED, 100)
 *     .read(Paginator.NO_CAP, page -> items.addAll(page.permissionSetsProvisioningStatus()))
 *     .thenAccept(pages -> log(pages.pages() + " pages"));
 * }</pre>
 *
 * @param <R> the response type of one page
 */
public final class Paginator<R> {
  /** A page cap that never stops a read: every page is read. */
  public static final int NO_CAP = Integer.MAX_VALUE;

  private static final Logger LOG = LoggerFactory.getLogger(Paginator.class);

  private final ApiCaller api;
  private final String operation;
  private final String subject;
  private final PageCall<R> call;
  private final Function<? super R, String> nextToken;

  /**
   * The SDK call that reads one page.
   *
   * @param <R> the response type
   */
  @FunctionalInterface
  public interface PageCall<R> {
    /**
     * Reads one page.
     *
     * @param nextToken the NextToken the previous page returned, or null for the first page
     * @return the page
     */
    R fetch(String nextToken);
  }

  /**
   * How a read ended.
   *
   * @param pages    pages read (calls that answered; retried attempts are counted by the {@link ApiCaller} only)
   * @param complete true if the last page read was the last one (no NextToken, or the NextToken repeated); false if
   *                 the page cap stopped the read with pages left
   */
  public record Pages(int pages, boolean complete) {
  }

  /**
   * A paginator over one list operation.
   *
   * @param api       the call boundary every page goes through
   * @param operation the API operation name, for counting and messages
   * @param subject   what the listing is about, for messages, or null
   * @param call      reads one page, given the NextToken
   * @param nextToken the NextToken of a page, null or empty on the last one
   * @throws NullPointerException if {@code api}, {@code operation}, {@code call} or {@code nextToken} is null
   */
  public Paginator(ApiCaller api, String operation, String subject, PageCall<R> call,
                   Function<? super R, String> nextToken) {
    this.api = Objects.requireNonNull(api, "api");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.subject = subject;
    this.call = Objects.requireNonNull(call, "call");
    this.nextToken = Objects.requireNonNull(nextToken, "nextToken");
  }

  /**
   * A paginator over {@code ListPermissionSetProvisioningStatus} of one instance, through {@code api}'s client.
   *
   * @param api         the call boundary (and the client it was made for)
   * @param instanceArn the instance
   * @param filter      only requests with this status, or null for every status
   * @param pageSize    {@code MaxResults} of each call
   * @return the paginator
   */
  public static Paginator<ListPermissionSetProvisioningStatusResponse> provisioningStatus(
      ApiCaller api, String instanceArn, StatusValues filter, int pageSize) {
    SsoAdminClient client = api.client();
    String subject = filter == null ? "all statuses" : "Status=" + filter;
    return new Paginator<>(api, WaitSession.LIST_OPERATION, subject, token -> {
      ListPermissionSetProvisioningStatusRequest.Builder b = ListPermissionSetProvisioningStatusRequest.builder()
          .instanceArn(instanceArn).maxResults(pageSize).nextToken(token);
      if (filter != null) {
        b.filter(f -> f.status(filter));
      }
      return client.listPermissionSetProvisioningStatus(b.build());
    }, ListPermissionSetProvisioningStatusResponse::nextToken);
  }

  /**
   * Reads pages from the first, one after the other, handing each to {@code onPage} as it arrives (on the thread
   * that completed its call; the pages of one read never overlap).
   *
   * @param maxPages stop after this many pages even if there are more ({@link #NO_CAP} for none)
   * @param onPage   receives each page
   * @return how the read ended; failed with an {@link dev.idcprov.waiter.AwsApiException} if a page failed for good
   *         (pages before it were handed over), or cancelled when the {@link ApiCaller} was stopped
   * @throws IllegalArgumentException if {@code maxPages} is less than 1
   * @throws NullPointerException     if {@code onPage} is null
   */
  public CompletableFuture<Pages> read(int maxPages, Consumer<? super R> onPage) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1, got " + maxPages);
    }
    Objects.requireNonNull(onPage, "onPage");
    return page(null, 0, maxPages, r -> false, onPage);
  }

  /**
   * Reads pages from the first, as {@link #read}, until one is enough: after a page is handed to {@code onPage},
   * {@code enough} decides whether to stop there (for example at the first page with any item, a filtered listing
   * being free to answer empty pages that still carry a NextToken).
   *
   * @param enough tested on each page after {@code onPage}; true stops the read
   * @param onPage receives each page
   * @return how the read ended ({@link Pages#complete()} false when {@code enough} stopped it with pages left)
   * @throws NullPointerException if an argument is null
   */
  public CompletableFuture<Pages> readUntil(Predicate<? super R> enough, Consumer<? super R> onPage) {
    Objects.requireNonNull(enough, "enough");
    Objects.requireNonNull(onPage, "onPage");
    return page(null, 0, NO_CAP, enough, onPage);
  }

  private CompletableFuture<Pages> page(String token, int before, int maxPages, Predicate<? super R> enough,
                                        Consumer<? super R> onPage) {
    return api.call(operation, subject, () -> call.fetch(token)).thenCompose(r -> {
      int pages = before + 1;
      onPage.accept(r);
      String next = nextToken.apply(r);
      if (next == null || next.isEmpty()) {
        return CompletableFuture.completedFuture(new Pages(pages, true));
      }
      if (next.equals(token)) {
        LOG.warn("{} returned the same NextToken twice; taking the listing as complete", operation);
        return CompletableFuture.completedFuture(new Pages(pages, true));
      }
      if (pages >= maxPages || enough.test(r)) {
        return CompletableFuture.completedFuture(new Pages(pages, false));
      }
      return page(next, pages, maxPages, enough, onPage);
    });
  }
}
