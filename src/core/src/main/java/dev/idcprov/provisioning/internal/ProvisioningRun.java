package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningReport;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmissionFailedException;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.WaitHandle;
import dev.idcprov.waiter.WaitResult;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code provision}: plan (unless given a plan), submit while waiting, seal, report. Holds the run's
 * state; each step, and each way it can fail, is a method. One run per instance: {@link #start()} once.
 */
public final class ProvisioningRun {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisioningRun.class);

  private final ProvisioningRequest request;
  private final ProvisioningPlan given;
  private final ApiCaller api;
  private final ProvisioningWaiter waiter;
  private final Executor scheduler;
  private final Consumer<SubmittedRequest> listener;
  /** RequestIds AWS accepted, in the order it accepted them. */
  private final List<String> accepted = new CopyOnWriteArrayList<>();
  /** RequestIds accepted after the wait had already ended (its deadline passed during submission). */
  private final List<String> late = new CopyOnWriteArrayList<>();
  /** What a cancelled run cancels: the plan, the wait and the submission, as they start. */
  private final List<CompletableFuture<?>> stages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<ProvisioningReport> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  // set once by submitWhileWaiting, before it registers the callbacks that read them
  private volatile ProvisioningPlan plan;
  private volatile WaitHandle wait;
  private volatile CompletableFuture<List<SubmittedRequest>> submission;

  /**
   * @param request   what to provision, checked by the provisioner
   * @param given     the plan to submit, or null to plan first
   * @param api       the call boundary; stopped when the run ends
   * @param waiter    the waiter that opens the wait
   * @param scheduler runs the first step
   * @param listener  told of each request as soon as AWS accepts it (an exception it throws is logged and ignored)
   */
  public ProvisioningRun(ProvisioningRequest request, ProvisioningPlan given, ApiCaller api, ProvisioningWaiter waiter,
                         Executor scheduler, Consumer<SubmittedRequest> listener) {
    this.request = request;
    this.given = given;
    this.api = api;
    this.waiter = waiter;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /**
   * Starts the run on the scheduler.
   *
   * @return the report, or a future failed with the provisioner's exceptions; cancelling it stops the run
   *         (requests already accepted go on in AWS)
   * @throws IllegalStateException if the run was already started
   */
  public CompletableFuture<ProvisioningReport> start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("this run was already started: make a new ProvisioningRun for each run");
    }
    try {
      scheduler.execute(() -> {
        try {
          plan();
        } catch (RuntimeException | Error e) {
          // never lost in a scheduler thread: the run ends with it
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("the run could not start: the threads of its "
          + "ProvisioningContext are shut down (the context was closed)", e));
    }
    result.whenComplete((r, e) -> {
      api.stop();
      if (result.isCancelled()) {
        stages.forEach(s -> s.cancel(true));
      }
    });
    return result;
  }

  /** @return the RequestIds AWS accepted so far (for the exception of an interrupted sync call) */
  public List<String> acceptedRequestIds() {
    return List.copyOf(accepted);
  }

  /** Step 1: plans, unless given a plan; an empty plan is the report. */
  private void plan() {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<ProvisioningPlan> planned = given != null ? CompletableFuture.completedFuture(given)
        : new Planner(api.client(), api).plan(request);
    stages.add(planned);
    planned.whenComplete((p, e) -> {
      if (e != null) {
        result.completeExceptionally(AwsErrors.unwrap(e));
        return;
      }
      LOG.debug("plan: {}", p.summary());
      if (p.isEmpty()) {
        result.complete(new ProvisioningReport(p, List.of(), null));
      } else if (!result.isDone()) {
        submitWhileWaiting(p);
      }
    });
  }

  /**
   * Step 2: opens the wait first, adds each request as soon as AWS accepts it and seals when submission ends, so
   * requests that finish during a long submission are seen (and reported) while it goes on.
   */
  private void submitWhileWaiting(ProvisioningPlan p) {
    plan = p;
    wait = waiter.open(request.instanceArn(), request.waitOptions(), request.listener());
    stages.add(wait.result());
    submission = Submitter.of(request, api).submit(plan, this::accepted);
    stages.add(submission);
    wait.result().whenComplete((r, e) -> waitEnded(e));
    submission.whenComplete((subs, e) -> submissionEnded(subs, e));
  }

  private void accepted(SubmittedRequest r) {
    accepted.add(r.requestId());
    if (!wait.add(r.toTracked())) {
      late.add(r.requestId());
    }
    listener.accept(r);
  }

  /**
   * A wait that failed on an API error while submitting stops the submission; the result is failed first, so the
   * submission's own cancellation does not replace the reason. At a deadline, submission runs on, so that the
   * timeout names every request AWS accepted.
   */
  private void waitEnded(Throwable e) {
    Throwable cause = e == null ? null : AwsErrors.unwrap(e);
    if (cause != null && !(cause instanceof ProvisioningTimeoutException) && !submission.isDone()) {
      result.completeExceptionally(cause);
      submission.cancel(true);
    }
  }

  /** Step 3: submission ended; seal the wait and report, or take one of the failure paths. */
  private void submissionEnded(List<SubmittedRequest> submitted, Throwable e) {
    if (e == null) {
      wait.seal();
      wait.result().whenComplete((r, we) -> report(submitted, r, we));
      return;
    }
    Throwable cause = AwsErrors.unwrap(e);
    if (cause instanceof SubmissionFailedException sfe && wait.result().isCompletedExceptionally()) {
      wait.result().whenComplete((r, we) -> submissionFailedAfterWait(sfe, we));
    } else if (cause instanceof SubmissionFailedException sfe && !wait.result().isDone()) {
      LOG.debug("submission failed; waiting for the {} accepted request(s) before reporting it",
          sfe.accepted().size());
      wait.seal();
      wait.result().whenComplete((r, we) -> result.completeExceptionally(withOutcomes(sfe, r, we)));
    } else {
      wait.result().cancel(true);
      result.completeExceptionally(cause);
    }
  }

  /** Step 4: every request ended; the report, or the wait's failure (naming requests accepted late). */
  private void report(List<SubmittedRequest> submitted, WaitResult r, Throwable waitError) {
    if (waitError == null) {
      result.complete(new ProvisioningReport(plan, submitted, r));
    } else {
      result.completeExceptionally(withLate(AwsErrors.unwrap(waitError)));
    }
  }

  /**
   * Submission failed after the wait had failed: a timeout wins (it names the pending requests) with the
   * submission's failure suppressed; otherwise the submission's failure.
   */
  private void submissionFailedAfterWait(SubmissionFailedException sfe, Throwable waitError) {
    Throwable w = withLate(AwsErrors.unwrap(waitError));
    if (w instanceof ProvisioningTimeoutException) {
      w.addSuppressed(sfe);
      result.completeExceptionally(w);
    } else {
      result.completeExceptionally(sfe);
    }
  }

  /** A timeout that ended the wait during submission, naming also the requests accepted after it. */
  private Throwable withLate(Throwable waitError) {
    if (!(waitError instanceof ProvisioningTimeoutException t) || late.isEmpty()) {
      return waitError;
    }
    List<String> pending = new ArrayList<>(t.pendingRequestIds());
    pending.addAll(late);
    return new ProvisioningTimeoutException(t.timeout(), pending, t.partialResult(), late.size() + " of them accepted"
        + " by AWS after the deadline had passed while submitting (the timeout counts from the last accepted"
        + " request until submission ends)");
  }

  /** The submission's failure, carrying the outcomes of the requests it had got accepted. */
  private static Throwable withOutcomes(SubmissionFailedException sfe, WaitResult r, Throwable waitError) {
    Throwable we = waitError == null ? null : AwsErrors.unwrap(waitError);
    WaitResult outcomes = r != null ? r
        : we instanceof ProvisioningFailedException f ? f.result()
        : we instanceof ProvisioningTimeoutException t ? t.partialResult() : null;
    if (outcomes == null) {
      if (we != null) {
        sfe.addSuppressed(we);
      }
      return sfe;
    }
    SubmissionFailedException out = new SubmissionFailedException(sfe, outcomes);
    if (we instanceof ProvisioningTimeoutException) {
      out.addSuppressed(we);
    }
    return out;
  }
}
