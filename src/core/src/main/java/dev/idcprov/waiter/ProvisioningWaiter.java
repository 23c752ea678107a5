package dev.idcprov.waiter;

import dev.idcprov.waiter.internal.WaitSession;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Waits until IAM Identity Center permission-set provisioning requests have left {@code IN_PROGRESS}, and
 * reports each one as SUCCEEDED or FAILED with the AWS {@code FailureReason}. No AWS SDK ships such a
 * waiter.
 *
 * <p>Behaviour (details in the package documentation):
 * <ul>
 *   <li>Each poll round lists {@code ListPermissionSetProvisioningStatus} (every page) rather than
 *       describing each request, so a round costs about one call per 100 in-progress items in the
 *       instance, whatever the number of requests waited for. {@code DescribePermissionSetProvisioningStatus}
 *       is called once per request that has left IN_PROGRESS when that is needed (FAILED reasons, requests
 *       the list has not shown).</li>
 *   <li>A request not (yet) visible in the list is never taken as finished.</li>
 *   <li>Throttling, 5xx and I/O errors are retried with backoff and jitter inside
 *       {@link WaitOptions#maxRetries()}; access denied, validation and not-found errors fail at once with an
 *       {@link AwsApiException}. The waiter owns the retry decision: give it a client with SDK retries off
 *       ({@code overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))}, as clients built
 *       by {@code AwsClientSettings} are). A client that retries on its own multiplies the attempts (each of the
 *       waiter's attempts may then be several HTTP requests) and makes the counted calls too low.</li>
 *   <li>Every call draws on a {@link RequestBudget}, by default the {@link ProvisioningContext}'s budget of the
 *       instance (shared by everything that uses the context).</li>
 * </ul>
 *
 * <p>Outcomes: returns a {@link WaitResult} when every request SUCCEEDED; throws
 * {@link ProvisioningFailedException} when any FAILED (carrying the full result),
 * {@link ProvisioningTimeoutException} at the deadline, {@link ProvisioningInterruptedException} on
 * interrupt or cancellation, {@link AwsApiException} on API errors.
 *
 * <p>Poll intervals, retry backoff and budget waits are delays on the context's timer, never sleeping threads; the
 * blocking SDK calls run on its I/O executor; deadlines and elapsed times are read from its clock. A context of
 * one's own can replace all three, so tests run in virtual time.
 *
 * <p>The waiter does not own the client it is given: closing it is the caller's job.
 *
 * <pre>{@code
 * ProvisioningWaiter waiter = ProvisioningWaiter.builder().client(ssoAdminClient).build();
 * WaitResult result = waiter.waitUntilProvisioned(WaitRequest.builder()
 *     .instanceArn(instanceArn).requestIds(requestIds).build());
 * }</pre>
 */
public final class ProvisioningWaiter {
  private final CallerBuilder.CallerSettings settings;

  private ProvisioningWaiter(CallerBuilder.CallerSettings settings) {
    this.settings = settings;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Waits, blocking the calling thread, until every request has left IN_PROGRESS.
   *
   * @param request what to wait for
   * @return the outcomes, all SUCCEEDED
   * @throws ProvisioningFailedException      if any request FAILED
   * @throws ProvisioningTimeoutException     if the deadline passed first
   * @throws ProvisioningInterruptedException if the thread was interrupted (the flag is set again)
   * @throws AwsApiException                  if an API call failed for good
   */
  public WaitResult waitUntilProvisioned(WaitRequest request) {
    Objects.requireNonNull(request, "request");
    return start(request).await();
  }

  /**
   * Waits without blocking: the returned future completes with the result, or exceptionally with the
   * same exceptions as {@link #waitUntilProvisioned(WaitRequest)}. Cancelling the future stops the polling.
   *
   * @param request what to wait for
   * @return the future result
   */
  public CompletableFuture<WaitResult> waitUntilProvisionedAsync(WaitRequest request) {
    Objects.requireNonNull(request, "request");
    return start(request).result();
  }

  /**
   * Opens a wait whose requests are added while it runs: the streaming form, for callers that learn RequestIds
   * one by one (a submission in progress). Polling starts one {@code pollInterval} after the first request added
   * (a request just submitted has not finished); the wait completes only after {@link WaitHandle#seal()}.
   * {@link #waitUntilProvisioned(WaitRequest)} is this with every request added and the handle sealed at once
   * (and polls at once: its requests may have finished long ago).
   *
   * <pre>{@code
   * WaitHandle wait = waiter.open(instanceArn, WaitOptions.defaults(), ProgressListener.NONE);
   * ids.forEach(id -> wait.add(TrackedRequest.of(id)));
   * WaitResult result = wait.seal().await();
   * }</pre>
   *
   * @param instanceArn the IAM Identity Center instance ARN
   * @param options     deadline and pacing ({@link WaitOptions#timeout()} counts from the seal; an open wait ends
   *                    a timeout after its last request added, or its opening)
   * @param listener    receives progress snapshots (use {@link ProgressListener#NONE} for none)
   * @return the handle to add requests to, seal, and read the result from
   * @throws NullPointerException     if an argument is null
   * @throws IllegalArgumentException if {@code instanceArn} is not an instance ARN
   */
  public WaitHandle open(String instanceArn, WaitOptions options, ProgressListener listener) {
    AwsIds.requireInstanceArn("instanceArn", instanceArn);
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    return new WaitHandle(endOnClose(session(instanceArn, options, listener)).arm());
  }

  /** Ends the wait, naming what it still waits for, if the context closes first (so register after adding). */
  private WaitSession endOnClose(WaitSession session) {
    settings.context().endOnClose(session.future(), session::pendingRequestIds);
    return session;
  }

  private WaitSession session(String instanceArn, WaitOptions options, ProgressListener listener) {
    ProvisioningContext context = settings.context();
    return WaitSession.open(settings.client(), instanceArn, options, listener, context.clock(),
        context.timer(), context.ioExecutor(), settings.budgetFor(instanceArn), context.passes());
  }

  /** Open, add every request, seal: the streaming path with everything known up front. */
  private WaitHandle start(WaitRequest request) {
    WaitSession s = session(request.instanceArn(), request.options(), request.listener());
    return new WaitHandle(endOnClose(s.addAllAndSeal(request.requests())).arm());
  }

  /** Builds a {@link ProvisioningWaiter}. */
  public static final class Builder extends CallerBuilder<Builder> {
    private Builder() {
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @return the waiter
     * @throws IllegalStateException if no client was set
     */
    public ProvisioningWaiter build() {
      return new ProvisioningWaiter(settings());
    }
  }
}
