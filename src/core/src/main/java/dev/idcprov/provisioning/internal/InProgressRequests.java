package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.Paginator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * The instance's {@code ProvisionPermissionSet} requests still IN_PROGRESS, and what each one provisions: how the
 * provisioner finds a request it cannot know the RequestId of (its response was lost, a previous run was killed,
 * another pipeline submitted it) instead of provisioning the same target twice. {@code ProvisionPermissionSet}
 * has no idempotency token, so this lookup is the only safe answer to an ambiguous failure.
 *
 * <p>{@link #scan()} lists the IN_PROGRESS requests (every page) and describes each one not seen before; what a request
 * provisions never changes, so each RequestId is described at most once per instance of this class. All calls go
 * through the run's {@link ApiCaller}, inside its rate budget.
 */
public final class InProgressRequests {
  /** {@code DescribePermissionSetProvisioningStatus}. */
  static final String DESCRIBE = "DescribePermissionSetProvisioningStatus";
  /** Page size of the IN_PROGRESS list (the API's maximum). */
  static final int PAGE_SIZE = 100;
  /** How much older than the mark a request may be and still be a lost answer's (server time). */
  static final java.time.Duration MARGIN = java.time.Duration.ofSeconds(60);
  /** The most requests described after one ambiguous failure. */
  static final int MAX_RECENT = 50;

  /** What a request provisions; accountId null for ALL_PROVISIONED_ACCOUNTS. */
  private record Known(String permissionSetArn, String accountId, Instant createdDate) {
  }

  /**
   * One IN_PROGRESS request found for a target.
   *
   * @param requestId   its RequestId
   * @param createdDate when AWS created it, or null
   * @param coversAll   true when it is an ALL_PROVISIONED_ACCOUNTS request of the target's permission set
   */
  public record Found(String requestId, Instant createdDate, boolean coversAll) {
  }

  private final ApiCaller api;
  private final String instanceArn;
  private final Map<String, Known> described = new ConcurrentHashMap<>();
  private volatile List<String> inProgress = List.of();
  /** The latest CreatedDate seen in any answer: server time, so no clock of ours is compared with AWS's. */
  private volatile Instant latestSeen;

  /**
   * @param api         the call boundary (and its client)
   * @param instanceArn the instance
   */
  public InProgressRequests(ApiCaller api, String instanceArn) {
    this.api = api;
    this.instanceArn = instanceArn;
  }

  /**
   * Lists the IN_PROGRESS requests and describes the new ones.
   *
   * @return a future completed once the scan is done, or failed with an AWS error
   */
  public CompletableFuture<Void> scan() {
    List<String> ids = new ArrayList<>();
    return Paginator.provisioningStatus(api, instanceArn, StatusValues.IN_PROGRESS, PAGE_SIZE)
        .read(Paginator.NO_CAP, page -> {
          if (page.hasPermissionSetsProvisioningStatus()) {
            for (PermissionSetProvisioningStatusMetadata m : page.permissionSetsProvisioningStatus()) {
              if (m.requestId() != null) {
                ids.add(m.requestId());
              }
              see(m.createdDate());
            }
          }
        })
        .thenCompose(pages -> describeNew(ids, 0))
        .thenRun(() -> inProgress = List.copyOf(ids));
  }

  /** @return the latest CreatedDate seen so far (server time), or null: the mark to give {@link #scanSince} */
  public Instant mark() {
    return latestSeen;
  }

  /**
   * After an ambiguous failure (the answer was lost; the request may have been processed and may even have
   * finished already): lists every request whatever its status and describes the unknown ones created since
   * {@code mark} less {@link #MARGIN} (at most {@link #MAX_RECENT}, newest first), so that {@link #find} sees them
   * too, finished or not.
   *
   * @param mark {@link #mark()} taken before the call was sent, or null to take the newest requests
   * @return a future completed once the scan is done, or failed with an AWS error
   */
  public CompletableFuture<Void> scanSince(Instant mark) {
    List<PermissionSetProvisioningStatusMetadata> all = new ArrayList<>();
    return Paginator.provisioningStatus(api, instanceArn, null, PAGE_SIZE)
        .read(Paginator.NO_CAP, page -> {
          if (page.hasPermissionSetsProvisioningStatus()) {
            all.addAll(page.permissionSetsProvisioningStatus());
          }
        })
        .thenCompose(pages -> {
          Instant since = mark == null ? null : mark.minus(MARGIN);
          List<String> ids = all.stream()
              .filter(m -> m.requestId() != null)
              .filter(m -> since == null || m.createdDate() == null || !m.createdDate().isBefore(since))
              .sorted(java.util.Comparator.comparing(PermissionSetProvisioningStatusMetadata::createdDate,
                  java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder())).reversed())
              .limit(MAX_RECENT)
              .map(PermissionSetProvisioningStatusMetadata::requestId)
              .toList();
          List<String> candidates = new ArrayList<>(ids);
          all.stream().filter(m -> "IN_PROGRESS".equals(m.statusAsString()) && m.requestId() != null
              && !candidates.contains(m.requestId())).forEach(m -> candidates.add(m.requestId()));
          all.forEach(m -> see(m.createdDate()));
          return describeNew(candidates, 0).thenRun(() -> inProgress = List.copyOf(candidates));
        });
  }

  private void see(Instant created) {
    if (created != null) {
      synchronized (this) {
        if (latestSeen == null || created.isAfter(latestSeen)) {
          latestSeen = created;
        }
      }
    }
  }

  /** Describes the unknown ones among {@code ids}, one after the other (each call waits for its budget permit). */
  private CompletableFuture<Void> describeNew(List<String> ids, int from) {
    for (int i = from; i < ids.size(); i++) {
      String id = ids.get(i);
      if (!described.containsKey(id)) {
        int next = i + 1;
        return api.call(DESCRIBE, "request " + id, () -> api.client().describePermissionSetProvisioningStatus(
                DescribePermissionSetProvisioningStatusRequest.builder().instanceArn(instanceArn)
                    .provisionPermissionSetRequestId(id).build()))
            .thenCompose(r -> {
              remember(id, r);
              return describeNew(ids, next);
            });
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  private void remember(String id, DescribePermissionSetProvisioningStatusResponse r) {
    PermissionSetProvisioningStatus s = r.permissionSetProvisioningStatus();
    if (s != null && s.permissionSetArn() != null) {
      described.put(id, new Known(s.permissionSetArn(), s.accountId(), s.createdDate()));
      see(s.createdDate());
    }
  }

  /**
   * Records a request this run got accepted, so that a scan never describes it.
   *
   * @param requestId the RequestId
   * @param target    what it provisions
   * @param created   when AWS created it, or null
   */
  public void own(String requestId, PlannedTarget target, Instant created) {
    described.putIfAbsent(requestId, new Known(target.permissionSetArn(), target.accountId(), created));
    see(created);
  }

  /**
   * The IN_PROGRESS request, as of the last scan, that provisions {@code target}: one for the same permission set
   * and account (or the same permission set's ALL_PROVISIONED_ACCOUNTS request for an ALL target) first, else, for
   * an account target, an ALL_PROVISIONED_ACCOUNTS request of its permission set (AWS answers ConflictException to
   * an account request while one runs).
   *
   * @param target the target
   * @return the request, if any
   */
  public Optional<Found> find(PlannedTarget target) {
    Found all = null;
    for (String id : inProgress) {
      Known k = described.get(id);
      if (k == null || !k.permissionSetArn().equals(target.permissionSetArn())) {
        continue;
      }
      if (Objects.equals(k.accountId(), target.accountId())) {
        return Optional.of(new Found(id, k.createdDate(), k.accountId() == null));
      }
      if (k.accountId() == null && all == null) {
        all = new Found(id, k.createdDate(), true);
      }
    }
    return Optional.ofNullable(all);
  }
}
