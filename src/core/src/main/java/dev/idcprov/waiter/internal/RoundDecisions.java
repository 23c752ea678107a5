package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * The decision step of a round, pure: given what one list pass or one Describe answered and what the wait knows of
 * a request ({@link RequestState}), it updates that knowledge and names the {@link Transition}. No scheduler, no
 * client, no clock: the instants it compares are those of the passes and of the round, passed in. The reasoning
 * about stale list reads (docs/LIBRARY.md, "The waiter's polling algorithm") is written at the decisions it guards.
 * Callers hold the session's lock.
 */
final class RoundDecisions {
  /** Placeholder when AWS gives no FailureReason. */
  static final String NO_REASON = "(AWS gave no FailureReason)";

  /** What an answer did to one request. */
  enum Transition {
    /** Nothing follows: not listed and nothing may be inferred from that, or listed with a status this pass ignores. */
    NONE,
    /** Listed or described IN_PROGRESS: any absence counted before is forgotten. */
    IN_PROGRESS,
    /** Listed or described with a status this SDK does not know: neither success nor failure, held pending. */
    UNKNOWN_HELD,
    /** Listed before, missing from a complete unfiltered pass: to be described. */
    VANISHED,
    /** Missing from a multi-page IN_PROGRESS pass once: needs a second absence in a row to depart. */
    ABSENT,
    /** Left IN_PROGRESS: its status is to be read positively (described, or listed by an unfiltered pass). */
    DEPARTED,
    /** Listed FAILED: to be described once, for its FailureReason. */
    DESCRIBE_FOR_REASON,
    /** Resolved SUCCEEDED. */
    SUCCEEDED,
    /** Resolved FAILED, with AWS's reason. */
    FAILED,
    /** Describe gave no status: described again after a backoff. */
    BACKED_OFF
  }

  private final Duration listStaleness;
  private final Duration pollInterval;
  private final Duration describeBackoffCap;

  /**
   * @param listStaleness      how stale a list answer may be
   * @param pollInterval       the first Describe backoff is twice this
   * @param describeBackoffCap the longest Describe backoff
   */
  RoundDecisions(Duration listStaleness, Duration pollInterval, Duration describeBackoffCap) {
    this.listStaleness = listStaleness;
    this.pollInterval = pollInterval;
    this.describeBackoffCap = describeBackoffCap;
  }

  /** The decisions of a wait with these options: Describe backoff capped at 3 x {@code maxPollInterval}. */
  static RoundDecisions of(WaitOptions options) {
    return new RoundDecisions(options.listStaleness(), options.pollInterval(),
        options.maxPollInterval().multipliedBy(3));
  }

  /** An unfiltered pass (every status): its statuses are read positively. */
  Transition onUnfilteredPass(RequestState t, ListPass p) {
    PermissionSetProvisioningStatusMetadata item = p.item(t.requestId());
    if (item == null) {
      if (p.complete && t.listSeen) {
        t.vanished = true;
        return Transition.VANISHED;
      }
      return Transition.NONE;
    }
    t.sawInList(item);
    if (item.status() == StatusValues.SUCCEEDED) {
      t.resolve(RequestOutcome.Status.SUCCEEDED, null, t.createdDate, null, null);
      return Transition.SUCCEEDED;
    }
    if (item.status() == StatusValues.FAILED) {
      return Transition.DESCRIBE_FOR_REASON;
    }
    if (item.status() == StatusValues.IN_PROGRESS) {
      t.stillInProgress();
      return Transition.IN_PROGRESS;
    }
    return Transition.UNKNOWN_HELD;
  }

  /**
   * A complete {@code Status=IN_PROGRESS} pass, a multi-page one needing two absences in a row for a departure.
   * {@code awaitingReason}: the request was listed FAILED earlier in the round (by a capped unfiltered pass), so its
   * absence here says nothing new.
   */
  Transition onInProgressPass(RequestState t, ListPass p, boolean awaitingReason) {
    return onInProgressPass(t, p, awaitingReason, false);
  }

  /**
   * A complete {@code Status=IN_PROGRESS} pass. {@code awaitingReason}: the request was listed FAILED earlier in
   * the round (by a capped unfiltered pass), so its absence here says nothing new. {@code oneAbsenceSuffices}: one
   * absence from a multi-page pass is a departure too ({@link PassPlanner#oneAbsenceSuffices()}: this instance's
   * pages have not been seen to shift); such a departure is marked {@link RequestState#departedOnOneAbsence} so that
   * its Describe tells the planner whether the absence was real.
   */
  Transition onInProgressPass(RequestState t, ListPass p, boolean awaitingReason, boolean oneAbsenceSuffices) {
    PermissionSetProvisioningStatusMetadata item = p.item(t.requestId());
    if (item != null) {
      t.sawInList(item);
      if (item.status() == StatusValues.IN_PROGRESS || item.status() == null) {
        t.stillInProgress();
        return Transition.IN_PROGRESS;
      }
      return item.status() == StatusValues.UNKNOWN_TO_SDK_VERSION ? Transition.UNKNOWN_HELD : Transition.NONE;
    }
    if (!t.seenInProgress || awaitingReason) {
      // never taken as finished by absence unless first seen in progress (it may not be visible yet)
      return Transition.NONE;
    }
    if (p.startedAt.isBefore(t.addedAt.plus(listStaleness)) && p.startedAt.isBefore(t.nextDescribeAt)) {
      // a pass that may answer a state from before the request existed, and a Describe lately found it in
      // progress: its absence says nothing new until that Describe's backoff has run out
      return Transition.NONE;
    }
    // Absent from a complete IN_PROGRESS pass after having been seen in it: it has left, unless a multi-page pass
    // skipped it while items moved between pages, so such a pass needs two in a row. Departed only means "read its
    // status now": a wrong guess costs a Describe, never a wrong status. A pass begun within listStaleness of the add
    // may be a stale answer from before the request existed; trusting it costs at most one Describe per Describe
    // backoff (2, 4, 8 poll intervals), while ignoring it made every request shorter than listStaleness wait for it
    // (W5: requests of 2-4 s reported 4-6 s after they ended).
    // A multi-page pass may also skip a request whose page shifted: on one absence it departs only while the
    // planner trusts single absences (the Describes they caused have found it finished, nearly always); that saves
    // a round of lag per departure on an instance with over a page in progress, at most a wasted Describe otherwise.
    t.absentPasses++;
    boolean firstOfMany = p.pages > 1 && t.absentPasses < 2;
    if (!firstOfMany || oneAbsenceSuffices) {
      if (t.departedAt == null) {
        t.departedAt = p.endedAt;
      }
      t.departedOnOneAbsence = firstOfMany;
      return Transition.DEPARTED;
    }
    return Transition.ABSENT;
  }

  /**
   * A Describe answer ({@code status} null when AWS gave none), exact: SUCCEEDED and FAILED resolve at once, with
   * the account, permission set and reason it names; anything else is described again after a growing backoff
   * counted from {@code roundStart}.
   */
  Transition onDescribe(RequestState t, PermissionSetProvisioningStatus status, Instant roundStart) {
    if (status == null) {
      t.backOffDescribe(roundStart, pollInterval, describeBackoffCap);
      return Transition.BACKED_OFF;
    }
    t.described = true;
    Instant created = status.createdDate() != null ? status.createdDate() : t.createdDate;
    StatusValues s = status.status();
    if (s == StatusValues.SUCCEEDED || s == StatusValues.FAILED) {
      boolean failed = s == StatusValues.FAILED;
      String reason = failed ? (status.failureReason() == null || status.failureReason().isBlank() ? NO_REASON
          : status.failureReason()) : null;
      t.resolve(failed ? RequestOutcome.Status.FAILED : RequestOutcome.Status.SUCCEEDED, reason, created,
          status.accountId(), status.permissionSetArn());
      return failed ? Transition.FAILED : Transition.SUCCEEDED;
    }
    // IN_PROGRESS, or a status this SDK does not know: the request exists and has not finished
    t.describedAs(s, status.statusAsString());
    t.vanished = false;
    t.stillInProgress();
    t.backOffDescribe(roundStart, pollInterval, describeBackoffCap);
    return s == StatusValues.IN_PROGRESS ? Transition.IN_PROGRESS : Transition.UNKNOWN_HELD;
  }

  /** @return whether a due request still needs a Describe (not resolved, and not shown by the list since) */
  static boolean stillNeedsDescribe(RequestState t) {
    return !t.resolved() && (t.vanished || !t.listSeen);
  }
}
