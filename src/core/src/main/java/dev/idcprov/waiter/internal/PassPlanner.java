package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Plans the calls of each round and the gap to the next one from what earlier passes cost: the unfiltered pass
 * while the instance's history is small, the IN_PROGRESS pass otherwise, then for the requests that left
 * IN_PROGRESS whichever positive read is cheaper (a Describe each, or one unfiltered pass when the whole history
 * takes fewer pages than there are departures), and the Describes that are due. Remembers the page counts the passes
 * have shown. No I/O and no clock (times passed in); callers hold the session's lock.
 *
 * <p>Departure resolution: a request's lag after it finishes is at most one round gap (also when the IN_PROGRESS
 * pass has several pages, while {@link #oneAbsenceSuffices()}) plus, for each departure, one Describe made as soon as
 * the pass that shows it ends (or its share of one history pass); neither grows with the SUCCEEDED or FAILED
 * history, unlike a FAILED pass (which reads every FAILED entry of the instance) or an unfiltered pass over a large
 * history.
 */
final class PassPlanner {
  /** Rounds a request must have been invisible in the list before it is described. */
  static final int GRACE_ROUNDS = 1;
  /**
   * Poll intervals a request must have been invisible in the list before it is described. Apart from
   * {@link #GRACE_ROUNDS}: with the adaptive cadence rounds grow up to {@code maxPollInterval} apart, and a second
   * round of grace made a request that finished unseen wait up to two of those for its Describe.
   */
  static final int GRACE_INTERVALS = 2;

  /**
   * The calls a round starts with.
   *
   * @param due           requests to describe (never listed after their grace, or vanished)
   * @param unfilteredCap pages of the unfiltered pass, 0 for none
   */
  record RoundPlan(List<RequestState> due, int unfilteredCap) {
  }

  /** What follows the IN_PROGRESS pass, by how many tracked requests were absent from it. */
  enum AfterAbsences {
    /** Nobody was absent. */
    NOTHING,
    /** Describe each departed request. */
    DESCRIBE_DEPARTED,
    /**
     * One unfiltered pass, capped at as many pages as there are departures (it reads each status positively), then a
     * Describe for each departed request it did not list.
     */
    UNFILTERED_PASS
  }

  /**
   * Describes made on a single absence from a multi-page IN_PROGRESS pass that may find the request still in
   * progress (a page shift, or a stale answer) before single absences stop being trusted, beyond one in
   * {@link #ONE_ABSENCE_WASTE_RATIO}.
   */
  static final int ONE_ABSENCE_WASTE_ALLOWANCE = 3;
  /** Single absences stay trusted while at most one in this many of their Describes was wasted. */
  static final int ONE_ABSENCE_WASTE_RATIO = 10;

  private final WaitOptions options;
  private int inProgressPages = 1;
  /** Describes made on one absence from a multi-page pass, and how many found the request still in progress. */
  private int oneAbsenceDescribes;
  private int oneAbsenceWasted;
  /** The unfiltered history has at least this many pages (exactly this many once a pass read it all). */
  private int historyPagesAtLeast;
  /** Whether the last unfiltered pass read the whole history (then {@link #historyPagesAtLeast} is its size). */
  private boolean historyKnown;
  /** The gap between this wait's rounds as last planned. */
  private Duration currentInterval;

  PassPlanner(WaitOptions options) {
    this.options = options;
    this.currentInterval = options.pollInterval();
  }

  /** @return the gap between this wait's rounds as last planned ({@code pollInterval} before the first) */
  Duration currentInterval() {
    return currentInterval;
  }

  /**
   * Plans round number {@code round}, starting at {@code now}.
   *
   * @param unresolved the requests not resolved yet
   * @param sealed     whether the wait is sealed
   */
  RoundPlan plan(List<RequestState> unresolved, int round, Instant now, boolean sealed) {
    // the IN_PROGRESS pass, and a departure or two to describe
    int cheap = inProgressPages + 1;
    List<RequestState> due = unresolved.stream().filter(t -> isDue(t, round, now)).toList();
    // The unfiltered pass shows every status positively; it is worth it while the whole history costs no more
    // pages than the IN_PROGRESS pass and a Describe would (or than describing the due ones one by one), and capped
    // there. Open or sealed alike: due requests are described as they come due, never saved up for one pass over
    // the whole history at the seal.
    int cap = Math.max(cheap, due.size());
    return new RoundPlan(due, historyPagesAtLeast <= cap ? cap : 0);
  }

  /**
   * A request is due for a Describe when it vanished from the list, or the list has never shown it for
   * {@link #GRACE_ROUNDS} round and {@link #GRACE_INTERVALS} poll intervals since it was added (it may not be visible yet, or
   * finished before the first round); never before its backoff from an earlier Describe has run out.
   */
  boolean isDue(RequestState t, int round, Instant now) {
    boolean graceOver = round - t.addedRound > GRACE_ROUNDS
        && !now.isBefore(t.addedAt.plus(options.pollInterval().multipliedBy(GRACE_INTERVALS)));
    return (t.vanished || !t.listSeen && graceOver) && !now.isBefore(t.nextDescribeAt);
  }

  /** An unfiltered pass was read: when it hit its cap, the history is bigger and is not tried again at that cap. */
  void unfilteredPassRead(ListPass p) {
    historyPagesAtLeast = p.complete ? p.pages : Math.max(historyPagesAtLeast, p.pages + 1);
    historyKnown = p.complete;
  }

  void inProgressPassRead(ListPass p) {
    inProgressPages = p.pages;
  }

  /**
   * @param departed tracked requests whose departure from IN_PROGRESS this pass confirmed (those absent once from a
   *                 multi-page pass are confirmed, or seen again, next round)
   * @return how to read their statuses
   */
  AfterAbsences afterInProgressPass(int departed) {
    if (departed == 0) {
      return AfterAbsences.NOTHING;
    }
    // A Describe each (exact, and certain to answer), unless the whole history is known to take fewer pages than
    // that: then one unfiltered pass reads them all positively. A history of unknown size is not probed here: a
    // capped pass that stops short of the requests wastes its pages, and they would be described anyway.
    boolean cheaper = historyKnown && historyPagesAtLeast < departed;
    return cheaper ? AfterAbsences.UNFILTERED_PASS : AfterAbsences.DESCRIBE_DEPARTED;
  }

  /**
   * Whether one absence from a multi-page IN_PROGRESS pass is taken as a departure (read its status now) rather than
   * waiting for a second pass in a row, a round later. A request is skipped by a multi-page pass only if the
   * service's pages shift while they are read (an offset-based token, with requests leaving earlier pages); a
   * skipped request's Describe answers IN_PROGRESS. So single absences are trusted until their Describes prove
   * wasteful: more than {@value #ONE_ABSENCE_WASTE_ALLOWANCE} wasted and more than one in
   * {@value #ONE_ABSENCE_WASTE_RATIO}; then two absences in a row are needed for the rest of the wait. Either way a
   * departure is only a cue for a positive read.
   */
  boolean oneAbsenceSuffices() {
    return oneAbsenceWasted <= ONE_ABSENCE_WASTE_ALLOWANCE
        || (long) oneAbsenceWasted * ONE_ABSENCE_WASTE_RATIO <= oneAbsenceDescribes;
  }

  /**
   * A Describe of a request that departed on one absence from a multi-page pass was answered.
   *
   * @param finished whether it found the request finished (the absence was real), or still in progress
   */
  void oneAbsenceDescribed(boolean finished) {
    oneAbsenceDescribes++;
    if (!finished) {
      oneAbsenceWasted++;
    }
  }

  /**
   * The gap from a round's start to the next one's: {@code callsInRound / rate}, at least the poll interval, at
   * most {@code maxPollInterval}; the rate is {@link WaitOptions#pollCallsPerSecond()} once sealed,
   * {@link WaitOptions#pollCallsPerSecondWhileOpen()} while open (the same by default).
   */
  Duration pollIntervalAfter(int callsInRound, boolean sealedPace) {
    double rate = sealedPace ? options.pollCallsPerSecond() : options.pollCallsPerSecondWhileOpen();
    Duration cap = options.maxPollInterval();
    double nanos = callsInRound / rate * 1e9;
    Duration paced = nanos >= cap.toNanos() ? cap : Duration.ofNanos((long) nanos);
    Duration interval = paced.compareTo(options.pollInterval()) > 0 ? paced : options.pollInterval();
    return interval.compareTo(cap) > 0 ? cap : interval;
  }

  /**
   * The adaptive cadence: the gap a round's requests call for by their ages, at least the {@link #pollIntervalAfter
   * paced} gap. Each request in flight is allowed the call rate of a Describe poller doubling its delay with the
   * request's age: one call per {@code age}, at most {@link #oldRequestPeriod()} apart. A round
   * costing {@code callsInRound} calls is followed by {@code callsInRound} over the sum of those rates: one long
   * request is polled at ages 1, 2, 4, 8, 16 s (a streaming wait's first round comes one poll interval after its
   * first request), then every {@link #oldRequestPeriod()} (9 s by default); 100 young
   * requests sharing one-page rounds every {@code pollInterval}; and as a batch thins out, the last few old requests
   * share their allowances (two of them every 4.5 s, not every 10 s as the youngest-age rule did, which left the last
   * requests of a batch with up to 10 s of lag). The gap also leaves room for the round's own calls: at most
   * {@code maxPollInterval} less the time the last round {@code spent}, so that from a request's end to its report
   * takes at most {@code maxPollInterval} (unless the rounds' cost pacing asks for more).
   *
   * @param callsInRound calls the round cost
   * @param sealedPace   whether the wait is sealed
   * @param ages         ages of the unresolved requests (since each was added); none: the paced gap
   * @param spent        how long the last round took, from its first list call to its last answer
   * @return the gap from the round's start to the next one's
   */
  Duration cadence(int callsInRound, boolean sealedPace, List<Duration> ages, Duration spent) {
    Duration paced = pollIntervalAfter(callsInRound, sealedPace);
    double old = oldRequestPeriod().toNanos();
    double callsPerNano = 0;
    for (Duration age : ages) {
      // a request just added calls for a round at once (the paced gap); older ones for one per their age
      callsPerNano += 1 / Math.min(old, Math.max(1, age.toNanos()));
    }
    Duration max = options.maxPollInterval();
    Duration roomy = max.minus(spent);
    Duration ceiling = roomy.compareTo(options.pollInterval()) < 0 ? options.pollInterval() : roomy;
    if (callsPerNano == 0) {
      return paced;   // nothing in flight (an open wait gone idle): a request added next is polled at the pace
    }
    double gapNanos = Math.rint(Math.max(1, callsInRound) / callsPerNano);
    Duration byAge = gapNanos >= ceiling.toNanos() ? ceiling : Duration.ofNanos((long) gapNanos);
    return byAge.compareTo(paced) > 0 ? byAge : paced;
  }

  /**
   * How often an old request is polled, alone: nine tenths of {@code maxPollInterval} (at least {@code pollInterval}).
   * Within {@code maxPollInterval}, the lag bound, with room for the round's own calls; and for one request of 60-90 s
   * fewer calls and less lag, on average, than the Terraform-style poller's 10 s
   * ({@code CadenceModelTest.w4_oneLongRequest_fewerCallsAndLessLagThanThePoller}).
   */
  Duration oldRequestPeriod() {
    Duration p = options.maxPollInterval().multipliedBy(9).dividedBy(10);
    return p.compareTo(options.pollInterval()) < 0 ? options.pollInterval() : p;
  }

  /**
   * The delay from a round's end to the next round: its {@link #pollIntervalAfter poll interval} less the time it
   * {@code spent}, but at least half a poll interval.
   */
  Duration delayAfter(int callsInRound, boolean sealedPace, Duration spent) {
    return delayAfter(pollIntervalAfter(callsInRound, sealedPace), spent);
  }

  /**
   * The delay from a round's end to the next round: {@code interval} (from the round's start) less the time it
   * {@code spent}, but at least half a poll interval.
   */
  Duration delayAfter(Duration interval, Duration spent) {
    currentInterval = interval;
    Duration rest = currentInterval.minus(spent);
    Duration floor = options.pollInterval().dividedBy(2);
    return rest.compareTo(floor) < 0 ? floor : rest;
  }
}
