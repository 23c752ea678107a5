package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pass planning and pacing, table by table, without a scheduler: which calls a round makes, and the gap after it. */
class PassPlannerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static RequestState neverListed(int n, int addedRound, Instant addedAt) {
    return new RequestState(TrackedRequest.of(String.format("00000000-0000-4000-8000-%012d", n)), addedRound,
        addedAt);
  }

  static ListPass pass(int pages, boolean complete) {
    ListPass p = new ListPass(1, T0);
    p.pages = pages;
    p.complete = complete;
    return p;
  }

  /** A row of the grace table: a never-listed request added in round 0 at T0, planned in round {@code round}. */
  record GraceRow(String name, int round, double secondsAfterAdd, boolean vanished, double backoffUntil,
                  boolean due) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<GraceRow> describeIsDue() {
    return Stream.of(
        new GraceRow("never listed, within 1 round of its add: not yet", 1, 5, false, -1, false),
        new GraceRow("never listed, 2 rounds and 2 poll intervals on: due", 2, 2, false, -1, true),
        new GraceRow("never listed, 3 rounds on but within 2 poll intervals: not yet", 3, 1.9, false, -1, false),
        new GraceRow("never listed, 3 rounds and 2 poll intervals on: due", 3, 2, false, -1, true),
        new GraceRow("never listed after the grace, but backed off from an earlier Describe: not yet",
            5, 6, false, 8, false),
        new GraceRow("never listed after the grace, its backoff run out: due", 5, 8, false, 8, true),
        new GraceRow("vanished from the list: due at once", 1, 0.5, true, -1, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void describeIsDue(GraceRow row) {
    RequestState t = neverListed(1, 0, T0);
    if (row.vanished()) {
      t.listSeen = true;
      t.vanished = true;
    }
    if (row.backoffUntil() >= 0) {
      t.nextDescribeAt = T0.plusMillis(Math.round(row.backoffUntil() * 1000));
    }
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());

    boolean due = planner.isDue(t, row.round(), T0.plusMillis(Math.round(row.secondsAfterAdd() * 1000)));

    assertThat(due).isEqualTo(row.due());
  }

  /**
   * A row of the round-plan table.
   *
   * @param historyPass the unfiltered pass read before (pages, complete), or null for none
   * @param due         never-listed requests past their grace
   * @param sealed      whether the wait is sealed
   */
  record PlanRow(String name, ListPass historyPass, int due, boolean sealed, int expectedDue, int expectedCap) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<PlanRow> plan() {
    return Stream.of(
        new PlanRow("fresh wait: the unfiltered pass, capped at the filtered passes' 2 pages", null, 0, true, 0, 2),
        new PlanRow("the history was read whole in 2 pages: unfiltered again", pass(2, true), 0, true, 0, 2),
        new PlanRow("the history outgrew the cap: no unfiltered pass at that cap", pass(2, false), 0, true, 0, 0),
        new PlanRow("sealed, more due than the cap: one unfiltered pass capped at the number due",
            pass(2, false), 5, true, 5, 5),
        new PlanRow("sealed, few due: described, the unfiltered pass not tried again", pass(2, false), 2, true, 2, 0),
        new PlanRow("open alike: more due than the cap, one unfiltered pass capped at the number due (nothing is "
            + "saved up for the seal)", pass(2, false), 5, false, 5, 5),
        new PlanRow("open, as many due as the filtered passes cost: described now", pass(2, false), 2, false, 2, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void plan(PlanRow row) {
    // Given a planner that has seen the history pass of the row, and requests past their grace
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());
    if (row.historyPass() != null) {
      planner.unfilteredPassRead(row.historyPass());
    }
    List<RequestState> unresolved = new ArrayList<>();
    for (int i = 0; i < row.due(); i++) {
      unresolved.add(neverListed(i + 1, 0, T0));
    }
    unresolved.add(new RequestState(TrackedRequest.of("00000000-0000-4000-8000-999999999999"), 9, T0));

    // When round 10 is planned, 10 s after they were added
    PassPlanner.RoundPlan plan = planner.plan(unresolved, 10, T0.plusSeconds(10), row.sealed());

    // Then
    assertThat(plan.due()).hasSize(row.expectedDue());
    assertThat(plan.unfilteredCap()).isEqualTo(row.expectedCap());
  }

  @Test
  void afterDepartures_describesEach_unlessTheWholeHistoryTakesNoMorePages() {
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());

    assertThat(planner.afterInProgressPass(0)).isEqualTo(PassPlanner.AfterAbsences.NOTHING);
    planner.unfilteredPassRead(pass(5, false));   // the history has more than 5 pages

    assertThat(planner.afterInProgressPass(1)).isEqualTo(PassPlanner.AfterAbsences.DESCRIBE_DEPARTED);
    // size unknown (at least 6 pages): never probed for departures, however many
    assertThat(planner.afterInProgressPass(1000)).isEqualTo(PassPlanner.AfterAbsences.DESCRIBE_DEPARTED);

    planner.unfilteredPassRead(pass(500, true));  // 50,000 entries: a Describe each for up to 500 departures

    assertThat(planner.afterInProgressPass(500)).isEqualTo(PassPlanner.AfterAbsences.DESCRIBE_DEPARTED);
    assertThat(planner.afterInProgressPass(501)).isEqualTo(PassPlanner.AfterAbsences.UNFILTERED_PASS);
  }

  static List<Duration> ages(double... seconds) {
    List<Duration> ages = new ArrayList<>();
    for (double s : seconds) {
      ages.add(Duration.ofMillis(Math.round(s * 1000)));
    }
    return ages;
  }

  static List<Duration> same(int n, double seconds) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, seconds);
    return ages(a);
  }

  @Test
  void cadence_oneRequestIsPolledAsItsAgeDoubles_manyShareFastRounds() {
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());
    Duration none = Duration.ZERO;

    // one request, one-call rounds: the gap is its age (within 1 s and 9 s), as a doubling Describe poller's
    assertThat(planner.cadence(1, true, ages(0), none)).isEqualTo(Duration.ofSeconds(1));
    assertThat(planner.cadence(1, true, ages(2), none)).isEqualTo(Duration.ofSeconds(2));
    assertThat(planner.cadence(1, true, ages(4), none)).isEqualTo(Duration.ofSeconds(4));
    assertThat(planner.cadence(1, true, ages(8), none)).isEqualTo(Duration.ofSeconds(8));
    assertThat(planner.cadence(1, true, ages(16), none)).isEqualTo(Duration.ofSeconds(9));
    // 100 requests sharing a one-page round: their share of a call per round stays small, rounds stay 1 s apart
    assertThat(planner.cadence(1, true, same(100, 30), none)).isEqualTo(Duration.ofSeconds(1));
    // a costly round is never followed sooner than its pace allows (10 calls at 2 calls/s)
    assertThat(planner.cadence(10, true, same(1000, 0), none)).isEqualTo(Duration.ofSeconds(5));
    // nothing in flight (an open wait gone idle): the paced gap, so that the next request added is polled soon
    assertThat(planner.cadence(1, false, List.of(), none)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void cadence_theLastRequestsOfABatchShareTheirAllowances_notTheYoungestAgeOverTheirNumber() {
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());
    Duration none = Duration.ZERO;

    // the last two of a batch, 23 and 30 s old: 9 s each, so a round every 4.5 s (the youngest-age rule gave
    // 23 / 2 = 10 s, capped: the last requests of W5 waited up to 10 s for their round)
    assertThat(planner.cadence(1, true, ages(23, 30), none)).isEqualTo(Duration.ofMillis(4500));
    // three old ones: every 3 s
    assertThat(planner.cadence(1, true, same(3, 40), none)).isEqualTo(Duration.ofSeconds(3));
    // a young and an old one: the young one's 2 s dominates (1 / (1/2 + 1/9) s)
    assertThat(planner.cadence(1, true, ages(2, 60), none).toMillis()).isEqualTo(1636);
  }

  @Test
  void cadence_leavesRoomForTheRoundsOwnCalls_soTheLagStaysWithinMaxPollInterval() {
    WaitOptions options = WaitOptions.builder().maxPollInterval(Duration.ofSeconds(10)).build();
    PassPlanner planner = new PassPlanner(options);

    // one old request, rounds taking 1.5 s (list, then a Describe, on a slow connection): 8.5 s, not 9
    assertThat(planner.cadence(1, true, ages(60), Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(8500));
    // rounds slower than maxPollInterval: never sooner than pollInterval
    assertThat(planner.cadence(1, true, ages(60), Duration.ofSeconds(12))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void cadence_oneRequestOf75Seconds_costsNoMoreRoundsThanADoublingDescribePoller() {
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());
    Duration t = Duration.ZERO;
    int rounds = 0;
    Duration lastGap = Duration.ZERO;
    while (t.compareTo(Duration.ofSeconds(75)) < 0) {
      rounds++;
      lastGap = planner.cadence(1, true, List.of(t), Duration.ZERO);
      t = t.plus(lastGap);
    }

    // rounds at 0, 1, 2, 4, 8, 16, 25, 34, ... 70 s: 12 one-call rounds, and the 13th (79 s) reads it finished (a
    // streaming wait skips the round at 0); the Terraform-style poller (5, 5.2, 5.6, 6.4, 8, 11.2, 17.6, 27.6 ...
    // 77.6 s) makes 13 calls too, and its lag is 2.6 s here against our 4 s (CadenceModelTest compares both over
    // every duration from 60 to 90 s)
    assertThat(rounds).isEqualTo(12);
    assertThat(lastGap).isEqualTo(Duration.ofSeconds(9));
  }

  /** A row of the pace table. */
  record PaceRow(String name, WaitOptions options, int calls, boolean sealed, Duration spent, Duration interval,
                 Duration delay) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<PaceRow> pace() {
    WaitOptions four = WaitOptions.builder().pollCallsPerSecond(4).build();
    WaitOptions slow = WaitOptions.builder().pollCallsPerSecond(0.5).build();
    WaitOptions open = WaitOptions.builder().pollCallsPerSecond(5).pollCallsPerSecondWhileOpen(0.5).build();
    return Stream.of(
        new PaceRow("one call at 2 calls/s: the poll interval, 1 s", WaitOptions.defaults(), 1, true, Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(1)),
        new PaceRow("10 calls at 4 calls/s: 2.5 s", four, 10, true, Duration.ZERO, Duration.ofMillis(2500),
            Duration.ofMillis(2500)),
        new PaceRow("10 calls at 0.5 calls/s: capped at maxPollInterval", slow, 10, true, Duration.ZERO,
            Duration.ofSeconds(10), Duration.ofSeconds(10)),
        new PaceRow("while open, 4 calls at 0.5 calls/s: 8 s", open, 4, false, Duration.ZERO,
            Duration.ofSeconds(8), Duration.ofSeconds(8)),
        new PaceRow("while open, 100 calls: capped at maxPollInterval too", open, 100, false, Duration.ZERO,
            Duration.ofSeconds(10), Duration.ofSeconds(10)),
        new PaceRow("time the round spent is taken off the gap", four, 10, true, Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofMillis(1500)),
        new PaceRow("never less than half a poll interval after a long round", four, 10, true, Duration.ofSeconds(3),
            Duration.ofMillis(2500), Duration.ofMillis(500)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void pace(PaceRow row) {
    PassPlanner planner = new PassPlanner(row.options());

    assertThat(planner.pollIntervalAfter(row.calls(), row.sealed())).isEqualTo(row.interval());
    assertThat(planner.delayAfter(row.calls(), row.sealed(), row.spent())).isEqualTo(row.delay());
  }

  /**
   * A row of the one-absence table: Describes made on one absence from a multi-page IN_PROGRESS pass, how many of
   * them found the request still in progress, and whether single absences are still trusted after them.
   */
  record OneAbsenceRow(String name, int finished, int wasted, boolean trusted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<OneAbsenceRow> oneAbsenceSuffices() {
    return Stream.of(
        new OneAbsenceRow("nothing described yet: trusted", 0, 0, true),
        new OneAbsenceRow("every Describe found the request finished: trusted", 500, 0, true),
        new OneAbsenceRow("the first 3 wasted, even with nothing else: still trusted", 0, 3, true),
        new OneAbsenceRow("a 4th wasted with fewer than 40 Describes in all: two absences needed again", 30, 4,
            false),
        new OneAbsenceRow("4 wasted out of 40: one in ten, still trusted", 36, 4, true),
        new OneAbsenceRow("11 wasted out of 100: over one in ten, two absences needed again", 89, 11, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void oneAbsenceSuffices(OneAbsenceRow row) {
    PassPlanner planner = new PassPlanner(WaitOptions.defaults());
    for (int i = 0; i < row.finished(); i++) {
      planner.oneAbsenceDescribed(true);
    }
    for (int i = 0; i < row.wasted(); i++) {
      planner.oneAbsenceDescribed(false);
    }

    assertThat(planner.oneAbsenceSuffices()).isEqualTo(row.trusted());
  }
}
