package dev.idcprov.waiter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to wait for: an instance, the provisioning requests, the {@link WaitOptions} and an optional
 * {@link ProgressListener}. Immutable; every input is checked when set, before any API call.
 *
 * <pre>{@code
 * WaitRequest request = WaitRequest.builder()
 *     .instanceArn("arn:aws:sso:::instance/ssoins-0123456789abcdef")
 *     .requestIds(List.of(requestId1, requestId2))
 *     .build();
 * }</pre>
 */
public final class WaitRequest {
  private final String instanceArn;
  private final List<TrackedRequest> requests;
  private final WaitOptions options;
  private final ProgressListener listener;

  private WaitRequest(Builder b) {
    this.instanceArn = b.instanceArn;
    this.requests = List.copyOf(b.requests);
    this.options = b.options;
    this.listener = b.listener;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this request's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.instanceArn = instanceArn;
    b.requests = new ArrayList<>(requests);
    b.options = options;
    b.listener = listener;
    return b;
  }

  /** @return the instance ARN */
  public String instanceArn() {
    return instanceArn;
  }

  /** @return the requests to wait for, in the order given */
  public List<TrackedRequest> requests() {
    return requests;
  }

  /** @return the options */
  public WaitOptions options() {
    return options;
  }

  /** @return the progress listener ({@link ProgressListener#NONE} when none was set) */
  public ProgressListener listener() {
    return listener;
  }

  /** Builds a {@link WaitRequest}. */
  public static final class Builder {
    private String instanceArn;
    private List<TrackedRequest> requests = new ArrayList<>();
    private WaitOptions options = WaitOptions.defaults();
    private ProgressListener listener = ProgressListener.NONE;

    private Builder() {
    }

    /**
     * @param instanceArn the IAM Identity Center instance ARN
     * @return this builder
     * @throws NullPointerException     if null
     * @throws IllegalArgumentException if it is not an instance ARN
     */
    public Builder instanceArn(String instanceArn) {
      this.instanceArn = AwsIds.requireInstanceArn("instanceArn", instanceArn);
      return this;
    }

    /**
     * @param requestIds RequestIds to wait for; non-empty, distinct
     * @return this builder
     * @throws NullPointerException     if the collection or an element is null
     * @throws IllegalArgumentException if empty, repeated or not a RequestId
     */
    public Builder requestIds(Collection<String> requestIds) {
      List<String> ids = AwsIds.requireDistinct("requestIds", requestIds, AwsIds::requireRequestId);
      this.requests = new ArrayList<>(ids.stream().map(TrackedRequest::of).toList());
      return this;
    }

    /**
     * @param requests requests to wait for, with what the caller knows of each; non-empty, distinct ids
     * @return this builder
     * @throws NullPointerException     if the collection or an element is null
     * @throws IllegalArgumentException if empty, or an id repeats or is not a RequestId
     */
    public Builder requests(Collection<TrackedRequest> requests) {
      Objects.requireNonNull(requests, "requests");
      if (requests.isEmpty()) {
        throw new IllegalArgumentException("requests must not be empty: give at least one RequestId");
      }
      Set<String> seen = new HashSet<>();
      int i = 0;
      for (TrackedRequest r : requests) {
        String field = "requests[" + i++ + "]";
        Objects.requireNonNull(r, field);
        AwsIds.requireRequestId(field + ".requestId", r.requestId());
        if (!seen.add(r.requestId())) {
          throw new IllegalArgumentException(field + ".requestId repeats '" + r.requestId()
              + "': each RequestId may appear once");
        }
      }
      this.requests = new ArrayList<>(requests);
      return this;
    }

    /**
     * @param options how long and how often to poll
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder options(WaitOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * @param listener receives progress snapshots
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @return the request
     * @throws IllegalStateException if the instance ARN or the requests are missing
     */
    public WaitRequest build() {
      if (instanceArn == null) {
        throw new IllegalStateException("instanceArn is required");
      }
      if (requests.isEmpty()) {
        throw new IllegalStateException("requests (or requestIds) are required: give at least one RequestId");
      }
      return new WaitRequest(this);
    }
  }
}
