package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.TrackedRequest;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/** What a wait knows of one request; read and changed under the session's lock. */
final class RequestState {
  /** The wait's log (one category for everything a wait does). */
  private static final Logger LOG = LoggerFactory.getLogger(WaitSession.class);

  final TrackedRequest request;
  /** Rounds run before it was added, and when: its grace counts from there. */
  final int addedRound;
  final Instant addedAt;
  Instant createdDate;
  boolean listSeen;
  boolean seenInProgress;
  /** Listed once, then missing from a complete unfiltered pass: to be described. */
  boolean vanished;
  boolean described;
  int absentPasses;
  /** When the IN_PROGRESS pass that first missed it (after its grace) ended; null while it is in progress. */
  Instant departedAt;
  /**
   * Departed on a single absence from a multi-page IN_PROGRESS pass: its next Describe says whether that absence
   * was real (see {@link PassPlanner#oneAbsenceDescribed}).
   */
  boolean departedOnOneAbsence;
  /** The raw status last reported when it was one this SDK does not know, else null. */
  String unknownStatus;
  Instant nextDescribeAt = Instant.MIN;
  Duration describeBackoff;
  /** Its final status, once resolved. */
  RequestOutcome outcome;

  RequestState(TrackedRequest request, int addedRound, Instant addedAt) {
    this.request = request;
    this.createdDate = request.createdDate();
    this.addedRound = addedRound;
    this.addedAt = addedAt;
  }

  String requestId() {
    return request.requestId();
  }

  boolean resolved() {
    return outcome != null;
  }

  void sawInList(PermissionSetProvisioningStatusMetadata item) {
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
          + "nor failure", requestId(), unknownStatus);
    }
  }

  /** Described with a status this SDK does not know (or IN_PROGRESS, which clears it). */
  void describedAs(StatusValues status, String raw) {
    if (status == StatusValues.IN_PROGRESS) {
      unknownStatus = null;
    } else if (!String.valueOf(raw).equals(unknownStatus)) {
      unknownStatus = String.valueOf(raw);
      LOG.warn("request {} has status '{}', unknown to this AWS SDK version: taken as neither success nor failure",
          requestId(), unknownStatus);
    }
  }

  /** Seen IN_PROGRESS (again): any absence seen before was a page shuffle or a stale answer. */
  void stillInProgress() {
    absentPasses = 0;
    departedAt = null;
    departedOnOneAbsence = false;
  }

  void backOffDescribe(Instant now, Duration first, Duration cap) {
    describeBackoff = describeBackoff == null ? first.multipliedBy(2) : describeBackoff.multipliedBy(2);
    if (describeBackoff.compareTo(cap) > 0) {
      describeBackoff = cap;
    }
    nextDescribeAt = now.plus(describeBackoff);
  }

  /** Resolves it; what AWS did not say is taken from the {@link TrackedRequest}. */
  RequestOutcome resolve(RequestOutcome.Status status, String reason, Instant created, String accountId,
                         String permissionSetArn) {
    outcome = new RequestOutcome(request.requestId(), status, reason,
        accountId != null ? accountId : request.accountId(),
        permissionSetArn != null ? permissionSetArn : request.permissionSetArn(),
        created != null ? created : request.createdDate());
    return outcome;
  }
}
