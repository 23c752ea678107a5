package dev.idcprov.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quick fault-injection suite (issue 5): our provisioner and waiter against the sandbox through the real SDK over
 * HTTP, with throttling, 5xx, dropped connections, list visibility lag and FAILED accounts. Each run compares every
 * request's reported status with the sandbox's own record. Correctness only: timings are the harness's business.
 * Two permission sets x 12 accounts per scenario at time scale 50 (a provisioning of 2-30 s takes 40-600 ms).
 */
class FaultInjectionTest {
  static final int ACCOUNTS = 12;
  static final double TIME_SCALE = 50;

  static Stream<Workload> scenarios() {
    return FaultScenarios.all(ACCOUNTS, TIME_SCALE, "Q").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void underFaults_everyRequestIsReportedWithTheSandboxsStatus_andNothingHangs(Workload scenario) {
    // Given a sandbox injecting the scenario's faults
    // When our provisioner provisions both permission sets to every account and waits
    BenchRunner.Outcome outcome = BenchRunner.run(scenario, Contender.OURS, false);
    System.out.println(describe(outcome));

    // Then every (permission set, account) has exactly the status (and reason) the sandbox recorded
    Evaluation.Verdict v = outcome.verdict();
    assertThat(v.problems()).as(v.summary()).isEmpty();
    assertThat(v.allCorrect()).as(v.summary()).isTrue();
    assertThat(v.correct()).isEqualTo(scenario.requests());
    // and it returned well within the deadline
    assertThat(outcome.run().wallSeconds()).isLessThan(scenario.real(scenario.deadline()).toSeconds());
  }

  @Test
  void failedAccounts_areReportedFailedWithTheSandboxsReason() {
    // Given two SUSPENDED accounts and two accounts lacking the customer managed policy the sets reference
    Workload w = Workload.fault("Q-failed", ACCOUNTS, TIME_SCALE, Workload.Faults.NONE, 2, 2);

    // When we provision and wait
    BenchRunner.Outcome outcome = BenchRunner.run(w, Contender.OURS, false);
    System.out.println(describe(outcome));

    // Then exactly those accounts are reported FAILED, with a reason, and the rest SUCCEEDED
    long failed = outcome.run().reports.stream().filter(r -> r.status().equals("FAILED")).count();
    assertThat(failed).isEqualTo(2L * 4);
    assertThat(outcome.run().reports).filteredOn(r -> r.status().equals("FAILED"))
        .allSatisfy(r -> assertThat(r.failureReason()).isNotBlank());
    assertThat(outcome.verdict().allCorrect()).as(outcome.verdict().summary()).isTrue();
  }

  @Test
  void deadlinePassed_pendingRequestsAreGivenUpInTime_notReportedAsSucceeded() {
    // Given provisioning that takes 120 s (sandbox time) and a 20 s deadline
    Workload w = new Workload("Q-deadline", "deadline shorter than provisioning", 1, 5, 1, TIME_SCALE, 20,
        Duration.ofSeconds(120), Duration.ofSeconds(120), Workload.Faults.NONE, 0, 0, 7L, Duration.ofSeconds(20));

    // When we provision and wait
    BenchRunner.Outcome outcome = BenchRunner.run(w, Contender.OURS, false);

    // Then nothing is reported as finished, every request is named as pending, and the wait ended near its deadline
    assertThat(outcome.run().reports).isEmpty();
    assertThat(outcome.run().timedOut).hasSize(5);
    assertThat(outcome.verdict().falseSuccess()).isZero();
    assertThat(outcome.verdict().hang()).isFalse();
    double deadlineSeconds = w.real(w.deadline()).toMillis() / 1000.0;
    assertThat(outcome.run().wallSeconds()).isLessThan(deadlineSeconds + 2.0);
    // and all five requests exist in the sandbox: they were submitted, only the wait gave up on them
    assertThat(outcome.verdict().orphans()).isEqualTo(5);
  }

  @Test
  void responsesDroppedAfterProcessing_areAdopted_nothingLostNothingDuplicated() {
    // Given 15 % of answers dropped after the sandbox processed the call (the request runs, its RequestId never
    // reaches us) and 5 % dropped before
    AcceptedRequestsCheck.Figures f = AcceptedRequestsCheck.run("Q-drop-after", ACCOUNTS, TIME_SCALE, 0.15, 0.05, 0);
    System.out.println(f);

    // Then, against the sandbox's record: every accepted RequestId is reported, no target provisioned twice, no
    // false success, and the run succeeded
    assertThat(f.recorded()).isGreaterThanOrEqualTo(f.targets());
    assertThat(f.dropped()).isPositive();
    assertThat(f.lost()).as(f.toString()).isZero();
    assertThat(f.duplicated()).as(f.toString()).isZero();
    assertThat(f.falseSucc()).as(f.toString()).isZero();
    assertThat(f.reasons()).containsExactly(dev.idcprov.provisioning.ProvisioningOutcome.EndReason.SUCCEEDED);
  }

  @Test
  void killedDuringSubmission_thenRerun_adoptsTheRunningRequests_noDuplicateNoConflict() {
    // Given a run abandoned (as by kill -9) after 6 accepted requests, its journal the only trace, then a rerun at
    // once (time scale 10: provisionings of 0.2-3 s, so some still run when the rerun starts)
    AcceptedRequestsCheck.Figures f = AcceptedRequestsCheck.run("Q-kill-rerun", ACCOUNTS, 10, 0, 0, 6);
    System.out.println(f);

    // Then the rerun adopts what still runs, provisions the rest once, and ends in success
    assertThat(f.lost()).as(f.toString()).isZero();
    assertThat(f.duplicated()).as(f.toString()).isZero();
    assertThat(f.falseSucc()).as(f.toString()).isZero();
    assertThat(f.reasons()).containsExactly(dev.idcprov.provisioning.ProvisioningOutcome.EndReason.SUCCEEDED);
    assertThat(f.recorded()).isEqualTo(f.targets());
    assertThat(f.adopted()).isPositive();
  }

  static String describe(BenchRunner.Outcome o) {
    Evaluation.Figures f = o.figures();
    return String.format(java.util.Locale.ROOT, "[fault] %s: %s; wall %.1f s, ideal %.1f s, lag p50 %.2f p99 %.2f (sandbox s), calls %s",
        o.workload().id(), o.verdict().summary(), f.wallSeconds(), f.idealSeconds(), f.lagP50(), f.lagP99(), f.calls());
  }
}
