package dev.idcprov.waiter.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;

/** The items one list pass saw; immutable once its future completes (passes are shared between waits). */
final class ListPass {
  final Map<String, PermissionSetProvisioningStatusMetadata> items = new HashMap<>();
  /** Its place in the order of pass starts and ends of the context ({@link SharedPasses#tick()}). */
  final long startSeq;
  /**
   * When its first page was asked for: no page of it was answered earlier, so even a page up to
   * {@code listStaleness} stale shows a state no older than this minus {@code listStaleness}.
   */
  final Instant startedAt;
  volatile long endSeq;
  /** When its last page came back: no page of it shows a state newer than this. */
  volatile Instant endedAt;
  int pages;
  /** Every page read (false when a page cap stopped it with pages left). */
  boolean complete;

  ListPass(long startSeq, Instant startedAt) {
    this.startSeq = startSeq;
    this.startedAt = startedAt;
  }

  /** Takes in the items of one page (items without a RequestId are ignored). */
  void add(ListPermissionSetProvisioningStatusResponse page) {
    if (page.hasPermissionSetsProvisioningStatus()) {
      for (PermissionSetProvisioningStatusMetadata m : page.permissionSetsProvisioningStatus()) {
        if (m.requestId() != null) {
          items.put(m.requestId(), m);
        }
      }
    }
  }

  /** @return the item listed for {@code requestId}, or null if this pass did not list it */
  PermissionSetProvisioningStatusMetadata item(String requestId) {
    return items.get(requestId);
  }
}
