package dev.idcprov.waiter;

import java.time.Duration;
import java.util.List;

/**
 * The deadline passed while some requests were still IN_PROGRESS (or not yet visible). Names the pending
 * RequestIds and carries the outcomes resolved before the deadline. The requests themselves go on in AWS:
 * wait for them again with the same ids, or inspect them with {@code DescribePermissionSetProvisioningStatus}.
 */
public class ProvisioningTimeoutException extends ProvisioningException {
  private static final long serialVersionUID = 1L;

  /** The deadline that passed. */
  private final Duration timeout;
  /** The RequestIds still pending at the deadline. */
  private final List<String> pendingRequestIds;
  private final transient WaitResult partialResult;

  /**
   * @param timeout           the deadline that passed
   * @param pendingRequestIds the RequestIds still pending
   * @param partialResult     what was resolved before the deadline
   */
  public ProvisioningTimeoutException(Duration timeout, List<String> pendingRequestIds, WaitResult partialResult) {
    this(timeout, pendingRequestIds, partialResult, null);
  }

  /**
   * @param timeout           the deadline that passed
   * @param pendingRequestIds the RequestIds still pending
   * @param partialResult     what was resolved before the deadline
   * @param detail            what else is known of the pending requests (for example a status this SDK version
   *                          does not know), or null
   */
  public ProvisioningTimeoutException(Duration timeout, List<String> pendingRequestIds, WaitResult partialResult,
                                      String detail) {
    super("deadline of " + timeout + " passed with " + pendingRequestIds.size()
        + " provisioning request(s) still pending: " + String.join(", ", pendingRequestIds)
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
        + ". They go on in AWS: wait for them again with these RequestIds, or raise the timeout", null);
    this.timeout = timeout;
    this.pendingRequestIds = List.copyOf(pendingRequestIds);
    this.partialResult = partialResult;
  }

  /** @return the deadline that passed */
  public Duration timeout() {
    return timeout;
  }

  /** @return the RequestIds still pending, in request order */
  public List<String> pendingRequestIds() {
    return pendingRequestIds;
  }

  /** @return the outcomes resolved before the deadline */
  public WaitResult partialResult() {
    return partialResult;
  }
}
