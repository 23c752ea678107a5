package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestBudget;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitOptions;
import dev.idcprov.waiter.WaitProgress;
import dev.idcprov.waiter.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * One wait: the poll algorithm described in docs/LIBRARY.md, run as a chain of asynchronous steps on the
 * scheduler. Requests may be added until the session is sealed; it completes only once sealed and every request
 * is resolved. Its state is touched by one step at a time (steps follow each other), and read or extended under
 * the session's lock by the deadline, by {@link #add} and {@link #seal} and by callers asking what is pending.
 */
public final class WaitSession {
  /** {@code ListPermissionSetProvisioningStatus}. */
  public static final String LIST_OPERATION = "ListPermissionSetProvisioningStatus";
  /** {@code DescribePermissionSetProvisioningStatus}. */
  public static final String DESCRIBE_OPERATION = "DescribePermissionSetProvisioningStatus";
  /** While open, the gap between rounds may grow to this many times {@code maxPollInterval}. */
  static final int OPEN_MAX_INTERVAL_FACTOR = 6;
  /** Rounds a request must have been invisible in the list before it is described. */
  static final int GRACE_ROUNDS = 2;
  /** Placeholder when AWS gives no FailureReason. */
  static final String NO_REASON = "(AWS gave no FailureReason)";

  private static final Logger LOG = LoggerFactory.getLogger(WaitSession.class);

  private final SsoAdminClient client;
  private final String instanceArn;
  private final WaitOptions options;
  private final ProgressListener listener;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final SharedPasses passes;
  private final ApiCaller api;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final CompletableFuture<WaitResult> future = new CompletableFuture<>();
  private final Instant start;
  private final Duration describeBackoffCap;

  private boolean sealed;
  /**
   * Set under the lock by whatever ends the wait first (every request resolved after the seal, or the deadline),
   * before the future completes outside the lock; every later decision defers to it, so a wait ends one way only.
   */
  private boolean ended;
  private boolean armed;
  private Instant deadline;
  /** No round is scheduled or running: the session waits for {@link #add} or {@link #seal}. */
  private boolean idle = true;
  private boolean roundRunning;
  /** When the next round may start at the earliest (set when going idle). */
  private Instant nextRoundAt;
  private Instant lastRoundStart;
  private int lastRoundCost;

  private int rounds;
  private int inProgressPages = 1;
  private int failedPages = 1;
  private int historyPagesAtLeast;
  private final Map<String, Long> lastPassSeq = new HashMap<>();
  private volatile Future<?> nextRound;
  private volatile Future<?> deadlineTask;

  private WaitSession(SsoAdminClient client, String instanceArn, WaitOptions options, ProgressListener listener,
                      Clock clock, ScheduledExecutorService scheduler, ExecutorService io, RequestBudget budget,
                      SharedPasses passes) {
    this.client = client;
    this.passes = passes;
    this.instanceArn = instanceArn;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.scheduler = scheduler;
    this.api = new ApiCaller(client, scheduler, io, budget,
        new RetrySpec(options.maxRetries(), options.retryBaseDelay(), options.retryMaxDelay()));
    this.start = clock.instant();
    this.deadline = start.plus(options.timeout());
    this.nextRoundAt = start;
    this.describeBackoffCap = options.maxPollInterval().multipliedBy(3);
  }

  /**
   * Opens a wait with no request yet: the deadline runs from now (until sealed; scheduled by {@link #arm()}), the
   * first round starts when the first request is added.
   *
   * @param client      the SSO Admin client
   * @param instanceArn the instance
   * @param options     the options
   * @param listener    the progress listener
   * @param clock       the clock deadlines are measured on
   * @param scheduler   runs every step and delay
   * @param io          runs the blocking SDK calls
   * @param budget      the rate budget
   * @param passes      the list passes shared with the other waits of the context
   * @return the open session
   */
  public static WaitSession open(SsoAdminClient client, String instanceArn, WaitOptions options,
                                 ProgressListener listener, Clock clock, ScheduledExecutorService scheduler,
                                 ExecutorService io, RequestBudget budget, SharedPasses passes) {
    WaitSession s = new WaitSession(client, instanceArn, options, listener, clock, scheduler, io, budget, passes);
    s.future.whenComplete((r, e) -> s.stop());
    LOG.debug("wait opened on {} (timeout {})", instanceArn, options.timeout());
    return s;
  }

  /**
   * Schedules the deadline task. Separate from {@link #open} so that a caller adding a fixed set of requests can
   * add and seal them first: on a virtual-time scheduler a lone deadline task would otherwise run at once.
   *
   * @return this session
   */
  public synchronized WaitSession arm() {
    if (!armed && !future.isDone()) {
      armed = true;
      scheduleDeadline();
    }
    return this;
  }

  private void scheduleDeadline() {
    Future<?> d = deadlineTask;
    if (d != null) {
      d.cancel(false);
    }
    long nanos = Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
    deadlineTask = scheduler.schedule(this::onDeadline, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Tracks every request given, then seals, under one lock hold (so the first round sees them all).
   *
   * @param requests the requests
   * @return this session
   */
  public WaitSession addAllAndSeal(List<TrackedRequest> requests) {
    synchronized (this) {
      boolean wasIdle = idle;
      idle = false;   // hold the first round back until every request is in
      for (TrackedRequest r : requests) {
        add(r);
      }
      idle = wasIdle;
      seal();
    }
    return this;
  }

  /**
   * Tracks one more request; the first one starts the polling. Its grace (before it may be described for not
   * being listed) counts from now.
   *
   * @param request the request
   * @return true if tracked; false if the wait has already ended (cancelled, failed or timed out)
   * @throws IllegalStateException    if the session is sealed
   * @throws IllegalArgumentException if the RequestId is already tracked
   */
  public boolean add(TrackedRequest request) {
    synchronized (this) {
      if (sealed) {
        throw new IllegalStateException("the wait is sealed: no request can be added after seal() (RequestId "
            + request.requestId() + ")");
      }
      if (ended || future.isDone()) {
        // the deadline's exception names the pending requests as of the moment it ended the wait: a request
        // added after that must not be taken in silently, so the caller learns it was not tracked
        return false;
      }
      if (tracks.containsKey(request.requestId())) {
        throw new IllegalArgumentException("RequestId " + request.requestId() + " is already tracked by this wait");
      }
      tracks.put(request.requestId(), new Track(request, rounds, clock.instant()));
      // an open wait that is being fed stays alive: its deadline runs from the last request added
      deadline = clock.instant().plus(options.timeout());
      kick();
    }
    return true;
  }

  /**
   * Declares that no more requests will be added: the deadline now runs from here, the pace switches to
   * {@link WaitOptions#pollCallsPerSecond()}, and the wait completes once every request is resolved (at once if
   * they all are). Sealing twice does nothing.
   */
  public void seal() {
    boolean complete = false;
    synchronized (this) {
      if (sealed || ended || future.isDone()) {
        // timed out: the deadline's exception is (about to be) the result; sealing must not complete it normally
        return;
      }
      sealed = true;
      deadline = clock.instant().plus(options.timeout());
      if (armed) {
        scheduleDeadline();
      }
      LOG.debug("wait sealed with {} request(s) on {}", tracks.size(), instanceArn);
      if (idle) {
        complete = unresolved().isEmpty();
        ended = complete;
        if (!complete) {
          kick();
        }
      } else if (!roundRunning && lastRoundStart != null) {
        // a round is scheduled at the open pace: bring it forward to the sealed pace
        Future<?> n = nextRound;
        if (n != null && n.cancel(false)) {
          Instant at = lastRoundStart.plus(pollIntervalAfter(lastRoundCost, true));
          nextRound = scheduler.schedule(this::runRound, Math.max(0, Duration.between(clock.instant(), at).toNanos()),
              TimeUnit.NANOSECONDS);
        }
      }
    }
    if (complete) {
      future.complete(result());
    }
  }

  /** @return whether {@link #seal()} was called */
  public synchronized boolean isSealed() {
    return sealed;
  }

  /** Schedules a round if none is scheduled or running; caller holds the lock. */
  private void kick() {
    if (!idle || future.isDone()) {
      return;
    }
    idle = false;
    long delay = Math.max(0, Duration.between(clock.instant(), nextRoundAt).toNanos());
    nextRound = scheduler.schedule(this::runRound, delay, TimeUnit.NANOSECONDS);
  }

  /** @return the future result; cancelling it stops the wait */
  public CompletableFuture<WaitResult> future() {
    return future;
  }

  /** @return RequestIds not yet resolved, in request order */
  public synchronized List<String> pendingRequestIds() {
    return tracks.values().stream().filter(t -> t.outcome == null).map(t -> t.request.requestId()).toList();
  }

  private void stop() {
    api.stop();
    Future<?> n = nextRound;
    if (n != null) {
      n.cancel(false);
    }
    Future<?> d = deadlineTask;
    if (d != null) {
      d.cancel(false);
    }
  }

  // ---------------------------------------------------------------- the round

  private void runRound() {
    if (future.isDone()) {
      return;
    }
    if (!clock.instant().isBefore(currentDeadline())) {
      onDeadline();
      return;
    }
    Instant roundStart = clock.instant();
    int callsBefore = api.totalCalls();
    Round round;
    synchronized (this) {
      roundRunning = true;
      rounds++;
      round = new Round(roundStart);
      int cheap = inProgressPages + failedPages;
      round.due = dueForDescribe(roundStart);
      if (!sealed && round.due.size() > cheap) {
        // While requests are still being added, confirming many never-listed ones waits for the seal: one
        // history pass then, rather than one per round (the history grows with every submission).
        round.due = List.of();
      }
      int cap = Math.max(cheap, round.due.size());
      round.unfilteredCap = historyPagesAtLeast <= cap ? cap : 0;
    }
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    if (round.unfilteredCap > 0) {
      chain = listPass(null, round.unfilteredCap, 0).thenAccept(p -> {
        round.pages += p.pages;
        applyUnfiltered(round, p);
      });
    }
    chain.thenCompose(v -> round.unfilteredComplete ? done() : inProgressPhase(round))
        .thenCompose(v -> describeDue(round))
        .thenCompose(v -> describeEach(round, round.describeForReason))
        .whenComplete((v, error) -> {
          if (error != null) {
            fail(error);
          } else {
            finishRound(round, callsBefore);
          }
        });
  }

  private CompletableFuture<Void> inProgressPhase(Round round) {
    return listPass(StatusValues.IN_PROGRESS, Integer.MAX_VALUE, 0).thenCompose(p -> {
      List<Track> confirmed;
      List<Track> absent;
      synchronized (this) {
        round.pages += p.pages;
        inProgressPages = p.pages;
        absent = new ArrayList<>();
        confirmed = new ArrayList<>();
        for (Track t : unresolved()) {
          PermissionSetProvisioningStatusMetadata item = p.items.get(t.request.requestId());
          if (item != null) {
            t.sawInList(item, round.start);
            if (item.status() == StatusValues.IN_PROGRESS || item.status() == null) {
              t.stillInProgress();
            }
          } else if (t.seenInProgress && !round.describeForReason.contains(t)
              && !p.startedAt.isBefore(t.addedAt.plus(options.listStaleness()))) {
            // Absent from a complete IN_PROGRESS pass after having been seen in it, in a pass that started at least
            // listStaleness after the request was added (so even a stale answer reflects a state in which it
            // existed): it has left, unless a multi-page pass skipped it while items moved between pages, so such
            // a pass needs two in a row.
            t.absentPasses++;
            absent.add(t);
            if (p.pages == 1 || t.absentPasses >= 2) {
              confirmed.add(t);
              if (t.departedAt == null) {
                t.departedAt = p.endedAt;
              }
            }
          }
        }
      }
      if (absent.isEmpty()) {
        return done();
      }
      if (absent.size() < failedPages) {
        // Fewer departures than FAILED pages: describing each confirmed one is exact and cheaper; the
        // unconfirmed ones are confirmed (or seen again) next round.
        return describeEach(round, confirmed);
      }
      // taken after the IN_PROGRESS pass ended, so a request that left it is in this one if it FAILED, provided
      // the FAILED pass started listStaleness after the absence was seen (checked below)
      return listPass(StatusValues.FAILED, Integer.MAX_VALUE, p.endSeq).thenAccept(f -> {
        synchronized (this) {
          round.pages += f.pages;
          failedPages = f.pages;
          for (Track t : absent) {
            PermissionSetProvisioningStatusMetadata item = f.items.get(t.request.requestId());
            if (item != null) {
              t.sawInList(item, round.start);
              if (item.status() == StatusValues.FAILED) {
                round.describeForReason.add(t);
              }
            } else if (confirmed.contains(t) && !f.startedAt.isBefore(t.departedAt.plus(options.listStaleness()))) {
              // Left IN_PROGRESS, and absent from a FAILED pass that started at least listStaleness after the
              // IN_PROGRESS pass that missed it ended: even a stale answer of this pass is at least as recent as
              // that one, so it would list the request had it FAILED. SUCCEEDED.
              resolve(round, t, RequestOutcome.Status.SUCCEEDED, null, t.createdDate, null, null);
            }
            // else: not FAILED in a pass that may be staler than the one that missed it; asked again next round
          }
        }
      });
    });
  }

  private synchronized void applyUnfiltered(Round round, Pass p) {
    round.unfilteredComplete = p.complete;
    historyPagesAtLeast = p.complete ? p.pages : Math.max(historyPagesAtLeast, p.pages + 1);
    for (Track t : unresolved()) {
      PermissionSetProvisioningStatusMetadata item = p.items.get(t.request.requestId());
      if (item == null) {
        if (p.complete && t.listSeen) {
          t.vanished = true;
        }
        continue;
      }
      round.touched.add(t);
      t.sawInList(item, round.start);
      if (item.status() == StatusValues.SUCCEEDED) {
        resolve(round, t, RequestOutcome.Status.SUCCEEDED, null, t.createdDate, null, null);
      } else if (item.status() == StatusValues.FAILED) {
        round.describeForReason.add(t);
      } else if (item.status() == StatusValues.IN_PROGRESS) {
        t.stillInProgress();
      }
    }
  }

  private List<Track> dueForDescribe(Instant now) {
    List<Track> due = new ArrayList<>();
    for (Track t : unresolved()) {
      boolean graceOver = rounds - t.addedRound > GRACE_ROUNDS
          && !now.isBefore(t.addedAt.plus(options.pollInterval().multipliedBy(GRACE_ROUNDS)));
      if ((t.vanished || !t.listSeen && graceOver) && !now.isBefore(t.nextDescribeAt)) {
        due.add(t);
      }
    }
    return due;
  }

  private CompletableFuture<Void> describeDue(Round round) {
    List<Track> due;
    synchronized (this) {
      due = round.due.stream().filter(t -> t.outcome == null && !round.touched.contains(t)
          && (t.vanished || !t.listSeen)).toList();
    }
    return describeEach(round, due);
  }

  private CompletableFuture<Void> describeEach(Round round, List<Track> targets) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Track t : List.copyOf(targets)) {
      chain = chain.thenCompose(v -> {
        synchronized (this) {
          if (t.outcome != null || !round.described.add(t)) {
            return done();
          }
        }
        String id = t.request.requestId();
        DescribePermissionSetProvisioningStatusRequest req = DescribePermissionSetProvisioningStatusRequest.builder()
            .instanceArn(instanceArn).provisionPermissionSetRequestId(id).build();
        return api.call(DESCRIBE_OPERATION, "RequestId " + id, () -> client.describePermissionSetProvisioningStatus(req))
            .thenAccept(r -> applyDescribe(round, t, r.permissionSetProvisioningStatus()));
      });
    }
    return chain;
  }

  private synchronized void applyDescribe(Round round, Track t, PermissionSetProvisioningStatus s) {
    if (s == null) {
      t.backOffDescribe(round.start, options.pollInterval(), describeBackoffCap);
      return;
    }
    t.described = true;
    Instant created = s.createdDate() != null ? s.createdDate() : t.createdDate;
    StatusValues status = s.status();
    if (status == StatusValues.SUCCEEDED || status == StatusValues.FAILED) {
      boolean failed = status == StatusValues.FAILED;
      String reason = failed ? (s.failureReason() == null || s.failureReason().isBlank() ? NO_REASON
          : s.failureReason()) : null;
      resolve(round, t, failed ? RequestOutcome.Status.FAILED : RequestOutcome.Status.SUCCEEDED, reason, created,
          s.accountId(), s.permissionSetArn());
      return;
    }
    if (status == StatusValues.IN_PROGRESS) {
      t.unknownStatus = null;
    } else if (!String.valueOf(s.statusAsString()).equals(t.unknownStatus)) {
      t.unknownStatus = String.valueOf(s.statusAsString());
      LOG.warn("request {} has status '{}', unknown to this AWS SDK version: taken as neither success nor failure",
          t.request.requestId(), t.unknownStatus);
    }
    t.vanished = false;
    t.stillInProgress();
    t.backOffDescribe(round.start, options.pollInterval(), describeBackoffCap);
  }

  private void resolve(Round round, Track t, RequestOutcome.Status status, String reason, Instant created,
                       String accountId, String permissionSetArn) {
    TrackedRequest r = t.request;
    t.outcome = new RequestOutcome(r.requestId(), status, reason,
        accountId != null ? accountId : r.accountId(),
        permissionSetArn != null ? permissionSetArn : r.permissionSetArn(),
        created != null ? created : r.createdDate());
    round.resolved.add(t.outcome);
  }

  private void finishRound(Round round, int callsBefore) {
    if (future.isDone()) {
      return;
    }
    WaitProgress progress;
    boolean finished;
    boolean goIdle;
    boolean endedElsewhere;
    Duration delay;
    synchronized (this) {
      roundRunning = false;
      int calls = api.totalCalls() - callsBefore;
      // the cadence follows what the round cost the instance (pages joined from other waits included), so
      // waits sharing passes keep the same rhythm
      int cost = round.pages + round.described.size();
      long succeeded = tracks.values().stream().filter(t -> t.outcome != null && !t.outcome.failed()).count();
      long failed = tracks.values().stream().filter(t -> t.outcome != null && t.outcome.failed()).count();
      progress = new WaitProgress(tracks.size(), (int) succeeded, (int) failed, round.resolved, rounds,
          elapsed());
      boolean allResolved = succeeded + failed == tracks.size();
      endedElsewhere = ended;
      finished = sealed && allResolved && !ended;
      ended |= finished;
      goIdle = !sealed && allResolved && !ended;
      lastRoundStart = round.start;
      lastRoundCost = cost;
      Duration interval = pollIntervalAfter(cost, sealed);
      Duration spent = Duration.between(round.start, clock.instant());
      Duration floor = options.pollInterval().dividedBy(2);
      delay = interval.minus(spent).compareTo(floor) < 0 ? floor : interval.minus(spent);
      if (goIdle) {
        // nothing to poll for until a request is added (or the wait sealed)
        idle = true;
        nextRoundAt = clock.instant().plus(delay);
      }
      LOG.debug("round {}: {} call(s), {} resolved now, {}; next round in {} ms", rounds, calls,
          round.resolved.size(), progress.summary(), finished ? 0 : delay.toMillis());
    }
    if (rounds == 1 || !round.resolved.isEmpty()) {
      notifyListener(progress);
    }
    if (finished) {
      WaitResult result = result();
      if (result.failed().isEmpty()) {
        future.complete(result);
      } else {
        future.completeExceptionally(new ProvisioningFailedException(result));
      }
      return;
    }
    if (goIdle || endedElsewhere) {
      return;
    }
    synchronized (this) {
      nextRound = scheduler.schedule(this::runRound, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
    if (future.isDone()) {
      nextRound.cancel(false);
    }
  }

  /**
   * The gap from a round's start to the next one's: {@code callsInRound / rate}, at least the poll interval; at
   * most {@code maxPollInterval} once sealed ({@link WaitOptions#pollCallsPerSecond()}), at most
   * {@link #OPEN_MAX_INTERVAL_FACTOR} times that while open ({@link WaitOptions#pollCallsPerSecondWhileOpen()}).
   */
  Duration pollIntervalAfter(int callsInRound, boolean sealedPace) {
    double rate = sealedPace ? options.pollCallsPerSecond() : options.pollCallsPerSecondWhileOpen();
    Duration cap = sealedPace ? options.maxPollInterval()
        : options.maxPollInterval().multipliedBy(OPEN_MAX_INTERVAL_FACTOR);
    double nanos = callsInRound / rate * 1e9;
    Duration paced = nanos >= cap.toNanos() ? cap : Duration.ofNanos((long) nanos);
    Duration interval = paced.compareTo(options.pollInterval()) > 0 ? paced : options.pollInterval();
    return interval.compareTo(cap) > 0 ? cap : interval;
  }

  private void notifyListener(WaitProgress progress) {
    try {
      listener.onProgress(progress);
    } catch (RuntimeException e) {
      LOG.warn("progress listener threw; ignored", e);
    }
  }

  private synchronized Instant currentDeadline() {
    return deadline;
  }

  private void onDeadline() {
    if (future.isDone()) {
      return;
    }
    ProvisioningTimeoutException e;
    synchronized (this) {
      if (ended) {
        return;
      }
      if (clock.instant().isBefore(deadline)) {
        // the deadline moved (a request was added, or the wait sealed, since this task was scheduled)
        if (armed) {
          scheduleDeadline();
        }
        return;
      }
      ended = true;
      List<String> pending = pendingRequestIds();
      List<String> unknown = tracks.values().stream().filter(t -> t.outcome == null && t.unknownStatus != null)
          .map(t -> t.request.requestId() + " (" + t.unknownStatus + ")").toList();
      List<String> invisible = tracks.values().stream().filter(t -> t.outcome == null && !t.listSeen
          && !t.described).map(t -> t.request.requestId()).toList();
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
      e = new ProvisioningTimeoutException(options.timeout(), pending, result(), detail.toString());
    }
    LOG.debug("deadline passed: {}", e.getMessage());
    future.completeExceptionally(e);
  }

  private void fail(Throwable error) {
    Throwable t = AwsErrors.unwrap(error);
    if (t instanceof CancellationException) {
      return;
    }
    future.completeExceptionally(t);
  }

  private synchronized WaitResult result() {
    List<RequestOutcome> outcomes = tracks.values().stream().filter(t -> t.outcome != null)
        .map(t -> t.outcome).toList();
    return new WaitResult(outcomes, rounds, api.calls(), elapsed());
  }

  private Duration elapsed() {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private List<Track> unresolved() {
    return tracks.values().stream().filter(t -> t.outcome == null).toList();
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  // ---------------------------------------------------------------- list passes

  /**
   * A list pass with the given status filter (null: every status), every page or up to {@code maxPages}: joined
   * from another wait on the same client and instance when one suitable is recent (see {@link SharedPasses}),
   * else made here. {@code afterSeq}: the pass must begin after that tick.
   */
  private CompletableFuture<Pass> listPass(StatusValues filter, int maxPages, long afterSeq) {
    String key = instanceArn + "|" + filter + "|" + options.pageSize();
    long after = Math.max(afterSeq, lastPassSeq.getOrDefault(key, 0L));
    Instant now = clock.instant();
    Instant freshSince = now.minus(options.pollInterval().dividedBy(2));
    return passes.join(client, key, maxPages, after, freshSince, now,
            seq -> read(filter, maxPages, new Pass(seq, now)))
        .exceptionallyCompose(e -> {
          // a pass joined from a wait that stopped meanwhile: list on our own
          if (AwsErrors.unwrap(e) instanceof CancellationException && !future.isDone()) {
            return read(filter, maxPages, new Pass(passes.tick(), clock.instant()));
          }
          return CompletableFuture.failedFuture(e);
        })
        .thenApply(p -> {
          synchronized (this) {
            lastPassSeq.put(key, p.startSeq);
          }
          return p;
        });
  }

  /** Reads a pass of our own through the {@link Paginator}: every page, or up to {@code maxPages}. */
  private CompletableFuture<Pass> read(StatusValues filter, int maxPages, Pass pass) {
    return Paginator.provisioningStatus(api, instanceArn, filter, options.pageSize())
        .read(maxPages, page -> add(pass, page))
        .thenApply(read -> {
          pass.pages = read.pages();
          pass.complete = read.complete();
          pass.endedAt = clock.instant();
          pass.endSeq = passes.tick();
          return pass;
        });
  }

  private static void add(Pass pass, ListPermissionSetProvisioningStatusResponse r) {
    if (r.hasPermissionSetsProvisioningStatus()) {
      for (PermissionSetProvisioningStatusMetadata m : r.permissionSetsProvisioningStatus()) {
        if (m.requestId() != null) {
          pass.items.put(m.requestId(), m);
        }
      }
    }
  }

  /** The items one list pass saw; immutable once its future completes (passes are shared between waits). */
  static final class Pass {
    final Map<String, PermissionSetProvisioningStatusMetadata> items = new HashMap<>();
    final long startSeq;
    /** When its first page was asked for: no page of it can show a state newer than this. */
    final Instant startedAt;
    volatile long endSeq;
    /** When its last page came back: no page of it shows a state newer than this. */
    volatile Instant endedAt;
    int pages;
    boolean complete;

    Pass(long startSeq, Instant startedAt) {
      this.startSeq = startSeq;
      this.startedAt = startedAt;
    }
  }

  /** What one round decided and found. */
  private static final class Round {
    final Instant start;
    final List<RequestOutcome> resolved = new ArrayList<>();
    final List<Track> describeForReason = new ArrayList<>();
    final java.util.Set<Track> touched = new java.util.HashSet<>();
    final java.util.Set<Track> described = new java.util.HashSet<>();
    List<Track> due = List.of();
    int unfilteredCap;
    boolean unfilteredComplete;
    /** List pages this round used, its own or joined from another wait: the round's cost to the instance. */
    int pages;

    Round(Instant start) {
      this.start = start;
    }
  }

  /** What the wait knows of one request. */
  private static final class Track {
    final TrackedRequest request;
    Instant createdDate;
    boolean listSeen;
    boolean seenInProgress;
    boolean vanished;
    boolean described;
    int absentPasses;
    /** When the IN_PROGRESS pass that first missed it (after its grace) ended; null while it is in progress. */
    Instant departedAt;
    String unknownStatus;
    Instant nextDescribeAt = Instant.MIN;
    Duration describeBackoff;
    RequestOutcome outcome;

    /** Rounds run before it was added, and when: its grace counts from there. */
    final int addedRound;
    final Instant addedAt;

    Track(TrackedRequest request, int addedRound, Instant addedAt) {
      this.request = request;
      this.createdDate = request.createdDate();
      this.addedRound = addedRound;
      this.addedAt = addedAt;
    }

    void sawInList(PermissionSetProvisioningStatusMetadata item, Instant now) {
      listSeen = true;
      vanished = false;
      if (item.createdDate() != null) {
        createdDate = item.createdDate();
      }
      if (item.status() == StatusValues.IN_PROGRESS) {
        seenInProgress = true;
        unknownStatus = null;
      } else if ((item.status() == null || item.status() == StatusValues.UNKNOWN_TO_SDK_VERSION)
          && !String.valueOf(item.statusAsString()).equals(unknownStatus)) {
        unknownStatus = String.valueOf(item.statusAsString());
        LOG.warn("request {} listed with status '{}', unknown to this AWS SDK version: taken as neither success "
            + "nor failure", request.requestId(), unknownStatus);
      }
    }

    /** Seen IN_PROGRESS (again): any absence seen before was a page shuffle or a stale answer. */
    void stillInProgress() {
      absentPasses = 0;
      departedAt = null;
    }

    void backOffDescribe(Instant now, Duration first, Duration cap) {
      describeBackoff = describeBackoff == null ? first.multipliedBy(2) : describeBackoff.multipliedBy(2);
      if (describeBackoff.compareTo(cap) > 0) {
        describeBackoff = cap;
      }
      nextDescribeAt = now.plus(describeBackoff);
    }
  }
}
