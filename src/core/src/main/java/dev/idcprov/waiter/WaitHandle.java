package dev.idcprov.waiter;

import dev.idcprov.waiter.internal.Futures;
import dev.idcprov.waiter.internal.WaitSession;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A wait that accepts requests while it runs, from {@link ProvisioningWaiter#open(String, WaitOptions,
 * ProgressListener)}: add each request as soon as its RequestId is known, then {@link #seal()} once no more will
 * come. The wait polls from the first request on (a poll interval after it), reports requests that finish meanwhile
 * through the progress listener (whose totals grow as requests are added), and completes only once sealed and every
 * request has left IN_PROGRESS, even if everything added so far is resolved earlier.
 *
 * <p>Pace: while open, at most {@link WaitOptions#pollCallsPerSecondWhileOpen()} status calls a second on average
 * (by default the same as once sealed, {@link WaitOptions#pollCallsPerSecond()}). Requests the list never showed in
 * progress (they finished between two rounds) are described as they come due, open or sealed.
 *
 * <p>Deadline: {@link WaitOptions#timeout()} counts from the seal; a wait that is never sealed fails with
 * {@link ProvisioningTimeoutException} a timeout after its last request added (or its opening), so it never
 * hangs. Cancel the wait by cancelling {@link #result()}.
 *
 * <pre>{@code
 * WaitHandle wait = waiter.open(instanceArn, WaitOptions.defaults(), progress -> log(progress.summary()));
 * for (String id : submitEach()) {     // as AWS accepts each ProvisionPermissionSet
 *   wait.add(TrackedRequest.of(id));
 * }
 * wait.seal();
 * WaitResult result = wait.await();     // or wait.result().thenAccept(...)
 * }</pre>
 *
 * <p>Thread-safe: requests may be added from any thread.
 */
public final class WaitHandle {
  private final WaitSession session;

  WaitHandle(WaitSession session) {
    this.session = session;
  }

  /**
   * Tracks one more request.
   *
   * @param request the request
   * @return true if tracked; false if the wait has already ended (cancelled, timed out or failed on an API error),
   *         in which case nothing is tracked
   * @throws NullPointerException     if {@code request} is null
   * @throws IllegalArgumentException if its RequestId is not a RequestId, or is already tracked by this wait
   * @throws IllegalStateException    if the wait is sealed
   */
  public boolean add(TrackedRequest request) {
    Objects.requireNonNull(request, "request");
    AwsIds.requireRequestId("request.requestId", request.requestId());
    return session.add(request);
  }

  /**
   * Tracks several requests, in order; see {@link #add(TrackedRequest)}.
   *
   * @param requests the requests
   * @return this handle
   * @throws NullPointerException     if the collection or an element is null
   * @throws IllegalArgumentException if an id is not a RequestId or is already tracked
   * @throws IllegalStateException    if the wait is sealed
   */
  public WaitHandle addAll(Collection<TrackedRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    requests.forEach(this::add);
    return this;
  }

  /**
   * Declares that no more requests will be added: the deadline starts, the pace switches to
   * {@link WaitOptions#pollCallsPerSecond()}, and the wait completes once every request added has left
   * IN_PROGRESS (at once if they all have; with no request at all, with an empty result). Sealing again does
   * nothing.
   *
   * @return this handle
   */
  public WaitHandle seal() {
    session.seal();
    return this;
  }

  /** @return whether {@link #seal()} was called */
  public boolean isSealed() {
    return session.isSealed();
  }

  /**
   * The outcome, as for {@link ProvisioningWaiter#waitUntilProvisionedAsync(WaitRequest)}: a {@link WaitResult}
   * when every request SUCCEEDED, else {@link ProvisioningFailedException}, {@link ProvisioningTimeoutException} or
   * {@link AwsApiException}. Cancelling it stops the wait.
   *
   * @return the future result; never completes while the wait is open and within its deadline
   */
  public CompletableFuture<WaitResult> result() {
    return session.future();
  }

  /**
   * Blocks until the wait ends.
   *
   * @return the outcomes, all SUCCEEDED
   * @throws ProvisioningFailedException      if any request FAILED
   * @throws ProvisioningTimeoutException     if the deadline passed first
   * @throws ProvisioningInterruptedException if the thread was interrupted (the wait is cancelled, the flag set
   *                                          again)
   * @throws AwsApiException                  if an API call failed for good
   */
  public WaitResult await() {
    return Futures.await(session.future(), session::pendingRequestIds);
  }

  /** @return RequestIds added and not yet resolved, in the order added */
  public List<String> pendingRequestIds() {
    return session.pendingRequestIds();
  }
}
