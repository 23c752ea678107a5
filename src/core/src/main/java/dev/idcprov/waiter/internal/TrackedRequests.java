package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.RequestOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The requests of one wait in the order added, with what the wait knows of each; guarded by the session's lock. */
final class TrackedRequests {
  private final Map<String, RequestState> byId = new LinkedHashMap<>();

  boolean contains(String requestId) {
    return byId.containsKey(requestId);
  }

  void add(RequestState state) {
    byId.put(state.requestId(), state);
  }

  int size() {
    return byId.size();
  }

  List<RequestState> unresolved() {
    return byId.values().stream().filter(t -> !t.resolved()).toList();
  }

  /** @return RequestIds not yet resolved, in request order */
  List<String> pendingIds() {
    return byId.values().stream().filter(t -> !t.resolved()).map(RequestState::requestId).toList();
  }

  /** @return the outcomes so far, in request order */
  List<RequestOutcome> outcomes() {
    return byId.values().stream().filter(RequestState::resolved).map(t -> t.outcome).toList();
  }

  int succeeded() {
    return (int) byId.values().stream().filter(t -> t.resolved() && !t.outcome.failed()).count();
  }

  int failed() {
    return (int) byId.values().stream().filter(t -> t.resolved() && t.outcome.failed()).count();
  }

  /**
   * What a timeout exception says beyond the pending RequestIds: which of them reported a status this SDK does
   * not know, which were never seen, and whether the wait was never sealed.
   */
  String timeoutDetail(boolean sealed) {
    List<String> unknown = pendingWithUnknownStatus();
    List<String> invisible = pendingNeverSeen();
    StringBuilder detail = new StringBuilder();
    if (!unknown.isEmpty()) {
      detail.append(unknown.size()).append(" of them reported a status this AWS SDK version does not know, "
          + "taken as neither success nor failure (upgrade the SDK): ").append(String.join(", ", unknown));
    }
    if (!invisible.isEmpty()) {
      detail.append(detail.length() > 0 ? "; " : "").append(invisible.size())
          .append(" of them never appeared in ListPermissionSetProvisioningStatus");
    }
    if (!sealed) {
      detail.append(detail.length() > 0 ? "; " : "").append("the wait was never sealed (requests were still "
          + "being added when the timeout, counted from the last request added, ran out)");
    }
    return detail.toString();
  }

  /** @return "RequestId (STATUS)" of each pending request whose last status was one this SDK does not know */
  private List<String> pendingWithUnknownStatus() {
    return byId.values().stream().filter(t -> !t.resolved() && t.unknownStatus != null)
        .map(t -> t.requestId() + " (" + t.unknownStatus + ")").toList();
  }

  /** @return pending requests neither the list nor a Describe has ever shown */
  private List<String> pendingNeverSeen() {
    return byId.values().stream().filter(t -> !t.resolved() && !t.listSeen && !t.described)
        .map(RequestState::requestId).toList();
  }
}
