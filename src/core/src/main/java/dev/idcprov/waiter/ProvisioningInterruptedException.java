package dev.idcprov.waiter;

import java.util.List;

/**
 * A wait or provisioning run was interrupted or cancelled. The thread's interrupt flag is set again before
 * this is thrown. Requests already submitted go on in AWS; {@link #pendingRequestIds()} names them.
 */
public class ProvisioningInterruptedException extends ProvisioningException {
  private static final long serialVersionUID = 1L;

  /** Requests not yet resolved when the wait stopped. */
  private final List<String> pendingRequestIds;

  /**
   * @param pendingRequestIds requests not yet resolved when the wait stopped
   * @param cause             the interrupt or cancellation
   */
  public ProvisioningInterruptedException(List<String> pendingRequestIds, Throwable cause) {
    super("interrupted while " + pendingRequestIds.size() + " provisioning request(s) were pending"
        + (pendingRequestIds.isEmpty() ? "" : ": " + String.join(", ", pendingRequestIds)), cause);
    this.pendingRequestIds = List.copyOf(pendingRequestIds);
  }

  /** @return requests not yet resolved when the wait stopped */
  public List<String> pendingRequestIds() {
    return pendingRequestIds;
  }
}
