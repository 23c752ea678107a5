package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmissionFailedException;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.AwsErrors;
import dev.idcprov.waiter.internal.RetrySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;

/**
 * Calls {@code ProvisionPermissionSet} for each planned target, a few at a time (each call still waits for its
 * permit of the rate budget, so permits are reserved just in time and other users of the budget interleave),
 * retrying ConflictException with bounded backoff; results come back in plan order.
 */
public final class Submitter {
  /** {@code ProvisionPermissionSet}. */
  public static final String PROVISION = "ProvisionPermissionSet";
  /** Calls in flight at once. */
  static final int MAX_IN_FLIGHT = 8;

  private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);

  private final SsoAdminClient client;
  private final ApiCaller api;
  private final RetrySpec conflictRetry;

  /**
   * @param client        the client
   * @param api           the call boundary
   * @param conflictRetry retries of ConflictException
   */
  public Submitter(SsoAdminClient client, ApiCaller api, RetrySpec conflictRetry) {
    this.client = client;
    this.api = api;
    this.conflictRetry = conflictRetry;
  }

  /**
   * @param request the request, for its ConflictException retry settings
   * @param api     the call boundary, and its client
   * @return a submitter for that request
   */
  public static Submitter of(ProvisioningRequest request, ApiCaller api) {
    return new Submitter(api.client(), api,
        new RetrySpec(request.maxConflictRetries(), request.conflictBaseDelay(), request.conflictMaxDelay()));
  }

  /**
   * @param plan the plan; an empty plan makes no call
   * @return the accepted requests in plan order, or a future failed with a {@link SubmissionFailedException}
   */
  public CompletableFuture<List<SubmittedRequest>> submit(ProvisioningPlan plan) {
    return submit(plan, r -> { });
  }

  /**
   * @param plan       the plan; an empty plan makes no call
   * @param onAccepted told of each request as soon as AWS accepts it (on the thread that saw the answer; an
   *                   exception it throws is logged and ignored)
   * @return the accepted requests in plan order, or a future failed with a {@link SubmissionFailedException};
   *         cancelling it stops launching calls
   */
  public CompletableFuture<List<SubmittedRequest>> submit(ProvisioningPlan plan, Consumer<SubmittedRequest> onAccepted) {
    List<PlannedTarget> targets = plan.targets();
    CompletableFuture<List<SubmittedRequest>> result = new CompletableFuture<>();
    if (targets.isEmpty()) {
      result.complete(List.of());
      return result;
    }
    State state = new State(plan, targets.size(), result, onAccepted);
    for (int i = 0; i < Math.min(MAX_IN_FLIGHT, targets.size()); i++) {
      launchNext(state);
    }
    return result;
  }

  private void launchNext(State s) {
    int i;
    synchronized (s) {
      if (s.failure != null || s.next >= s.results.length || s.result.isDone()) {
        return;
      }
      i = s.next++;
      s.inFlight++;
    }
    PlannedTarget t = s.plan.targets().get(i);
    ProvisionPermissionSetRequest.Builder b = ProvisionPermissionSetRequest.builder()
        .instanceArn(s.plan.instanceArn()).permissionSetArn(t.permissionSetArn()).targetType(t.targetType());
    if (t.accountId() != null) {
      b.targetId(t.accountId());
    }
    ProvisionPermissionSetRequest req = b.build();
    String subject = "permission set " + t.permissionSetArn() + ", "
        + (t.accountId() == null ? "all provisioned accounts" : "account " + t.accountId());
    api.call(PROVISION, subject, () -> client.provisionPermissionSet(req), conflictRetry)
        .whenComplete((r, e) -> done(s, i, t, r, e));
  }

  private void done(State s, int i, PlannedTarget t, ProvisionPermissionSetResponse r, Throwable e) {
    boolean finished;
    SubmittedRequest justAccepted = null;
    synchronized (s) {
      s.inFlight--;
      if (e == null) {
        PermissionSetProvisioningStatus st = r.permissionSetProvisioningStatus();
        if (st == null || st.requestId() == null) {
          s.failure = s.failure != null ? s.failure : new AwsApiException(AwsApiException.Kind.OTHER, PROVISION, null,
              0, "the response carried no RequestId", 1, "the endpoint: it does not answer like AWS", null);
        } else {
          s.results[i] = new SubmittedRequest(st.requestId(), t, st.createdDate());
          justAccepted = s.results[i];
          LOG.debug("{} accepted: {} -> {}", PROVISION, t, st.requestId());
        }
      } else if (s.failure == null) {
        Throwable cause = AwsErrors.unwrap(e);
        s.failure = cause instanceof AwsApiException a ? a
            : cause instanceof CancellationException c ? c : AwsErrors.map(PROVISION, cause, 1, null, null);
      }
      if (justAccepted != null) {
        // told under the lock: the run can only be seen finished (and the caller's wait sealed) once every
        // accepted request has been handed over
        try {
          s.onAccepted.accept(justAccepted);
        } catch (RuntimeException ex) {
          LOG.warn("listener of accepted requests threw; ignored", ex);
        }
      }
      finished = s.inFlight == 0 && (s.failure != null || s.next >= s.results.length);
    }
    if (!finished) {
      launchNext(s);
      return;
    }
    List<SubmittedRequest> accepted = new ArrayList<>(Arrays.stream(s.results).filter(Objects::nonNull).toList());
    if (s.failure == null) {
      s.result.complete(accepted);
    } else if (s.failure instanceof AwsApiException a) {
      s.result.completeExceptionally(new SubmissionFailedException(a, accepted));
    } else {
      s.result.completeExceptionally(s.failure);
    }
  }

  /** One submission run. */
  private static final class State {
    final ProvisioningPlan plan;
    final SubmittedRequest[] results;
    final CompletableFuture<List<SubmittedRequest>> result;
    final Consumer<SubmittedRequest> onAccepted;
    int next;
    int inFlight;
    Throwable failure;

    State(ProvisioningPlan plan, int n, CompletableFuture<List<SubmittedRequest>> result,
          Consumer<SubmittedRequest> onAccepted) {
      this.plan = plan;
      this.results = new SubmittedRequest[n];
      this.result = result;
      this.onAccepted = onAccepted;
    }
  }
}
