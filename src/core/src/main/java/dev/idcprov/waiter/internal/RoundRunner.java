package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.internal.RoundDecisions.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * Makes the calls of one poll round and hands every answer to {@link RoundDecisions}: the passes the
 * {@link PassPlanner} asks for, each joined from another wait when one suits ({@link SharedPasses}) or read through
 * the {@link Paginator}, then the Describes. Success is only ever read positively: listed SUCCEEDED, or described. Calls run one after the other outside the session's lock; every
 * decision is taken under it.
 */
final class RoundRunner {
  private final SsoAdminClient client;
  private final String instanceArn;
  private final WaitOptions options;
  private final Clock clock;
  private final ApiCaller api;
  private final SharedPasses passes;
  private final Object lock;
  private final TrackedRequests tracks;
  private final PassPlanner planner;
  private final RoundDecisions decisions;
  private final BooleanSupplier sessionOver;
  /** Told of each outcome as it is decided, the lock held. */
  private final Consumer<RequestOutcome> onResolved;
  /** Run outside the lock after each answer whose decisions may have resolved requests (a list pass, a Describe). */
  private final Runnable afterDecisions;
  /** Per pass key, the start tick of the last pass this wait used: a pass it joins must be newer. Under the lock. */
  private final Map<String, Long> lastPassSeq = new HashMap<>();

  /**
   * @param lock        the session's lock, guarding {@code tracks} and {@code planner}
   * @param sessionOver whether the wait has ended (then a joined pass that was cancelled is not read again)
   * @param onResolved  told of each outcome as soon as it is decided, the lock held (it must not call out)
   * @param afterDecisions run outside the lock after each answer whose decisions may have resolved requests: the
   *                    session hands the outcomes to its listener there, and ends a sealed wait with nothing pending,
   *                    without waiting for the end of the round
   */
  RoundRunner(String instanceArn, WaitOptions options, Clock clock, ApiCaller api, SharedPasses passes, Object lock,
              TrackedRequests tracks, PassPlanner planner, BooleanSupplier sessionOver,
              Consumer<RequestOutcome> onResolved, Runnable afterDecisions) {
    this.client = api.client();
    this.instanceArn = instanceArn;
    this.options = options;
    this.clock = clock;
    this.api = api;
    this.passes = passes;
    this.lock = lock;
    this.tracks = tracks;
    this.planner = planner;
    this.decisions = RoundDecisions.of(options);
    this.sessionOver = sessionOver;
    this.onResolved = onResolved;
    this.afterDecisions = afterDecisions;
  }

  /** What one round planned, decided and found. */
  static final class Round {
    final Instant start;
    final PassPlanner.RoundPlan plan;
    final List<RequestOutcome> resolved = new ArrayList<>();
    final List<RequestState> describeForReason = new ArrayList<>();
    /** Listed by this round's unfiltered pass (a Describe due for them is not needed any more). */
    final Set<RequestState> touched = new HashSet<>();
    final Set<RequestState> described = new HashSet<>();
    boolean unfilteredComplete;
    /** List pages this round used, its own or joined from another wait: the round's cost to the instance. */
    int pages;
    /**
     * When the earliest list pass this round used began (its own or one joined): the next round is timed from
     * here, so that waits joining each other's passes keep one phase and go on sharing every round.
     */
    Instant firstPassStart;

    Round(Instant start, PassPlanner.RoundPlan plan) {
      this.start = start;
      this.plan = plan;
    }

    /** @return list pages used, its own or joined: the round's recurring cost, which paces the next one */
    int cost() {
      return pages;
    }
  }

  /** Plans round number {@code number}; the caller holds the lock. */
  Round begin(int number, Instant start, boolean sealed) {
    Round round = new Round(start, planner.plan(tracks.unresolved(), number, start, sealed));
    round.firstPassStart = start;
    return round;
  }

  /**
   * Runs a round: the capped unfiltered pass if planned (enough when it read the whole history), else the
   * IN_PROGRESS pass and the positive reads its departures call for, then the Describes due and those for
   * FailureReasons.
   *
   * @return the round, once its last call is answered and decided; failed with the first call that failed for good
   */
  CompletableFuture<Round> run(Round round) {
    CompletableFuture<Void> chain = done();
    if (round.plan.unfilteredCap() > 0) {
      chain = listPass(round, null, round.plan.unfilteredCap(), 0).thenAccept(p -> applyUnfiltered(round, p));
    }
    return chain.thenCompose(v -> round.unfilteredComplete ? done() : inProgressPhase(round))
        .thenCompose(v -> describeDue(round))
        .thenCompose(v -> describeEach(round, round.describeForReason))
        .thenApply(v -> round);
  }

  private void applyUnfiltered(Round round, ListPass p) {
    synchronized (lock) {
      round.pages += p.pages;
      round.unfilteredComplete |= p.complete;
      planner.unfilteredPassRead(p);
      for (RequestState t : tracks.unresolved()) {
        if (p.item(t.requestId()) != null) {
          round.touched.add(t);
        }
        record(round, t, decisions.onUnfilteredPass(t, p));
      }
    }
    afterDecisions.run();
  }

  private CompletableFuture<Void> inProgressPhase(Round round) {
    return listPass(round, StatusValues.IN_PROGRESS, Paginator.NO_CAP, 0).thenCompose(p -> {
      List<RequestState> departed = new ArrayList<>();
      PassPlanner.AfterAbsences next;
      synchronized (lock) {
        round.pages += p.pages;
        planner.inProgressPassRead(p);
        boolean oneAbsence = planner.oneAbsenceSuffices();
        for (RequestState t : tracks.unresolved()) {
          if (decisions.onInProgressPass(t, p, round.describeForReason.contains(t), oneAbsence)
              == Transition.DEPARTED) {
            departed.add(t);
          }
        }
        next = planner.afterInProgressPass(departed.size());
      }
      // Absence from IN_PROGRESS is never taken as success: a departed request is resolved only by a status read
      // positively, so no list answer of any staleness can turn a failure into a success.
      return switch (next) {
        case NOTHING -> done();
        case DESCRIBE_DEPARTED -> describeEach(round, departed);
        // begun after the IN_PROGRESS pass ended; what it does not list (stale, or beyond its cap) is described
        case UNFILTERED_PASS -> listPass(round, null, departed.size(), p.endSeq)
            .thenAccept(u -> applyUnfiltered(round, u))
            .thenCompose(v -> {
              List<RequestState> unread;
              synchronized (lock) {
                unread = departed.stream().filter(t -> !round.touched.contains(t)).toList();
              }
              return describeEach(round, unread);
            });
      };
    });
  }

  private CompletableFuture<Void> describeDue(Round round) {
    List<RequestState> due;
    synchronized (lock) {
      due = round.plan.due().stream()
          .filter(t -> !round.touched.contains(t) && RoundDecisions.stillNeedsDescribe(t)).toList();
    }
    return describeEach(round, due);
  }

  /**
   * Describes each target at most once a round, unless resolved meanwhile: all at once, so that many departures in
   * one round take the time of one call plus the budget's spacing, not the sum of their round trips (the budget and
   * the I/O executor bound how many run together).
   */
  private CompletableFuture<Void> describeEach(Round round, List<RequestState> targets) {
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (RequestState t : List.copyOf(targets)) {
      synchronized (lock) {
        if (t.resolved() || !round.described.add(t)) {
          continue;
        }
      }
      String id = t.requestId();
      DescribePermissionSetProvisioningStatusRequest req = DescribePermissionSetProvisioningStatusRequest.builder()
          .instanceArn(instanceArn).provisionPermissionSetRequestId(id).build();
      calls.add(api.call(WaitSession.DESCRIBE_OPERATION, "RequestId " + id,
              () -> client.describePermissionSetProvisioningStatus(req))
          .thenAccept(r -> applyDescribe(round, t, r.permissionSetProvisioningStatus())));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
  }

  private void applyDescribe(Round round, RequestState t, PermissionSetProvisioningStatus status) {
    synchronized (lock) {
      boolean oneAbsence = t.departedOnOneAbsence;
      t.departedOnOneAbsence = false;
      Transition transition = decisions.onDescribe(t, status, round.start);
      if (oneAbsence && transition != Transition.BACKED_OFF && transition != Transition.UNKNOWN_HELD) {
        // tells the planner whether trusting one absence from a multi-page pass is still paying off: only an
        // answer IN_PROGRESS shows the absence was not real (no status, or one this SDK does not know, shows
        // nothing either way, and a status IN_PROGRESS lists would never show is no wasted Describe)
        planner.oneAbsenceDescribed(transition == Transition.SUCCEEDED || transition == Transition.FAILED);
      }
      record(round, t, transition);
    }
    afterDecisions.run();
  }

  /** Notes in the round what a decision calls for: an outcome to report, or a Describe for a FailureReason. */
  private void record(Round round, RequestState t, Transition transition) {
    if (transition == Transition.SUCCEEDED || transition == Transition.FAILED) {
      round.resolved.add(t.outcome);
      onResolved.accept(t.outcome);
      // one line per request: where its lag went (added, left IN_PROGRESS, the round that read it, read at)
      WaitSession.LOG.debug("request {} resolved {} (added {}, departed {}, round of {}, read at {})", t.requestId(),
          t.outcome.status(), t.addedAt, t.departedAt, round.start, clock.instant());
    } else if (transition == Transition.DESCRIBE_FOR_REASON) {
      round.describeForReason.add(t);
    }
  }

  // ---------------------------------------------------------------- list passes

  /**
   * A list pass with the given status filter (null: every status), every page or up to {@code maxPages}: joined
   * from another wait on the same client and instance when one suitable is recent (see {@link SharedPasses}),
   * else made here. {@code afterSeq}: the pass must begin after that tick.
   */
  private CompletableFuture<ListPass> listPass(Round round, StatusValues filter, int maxPages, long afterSeq) {
    String key = instanceArn + "|" + filter + "|" + options.pageSize();
    long after;
    Duration interval;
    synchronized (lock) {
      after = Math.max(afterSeq, lastPassSeq.getOrDefault(key, 0L));
      interval = planner.currentInterval();
    }
    Instant now = clock.instant();
    // Any pass begun within this wait's own interval answers as well as one of its own would at its next round:
    // joining it is timing-independent (no half-interval window to fall out of), and timing the next round from
    // that pass's start (Round.firstPassStart) keeps the waits in phase from then on.
    Instant freshSince = now.minus(interval);
    return passes.join(client, key, maxPages, after, freshSince, now,
            seq -> read(filter, maxPages, new ListPass(seq, now)))
        .exceptionallyCompose(e -> {
          // a pass joined from a wait that stopped meanwhile: list on our own
          if (AwsErrors.unwrap(e) instanceof CancellationException && !sessionOver.getAsBoolean()) {
            return read(filter, maxPages, new ListPass(passes.tick(), clock.instant()));
          }
          return CompletableFuture.failedFuture(e);
        })
        .thenApply(p -> {
          synchronized (lock) {
            lastPassSeq.put(key, p.startSeq);
            if (p.startedAt.isBefore(round.firstPassStart)) {
              round.firstPassStart = p.startedAt;
            }
          }
          return p;
        });
  }

  /** Reads a pass of our own through the {@link Paginator}: every page, or up to {@code maxPages}. */
  private CompletableFuture<ListPass> read(StatusValues filter, int maxPages, ListPass pass) {
    return Paginator.provisioningStatus(api, instanceArn, filter, options.pageSize())
        .read(maxPages, pass::add)
        .thenApply(read -> {
          pass.pages = read.pages();
          pass.complete = read.complete();
          pass.endedAt = clock.instant();
          pass.endSeq = passes.tick();
          return pass;
        });
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
