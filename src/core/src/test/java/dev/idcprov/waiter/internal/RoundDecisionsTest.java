package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.internal.RoundDecisions.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * The decision step, table by table: each row is what the wait knew of a request, what one pass or Describe
 * answered (and when), and the transition that must follow. No scheduler, no client: times are plain instants.
 */
class RoundDecisionsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String ID = "00000000-0000-4000-8000-000000000001";
  static final Instant CREATED = T0.minusSeconds(30);
  static final String ACCOUNT = "222222222222";
  static final String PS = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
  static final Duration STALENESS = Duration.ofSeconds(5);
  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(30);

  static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  /**
   * What the wait knew of the request before the answer.
   *
   * @param listSeen       the list has shown it
   * @param seenInProgress the list has shown it IN_PROGRESS
   * @param absentPasses   IN_PROGRESS passes in a row it was absent from
   * @param departedAt     when the pass that first confirmed its departure ended (seconds), or null
   * @param addedAt        when it was added (seconds)
   */
  record Known(boolean listSeen, boolean seenInProgress, int absentPasses, Double departedAt, double addedAt,
               Double nextDescribeAt) {
    static Known neverListed() {
      return new Known(false, false, 0, null, 0, null);
    }

    static Known inProgress() {
      return new Known(true, true, 0, null, 0, null);
    }

    static Known absentOnce() {
      return new Known(true, true, 1, null, 0, null);
    }

    static Known departedAt(double s) {
      return new Known(true, true, 1, s, 0, null);
    }

    static Known listedNotInProgress() {
      return new Known(true, false, 0, null, 0, null);
    }

    Known addedAt(double s) {
      return new Known(listSeen, seenInProgress, absentPasses, departedAt, s, nextDescribeAt);
    }

    /** A Describe found it IN_PROGRESS; the next is not due before {@code s}. */
    Known describedInProgressUntil(double s) {
      return new Known(listSeen, seenInProgress, absentPasses, departedAt, addedAt, s);
    }

    RequestState state() {
      RequestState t = new RequestState(TrackedRequest.of(ID), 0, at(addedAt));
      t.listSeen = listSeen;
      t.createdDate = listSeen ? CREATED : null;
      t.seenInProgress = seenInProgress;
      t.absentPasses = absentPasses;
      t.departedAt = departedAt == null ? null : at(departedAt);
      if (nextDescribeAt != null) {
        t.nextDescribeAt = at(nextDescribeAt);
      }
      return t;
    }
  }

  /**
   * One list pass.
   *
   * @param status   the request's status in it (a raw value), or null when the pass does not list it
   * @param pages    pages it read
   * @param complete it read every page
   * @param start    when its first page was asked for (seconds)
   * @param end      when its last page came back (seconds)
   */
  record Pass(String status, int pages, boolean complete, double start, double end) {
    static Pass listing(String status) {
      return new Pass(status, 1, true, 10, 10.5);
    }

    static Pass absent(int pages, double start, double end) {
      return new Pass(null, pages, true, start, end);
    }

    ListPass toListPass() {
      ListPass p = new ListPass(1, at(start));
      p.pages = pages;
      p.complete = complete;
      p.endedAt = at(end);
      if (status != null) {
        p.items.put(ID, PermissionSetProvisioningStatusMetadata.builder().requestId(ID).status(status)
            .createdDate(CREATED).build());
      }
      return p;
    }
  }

  /**
   * What must follow.
   *
   * @param transition   the transition
   * @param absentPasses the absences counted after it
   * @param departedAt   when it departed (seconds), or null
   * @param outcome      its outcome's status, or null while pending
   */
  record Then(Transition transition, int absentPasses, Double departedAt, RequestOutcome.Status outcome) {
    static Then is(Transition transition, int absentPasses) {
      return new Then(transition, absentPasses, null, null);
    }

    static Then departed(Transition transition, int absentPasses, double at) {
      return new Then(transition, absentPasses, at, null);
    }

    static Then resolved(RequestOutcome.Status status) {
      return new Then(status == RequestOutcome.Status.SUCCEEDED ? Transition.SUCCEEDED : Transition.FAILED, -1, null,
          status);
    }

    void check(RequestState t, Transition actual) {
      assertThat(actual).isEqualTo(transition);
      if (absentPasses >= 0) {
        assertThat(t.absentPasses).as("absences counted").isEqualTo(absentPasses);
      }
      if (outcome == null) {
        assertThat(t.outcome).as("outcome").isNull();
        assertThat(t.departedAt).as("departed at").isEqualTo(departedAt == null ? null : at(departedAt));
      } else {
        assertThat(t.outcome.status()).isEqualTo(outcome);
        assertThat(t.outcome.requestId()).isEqualTo(ID);
      }
    }
  }

  // ------------------------------------------------------------------ IN_PROGRESS pass

  /** A row of the IN_PROGRESS table. */
  record InProgressRow(String name, Known known, Pass pass, boolean awaitingReason, Then then) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<InProgressRow> inProgressPass() {
    return Stream.of(
        new InProgressRow("listed IN_PROGRESS after an absence: the absence was a page shuffle, forgotten",
            Known.absentOnce(), new Pass("IN_PROGRESS", 3, true, 10, 11), false, Then.is(Transition.IN_PROGRESS, 0)),
        new InProgressRow("listed IN_PROGRESS for the first time: seen in progress",
            Known.neverListed(), Pass.listing("IN_PROGRESS"), false, Then.is(Transition.IN_PROGRESS, 0)),
        new InProgressRow("absent, never seen in progress: never finished by absence (may not be visible yet)",
            Known.neverListed(), Pass.absent(1, 10, 10.5), false, Then.is(Transition.NONE, 0)),
        new InProgressRow("absent, listed before but never IN_PROGRESS: never finished by absence",
            Known.listedNotInProgress(), Pass.absent(1, 10, 10.5), false, Then.is(Transition.NONE, 0)),
        new InProgressRow("absent from a pass started within listStaleness of the add: described (a stale answer "
            + "costs a Describe, never a wrong status)",
            Known.inProgress(), Pass.absent(1, 4.9, 5.2), false, Then.departed(Transition.DEPARTED, 1, 5.2)),
        new InProgressRow("absent within listStaleness of the add, but a Describe found it in progress and its "
            + "backoff runs: nothing new",
            Known.inProgress().describedInProgressUntil(6), Pass.absent(1, 4.9, 5.2), false,
            Then.is(Transition.NONE, 0)),
        new InProgressRow("absent after listStaleness: departed even within a Describe backoff",
            Known.inProgress().describedInProgressUntil(6), Pass.absent(1, 5, 5.2), false,
            Then.departed(Transition.DEPARTED, 1, 5.2)),
        new InProgressRow("absent from a one-page pass started listStaleness after the add: departed as it ended",
            Known.inProgress(), Pass.absent(1, 5, 5.2), false, Then.departed(Transition.DEPARTED, 1, 5.2)),
        new InProgressRow("absent once from a multi-page pass: a second absence in a row is needed",
            Known.inProgress(), Pass.absent(3, 10, 11), false, Then.is(Transition.ABSENT, 1)),
        new InProgressRow("absent from a second multi-page pass in a row: departed as that pass ended",
            Known.absentOnce(), Pass.absent(3, 12, 13), false, Then.departed(Transition.DEPARTED, 2, 13)),
        new InProgressRow("absent again after departing: keeps when it first departed",
            Known.departedAt(6), Pass.absent(1, 12, 12.5), false, Then.departed(Transition.DEPARTED, 2, 6)),
        new InProgressRow("absent while this round awaits its FailureReason: nothing new",
            Known.inProgress(), Pass.absent(1, 10, 10.5), true, Then.is(Transition.NONE, 0)),
        new InProgressRow("the window counts from the add, not from the wait's start",
            Known.inProgress().addedAt(8).describedInProgressUntil(14), Pass.absent(1, 12.9, 13), false,
            Then.is(Transition.NONE, 0)),
        new InProgressRow("listed with a status this SDK does not know: held pending, not in progress",
            Known.absentOnce(), Pass.listing("PAUSED"), false, Then.is(Transition.UNKNOWN_HELD, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void inProgressPass(InProgressRow row) {
    // Given what the wait knew
    RequestState t = row.known().state();
    RoundDecisions decisions = new RoundDecisions(STALENESS, POLL, BACKOFF_CAP);

    // When a Status=IN_PROGRESS pass answers
    Transition transition = decisions.onInProgressPass(t, row.pass().toListPass(), row.awaitingReason());

    // Then
    row.then().check(t, transition);
    if (row.pass().status() != null) {
      assertThat(t.listSeen).isTrue();
    }
  }

  /** A row of the table of multi-page passes while the planner trusts one absence. */
  record OneAbsenceRow(String name, Known known, Pass pass, Then then, boolean departedOnOneAbsence) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<OneAbsenceRow> inProgressPass_oneAbsenceTrusted() {
    return Stream.of(
        new OneAbsenceRow("absent once from a multi-page pass: departed as it ended, marked as on one absence",
            Known.inProgress(), Pass.absent(3, 10, 11), Then.departed(Transition.DEPARTED, 1, 11), true),
        new OneAbsenceRow("absent from a second multi-page pass in a row: departed, not on one absence",
            Known.absentOnce(), Pass.absent(3, 12, 13), Then.departed(Transition.DEPARTED, 2, 13), false),
        new OneAbsenceRow("absent from a one-page pass: departed, not on one absence (one page cannot shift)",
            Known.inProgress(), Pass.absent(1, 10, 10.5), Then.departed(Transition.DEPARTED, 1, 10.5), false),
        new OneAbsenceRow("listed IN_PROGRESS by a multi-page pass: in progress, nothing to describe",
            Known.inProgress(), new Pass("IN_PROGRESS", 3, true, 10, 11), Then.is(Transition.IN_PROGRESS, 0),
            false),
        new OneAbsenceRow("never seen in progress: never departs by absence, trusted or not",
            Known.neverListed(), Pass.absent(3, 10, 11), Then.is(Transition.NONE, 0), false),
        new OneAbsenceRow("within listStaleness of the add and a Describe's backoff: nothing new, trusted or not",
            Known.inProgress().describedInProgressUntil(6), Pass.absent(3, 4.9, 5.2), Then.is(Transition.NONE, 0),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void inProgressPass_oneAbsenceTrusted(OneAbsenceRow row) {
    // Given what the wait knew
    RequestState t = row.known().state();
    RoundDecisions decisions = new RoundDecisions(STALENESS, POLL, BACKOFF_CAP);

    // When a Status=IN_PROGRESS pass answers, the planner trusting one absence from a multi-page pass
    Transition transition = decisions.onInProgressPass(t, row.pass().toListPass(), false, true);

    // Then
    row.then().check(t, transition);
    assertThat(t.departedOnOneAbsence).as("departed on one absence").isEqualTo(row.departedOnOneAbsence());
  }

  @Test
  void describeInProgress_afterADepartureOnOneAbsence_forgetsTheAbsence() {
    // Given a request that departed on one absence from a multi-page pass
    RequestState t = Known.inProgress().state();
    RoundDecisions decisions = new RoundDecisions(STALENESS, POLL, BACKOFF_CAP);
    decisions.onInProgressPass(t, Pass.absent(3, 10, 11).toListPass(), false, true);

    // When its Describe finds it still in progress (the pages shifted)
    Transition transition = decisions.onDescribe(t, PermissionSetProvisioningStatus.builder().requestId(ID)
        .status(StatusValues.IN_PROGRESS).createdDate(CREATED).build(), at(11));

    // Then the absence is forgotten, and the next one counts from one again
    assertThat(transition).isEqualTo(Transition.IN_PROGRESS);
    assertThat(t.departedOnOneAbsence).isFalse();
    assertThat(t.absentPasses).isZero();
    assertThat(t.departedAt).isNull();
  }

  // ------------------------------------------------------------------ unfiltered pass

  /** A row of the unfiltered table. */
  record UnfilteredRow(String name, Known known, Pass pass, Then then, boolean vanished) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<UnfilteredRow> unfilteredPass() {
    return Stream.of(
        new UnfilteredRow("listed SUCCEEDED: resolved positively at once",
            Known.neverListed(), Pass.listing("SUCCEEDED"), Then.resolved(RequestOutcome.Status.SUCCEEDED), false),
        new UnfilteredRow("listed FAILED: described once for its reason",
            Known.inProgress(), Pass.listing("FAILED"), Then.is(Transition.DESCRIBE_FOR_REASON, 0), false),
        new UnfilteredRow("listed IN_PROGRESS after an absence: forgotten",
            Known.absentOnce(), Pass.listing("IN_PROGRESS"), Then.is(Transition.IN_PROGRESS, 0), false),
        new UnfilteredRow("listed with a status this SDK does not know: held pending",
            Known.inProgress(), Pass.listing("PAUSED"), Then.is(Transition.UNKNOWN_HELD, 0), false),
        new UnfilteredRow("listed before, missing from the whole history: vanished, to be described",
            Known.inProgress(), new Pass(null, 2, true, 10, 11), Then.is(Transition.VANISHED, 0), true),
        new UnfilteredRow("listed before, missing from a capped pass: nothing (it may be on a page not read)",
            Known.inProgress(), new Pass(null, 2, false, 10, 11), Then.is(Transition.NONE, 0), false),
        new UnfilteredRow("never listed, missing from the whole history: left to the grace, never finished",
            Known.neverListed(), new Pass(null, 2, true, 10, 11), Then.is(Transition.NONE, 0), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void unfilteredPass(UnfilteredRow row) {
    RequestState t = row.known().state();
    RoundDecisions decisions = new RoundDecisions(STALENESS, POLL, BACKOFF_CAP);

    Transition transition = decisions.onUnfilteredPass(t, row.pass().toListPass());

    row.then().check(t, transition);
    assertThat(t.vanished).as("vanished").isEqualTo(row.vanished());
    if (row.pass().status() != null) {
      assertThat(t.listSeen).isTrue();
      assertThat(t.createdDate).isEqualTo(CREATED);
    }
    if (row.pass().status() != null && row.pass().status().equals("PAUSED")) {
      assertThat(t.unknownStatus).isEqualTo("PAUSED");
    }
  }

  // ------------------------------------------------------------------ Describe

  /**
   * A row of the Describe table.
   *
   * @param status        the status Describe gave (raw), or null for an answer without a status object
   * @param reason        its FailureReason
   * @param backoffBefore the backoff of an earlier Describe, or null for none
   * @param nextDescribe  seconds after the round's start when it may be described again, or null if resolved
   */
  record DescribeRow(String name, String status, String reason, Duration backoffBefore, Transition transition,
                     String expectedReason, Double nextDescribe) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<DescribeRow> describe() {
    return Stream.of(
        new DescribeRow("SUCCEEDED: resolved with the account and permission set Describe names",
            "SUCCEEDED", null, null, Transition.SUCCEEDED, null, null),
        new DescribeRow("FAILED: resolved with AWS's reason",
            "FAILED", "Customer managed policy Foo does not exist", null, Transition.FAILED,
            "Customer managed policy Foo does not exist", null),
        new DescribeRow("FAILED without a reason: resolved with the placeholder that says so",
            "FAILED", " ", null, Transition.FAILED, RoundDecisions.NO_REASON, null),
        new DescribeRow("IN_PROGRESS: exists; described again after 2 poll intervals, not next round",
            "IN_PROGRESS", null, null, Transition.IN_PROGRESS, null, 2.0),
        new DescribeRow("IN_PROGRESS again: the backoff doubles",
            "IN_PROGRESS", null, Duration.ofSeconds(4), Transition.IN_PROGRESS, null, 8.0),
        new DescribeRow("IN_PROGRESS again and again: the backoff stops at its cap",
            "IN_PROGRESS", null, Duration.ofSeconds(16), Transition.IN_PROGRESS, null, 30.0),
        new DescribeRow("a status this SDK does not know: held pending, backed off",
            "PAUSED", null, null, Transition.UNKNOWN_HELD, null, 2.0),
        new DescribeRow("no status at all: backed off, not taken as described",
            null, null, null, Transition.BACKED_OFF, null, 2.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void describe(DescribeRow row) {
    // Given a request that vanished from the list after an absence
    RequestState t = Known.absentOnce().state();
    t.vanished = true;
    t.describeBackoff = row.backoffBefore();
    RoundDecisions decisions = new RoundDecisions(STALENESS, POLL, BACKOFF_CAP);
    PermissionSetProvisioningStatus answer = row.status() == null ? null : PermissionSetProvisioningStatus.builder()
        .requestId(ID).status(row.status()).failureReason(row.reason()).accountId(ACCOUNT).permissionSetArn(PS)
        .createdDate(CREATED).build();
    Instant roundStart = at(20);

    // When Describe answers
    Transition transition = decisions.onDescribe(t, answer, roundStart);

    // Then
    assertThat(transition).isEqualTo(row.transition());
    if (row.nextDescribe() == null) {
      assertThat(t.outcome.accountId()).isEqualTo(ACCOUNT);
      assertThat(t.outcome.permissionSetArn()).isEqualTo(PS);
      assertThat(t.outcome.createdDate()).isEqualTo(CREATED);
      assertThat(t.outcome.failureReason()).isEqualTo(row.expectedReason());
    } else {
      assertThat(t.outcome).isNull();
      assertThat(t.nextDescribeAt).isEqualTo(roundStart.plusMillis(Math.round(row.nextDescribe() * 1000)));
    }
    if (row.transition() == Transition.IN_PROGRESS || row.transition() == Transition.UNKNOWN_HELD) {
      // it exists and has not finished: not vanished, and any absence counted before is forgotten
      assertThat(t.vanished).isFalse();
      assertThat(t.absentPasses).isZero();
    }
    assertThat(t.described).isEqualTo(row.status() != null);
    assertThat(t.unknownStatus).isEqualTo(row.transition() == Transition.UNKNOWN_HELD ? row.status() : null);
  }

  // ------------------------------------------------------------------ Describe due

  /** A row of the "still needs a Describe" table. */
  record StillDueRow(String name, boolean listSeen, boolean vanished, boolean resolved, boolean expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StillDueRow> stillNeedsDescribe() {
    return Stream.of(
        new StillDueRow("never listed: still needs one", false, false, false, true),
        new StillDueRow("vanished: still needs one", true, true, false, true),
        new StillDueRow("listed since it was found due: not any more", true, false, false, false),
        new StillDueRow("resolved since: not any more", false, false, true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void stillNeedsDescribe(StillDueRow row) {
    RequestState t = new RequestState(TrackedRequest.of(ID), 0, T0);
    t.listSeen = row.listSeen();
    t.vanished = row.vanished();
    if (row.resolved()) {
      t.resolve(RequestOutcome.Status.SUCCEEDED, null, null, null, null);
    }

    assertThat(RoundDecisions.stillNeedsDescribe(t)).isEqualTo(row.expected());
  }
}
