package dev.idcprov.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;

/**
 * Scripted provisioning requests in virtual time, answered through a Mockito mock of {@link SsoAdminClient}:
 * {@code ListPermissionSetProvisioningStatus} (status filter, MaxResults, NextToken as an offset) and
 * {@code DescribePermissionSetProvisioningStatus}. Records the status filter and page of every list call.
 */
public final class FakeStatusService {
  /** One scripted request. */
  public static final class Req {
    final String id;
    final Instant created;
    Instant finishes;
    String finalStatus = "SUCCEEDED";
    String reason;
    String accountId = "111111111111";
    String permissionSetArn = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
    Instant listVisibleFrom;
    boolean neverListed;
    String statusOverride;

    Req(String id, Instant created) {
      this.id = id;
      this.created = created;
      this.listVisibleFrom = created;
    }

    /** @return this, finishing after {@code d} as SUCCEEDED */
    public Req succeedsAfter(Duration d) {
      finishes = created.plus(d);
      finalStatus = "SUCCEEDED";
      return this;
    }

    /** @return this, finishing after {@code d} as FAILED with {@code why} */
    public Req failsAfter(Duration d, String why) {
      finishes = created.plus(d);
      finalStatus = "FAILED";
      reason = why;
      return this;
    }

    /** @return this, never finishing */
    public Req neverFinishes() {
      finishes = null;
      return this;
    }

    /** @return this, absent from every list for {@code d} after creation */
    public Req listLag(Duration d) {
      listVisibleFrom = created.plus(d);
      return this;
    }

    /** @return this, never shown by any list (Describe only) */
    public Req neverListed() {
      neverListed = true;
      return this;
    }

    /** @return this, reporting a raw status value (unknown to the SDK) while unfinished */
    public Req rawStatus(String raw) {
      statusOverride = raw;
      return this;
    }

    /** @return this, provisioning {@code arn} */
    public Req permissionSet(String arn) {
      permissionSetArn = arn;
      return this;
    }

    /** @return this, targeting {@code account} */
    public Req account(String account) {
      accountId = account;
      return this;
    }
  }

  /** One recorded list call. */
  public record ListCall(String filter, String token, int inProgressAtCall, Instant at) {
  }

  private final VirtualScheduler time;
  private final Map<String, Req> requests = new LinkedHashMap<>();
  private final List<ListCall> listCalls = new ArrayList<>();
  private final List<String> describeCalls = new ArrayList<>();
  private int generated;
  private final Map<String, Duration> staleness = new java.util.HashMap<>();

  /**
   * @param time the virtual time the requests live in
   */
  public FakeStatusService(VirtualScheduler time) {
    this.time = time;
  }

  /** @return a new request created now */
  public synchronized Req add(String id) {
    Req r = new Req(id, time.clock().instant());
    requests.put(id, r);
    return r;
  }

  /**
   * Adds background history: {@code n} requests that are not waited for.
   *
   * @param n      how many
   * @param status SUCCEEDED, FAILED or IN_PROGRESS (never finishing)
   */
  public synchronized void history(int n, String status) {
    for (int i = 0; i < n; i++) {
      Req r = new Req(id(++generated + 900000), time.clock().instant().minusSeconds(3600));
      if (status.equals("IN_PROGRESS")) {
        r.neverFinishes();
      } else {
        r.finishes = r.created.plusSeconds(1);
        r.finalStatus = status;
        r.reason = status.equals("FAILED") ? "old failure" : null;
      }
      requests.put(r.id, r);
    }
  }

  /**
   * @param n a number
   * @return a RequestId-shaped id for it
   */
  public static String id(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }

  /**
   * Makes list calls with this status filter answer the state as it was {@code d} ago (an eventually consistent
   * index read from a lagging replica), while other list calls and Describe answer the current state.
   *
   * @param filter IN_PROGRESS, FAILED, SUCCEEDED, or null for unfiltered calls
   * @param d      how stale
   */
  public synchronized void staleReads(String filter, Duration d) {
    staleness.put(String.valueOf(filter), d);
  }

  /** Wires the mock's list and describe calls to this fake. */
  public void install(SsoAdminClient client) {
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> answerList(inv.getArgument(0)));
    when(client.describePermissionSetProvisioningStatus(any(DescribePermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> answerDescribe(inv.getArgument(0)));
  }

  /** @return the status of {@code r} now, as a raw string */
  synchronized String statusOf(Req r, Instant now) {
    if (r.finishes != null && !now.isBefore(r.finishes)) {
      return r.finalStatus;
    }
    return r.statusOverride != null ? r.statusOverride : "IN_PROGRESS";
  }

  /** @return how many listed requests are IN_PROGRESS now */
  public synchronized int inProgressNow() {
    Instant now = time.clock().instant();
    return (int) requests.values().stream().filter(r -> listed(r, now) && statusOf(r, now).equals("IN_PROGRESS"))
        .count();
  }

  private boolean listed(Req r, Instant now) {
    return !r.neverListed && !now.isBefore(r.listVisibleFrom);
  }

  /** @return the answer to a list call, recorded */
  public synchronized ListPermissionSetProvisioningStatusResponse answerList(ListPermissionSetProvisioningStatusRequest q) {
    Instant now = time.clock().instant();
    String filter = q.filter() == null ? null : q.filter().statusAsString();
    listCalls.add(new ListCall(filter, q.nextToken(), inProgressNow(), now));
    Instant view = now.minus(staleness.getOrDefault(String.valueOf(filter), Duration.ZERO));
    List<PermissionSetProvisioningStatusMetadata> all = new ArrayList<>();
    for (Req r : requests.values()) {
      String s = statusOf(r, view);
      if (listed(r, view) && !r.created.isAfter(view) && (filter == null || filter.equals(s))) {
        all.add(PermissionSetProvisioningStatusMetadata.builder().requestId(r.id).status(s).createdDate(r.created)
            .build());
      }
    }
    int size = q.maxResults() == null ? 100 : q.maxResults();
    int from = q.nextToken() == null ? 0 : Integer.parseInt(q.nextToken().substring(1));
    int to = Math.min(all.size(), from + size);
    return ListPermissionSetProvisioningStatusResponse.builder()
        .permissionSetsProvisioningStatus(all.subList(Math.min(from, all.size()), to))
        .nextToken(to < all.size() ? "t" + to : null).build();
  }

  /** @return the answer to a describe call, recorded */
  public synchronized DescribePermissionSetProvisioningStatusResponse answerDescribe(DescribePermissionSetProvisioningStatusRequest q) {
    describeCalls.add(q.provisionPermissionSetRequestId());
    Req r = requests.get(q.provisionPermissionSetRequestId());
    if (r == null) {
      throw ResourceNotFoundException.builder().statusCode(400)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
              .errorMessage("Request not found").build()).build();
    }
    String s = statusOf(r, time.clock().instant());
    return DescribePermissionSetProvisioningStatusResponse.builder().permissionSetProvisioningStatus(
        PermissionSetProvisioningStatus.builder().requestId(r.id).status(s).createdDate(r.created)
            .accountId(r.accountId).permissionSetArn(r.permissionSetArn)
            .failureReason(Objects.equals(s, "FAILED") ? r.reason : null).build()).build();
  }

  /** @return every list call, in order */
  public synchronized List<ListCall> listCalls() {
    return List.copyOf(listCalls);
  }

  /** @return the RequestIds described, in order */
  public synchronized List<String> describeCalls() {
    return List.copyOf(describeCalls);
  }

  /** @return when {@code id} reached its final status, or null */
  public synchronized Instant finishTime(String id) {
    return requests.get(id).finishes;
  }
}
