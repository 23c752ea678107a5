package dev.idcprov.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's judge: how reported statuses are compared with the sandbox's records, and how figures are made. */
class EvaluationTest {
  static final String PS = "arn:aws:sso:::permissionSet/ssoins-72230f1e5a6b4c3d/ps-0123456789abcdef";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static ProvisioningRecord record(String id, String account, String status, String reason, Instant completed) {
    return new ProvisioningRecord(id, "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d", PS, "AWS_ACCOUNT", account,
        List.of(account), status, reason, T0, completed);
  }

  static ContenderRun run(ContenderRun.Report... reports) {
    ContenderRun run = new ContenderRun();
    run.startMicros = Bench.micros(T0);
    run.endMicros = Bench.micros(T0.plusSeconds(4));
    run.reports.addAll(List.of(reports));
    return run;
  }

  static ContenderRun.Report report(String id, String account, String status, String reason, Instant at) {
    return new ContenderRun.Report(id, PS, account, status, reason, Bench.micros(at));
  }

  @Test
  void successReportedForAFailedRecord_isAFalseSuccess() {
    // Given the sandbox failed a request that the contender reported SUCCEEDED
    List<ProvisioningRecord> truth = List.of(record("r1", "111111111111", "FAILED", "suspended", T0.plusSeconds(1)));
    ContenderRun run = run(report("r1", "111111111111", "SUCCEEDED", null, T0.plusSeconds(2)));

    // When judged
    Evaluation.Verdict v = Evaluation.verdict(run, truth, List.<String[]>of(new String[] {PS, "111111111111"}), false);

    // Then it is a false success and the run is not correct
    assertThat(v.falseSuccess()).isEqualTo(1);
    assertThat(v.allCorrect()).isFalse();
    assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("FALSE SUCCESS r1"));
  }

  @Test
  void failedReportWithAnotherReason_isWrong_andAPairWithoutReport_isLost() {
    // Given two expected pairs: one reported FAILED with the wrong reason, one never reported
    List<ProvisioningRecord> truth = List.of(record("r1", "111111111111", "FAILED", "suspended", T0.plusSeconds(1)),
        record("r2", "222222222222", "SUCCEEDED", null, T0.plusSeconds(1)));
    ContenderRun run = run(report("r1", "111111111111", "FAILED", "other", T0.plusSeconds(2)));

    // When judged
    Evaluation.Verdict v = Evaluation.verdict(run, truth,
        List.of(new String[] {PS, "111111111111"}, new String[] {PS, "222222222222"}), false);

    // Then the reason mismatch and the missing report are both counted
    assertThat(v.wrongStatus()).isEqualTo(1);
    assertThat(v.lost()).isEqualTo(1);
    assertThat(v.orphans()).isEqualTo(1);
    assertThat(v.allCorrect()).isFalse();
  }

  @Test
  void matchingReports_areAllCorrect() {
    List<ProvisioningRecord> truth = List.of(record("r1", "111111111111", "FAILED", "suspended", T0.plusSeconds(1)));
    ContenderRun run = run(report("r1", "111111111111", "FAILED", "suspended", T0.plusSeconds(2)));

    Evaluation.Verdict v = Evaluation.verdict(run, truth, List.<String[]>of(new String[] {PS, "111111111111"}), false);

    assertThat(v.allCorrect()).as(v.summary()).isTrue();
  }

  @Test
  void figures_scaleLagAndWallTimeToSandboxSeconds_andSeparateWaitCalls() {
    // Given requests that ended 1 s and 2 s (wall clock) after the start, reported 0.5 s and 0.1 s later, at scale 10
    List<ProvisioningRecord> truth = List.of(record("r1", "111111111111", "SUCCEEDED", null, T0.plusSeconds(1)),
        record("r2", "222222222222", "SUCCEEDED", null, T0.plusSeconds(2)));
    ContenderRun run = run(report("r1", "111111111111", "SUCCEEDED", null, T0.plusMillis(1500)),
        report("r2", "222222222222", "SUCCEEDED", null, T0.plusMillis(2100)));
    Map<String, SandboxMetrics.Counts> calls = Map.of(
        "ProvisionPermissionSet", new SandboxMetrics.Counts(3, 1, 0, 0),
        "ListPermissionSetProvisioningStatus", new SandboxMetrics.Counts(4, 0, 0, 0));

    // When the figures are made
    Evaluation.Figures f = Evaluation.figures(run, truth, calls, 10);

    // Then times are in sandbox seconds, and status-polling calls are counted apart from submissions
    assertThat(f.lagP50()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.lagP99()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.idealSeconds()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.wallSeconds()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.waitCalls()).isEqualTo(4);
    assertThat(f.provisionCalls()).isEqualTo(3);
    assertThat(f.throttled()).isEqualTo(1);
  }

  @Test
  void percentile_isNearestRank() {
    List<Double> v = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
    assertThat(Evaluation.percentile(v, 50)).isEqualTo(3.0);
    assertThat(Evaluation.percentile(v, 99)).isEqualTo(5.0);
    assertThat(Evaluation.percentile(List.of(), 50)).isEqualTo(-1.0);
  }

  @Test
  void admittedCalls_leaveThrottledOnesOut_andTheSubmissionIdealCountsOnlySubmissions() {
    // Given 2 requests taking 1 s and 2 s (wall) at scale 10, and calls of which some were throttled or failed
    List<ProvisioningRecord> truth = List.of(record("r1", "111111111111", "SUCCEEDED", null, T0.plusSeconds(1)),
        record("r2", "222222222222", "SUCCEEDED", null, T0.plusSeconds(2)));
    ContenderRun run = run(report("r1", "111111111111", "SUCCEEDED", null, T0.plusSeconds(2)),
        report("r2", "222222222222", "SUCCEEDED", null, T0.plusSeconds(3)));
    Map<String, SandboxMetrics.Counts> calls = Map.of(
        "ProvisionPermissionSet", new SandboxMetrics.Counts(5, 3, 0, 0),
        "DescribePermissionSetProvisioningStatus", new SandboxMetrics.Counts(10, 4, 1, 1),
        "ListPermissionSetProvisioningStatus", new SandboxMetrics.Counts(2, 0, 0, 0));

    // When the figures are made
    Evaluation.Figures f = Evaluation.figures(run, truth, calls, 10);

    // Then admitted calls are the answered ones, throttled are counted apart, and the submission-only ideal is
    // max(0 / 15 + 10 s, 1 / 15 + 20 s) in sandbox seconds
    assertThat(f.admittedProvisionCalls()).isEqualTo(2);
    assertThat(f.admittedStatusCalls()).isEqualTo(4 + 2);
    assertThat(f.throttled()).isEqualTo(7);
    assertThat(f.submissionIdealSeconds()).isCloseTo(20 + 1 / Evaluation.IDEAL_RATE,
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void trials_summariseOneSamplePerTrial() {
    double[] t = Evaluation.trials(List.of(9.0, 2.0, 4.0, 1.0));

    assertThat(t[0]).isEqualTo(2.0);
    assertThat(t[1]).isEqualTo(9.0);
    assertThat(t[2]).isEqualTo(4.0);
    assertThat(Evaluation.trials(List.of())[0]).isEqualTo(-1.0);
  }

  @Test
  void requestIdsNeitherReportedNorHandedBack_areLost() {
    List<ProvisioningRecord> truth = List.of(record("r1", "111111111111", "SUCCEEDED", null, T0.plusSeconds(1)),
        record("r2", "222222222222", "SUCCEEDED", null, T0.plusSeconds(1)),
        record("r3", "333333333333", "SUCCEEDED", null, T0.plusSeconds(1)));
    ContenderRun run = run(report("r1", "111111111111", "SUCCEEDED", null, T0.plusSeconds(2)));
    run.submitted.add("r2");

    Evaluation.Verdict v = Evaluation.verdict(run, truth,
        List.<String[]>of(new String[] {PS, "111111111111"}), false);

    assertThat(v.lostRequestIds()).isEqualTo(1);
  }

  @Test
  void update_perAccountReportsNameEachFailure_whileASetLevelReportNamesNone() {
    // Given an update of one set to 3 accounts, account 3 lacking the policy
    String failReason = "policy missing in account 333333333333";
    List<String> accounts = List.of("111111111111", "222222222222", "333333333333");
    List<ProvisioningRecord> perAccount = List.of(record("a1", "111111111111", "SUCCEEDED", null, T0),
        record("a2", "222222222222", "SUCCEEDED", null, T0), record("a3", "333333333333", "FAILED", failReason, T0));
    ContenderRun ours = run(report("a1", "111111111111", "SUCCEEDED", null, T0),
        report("a2", "222222222222", "SUCCEEDED", null, T0), report("a3", "333333333333", "FAILED", failReason, T0));
    ProvisioningRecord whole = new ProvisioningRecord("s1", "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d", PS,
        "ALL_PROVISIONED_ACCOUNTS", null, accounts, "FAILED", failReason, T0, T0);
    ContenderRun terraform = run(new ContenderRun.Report("s1", PS, null, "FAILED", failReason, Bench.micros(T0)));

    // When judged as an update
    Evaluation.UpdateVerdict o = Evaluation.updateVerdict(ours, perAccount, List.of(PS), accounts,
        java.util.Set.of("333333333333"), 2);
    Evaluation.UpdateVerdict t = Evaluation.updateVerdict(terraform, List.of(whole), List.of(PS), accounts,
        java.util.Set.of("333333333333"), 2);

    // Then ours names the failure per account; Terraform's one set status is right for the set but names no account
    assertThat(o.allCorrect()).as(o.summary()).isTrue();
    assertThat(o.failuresNamed()).isEqualTo(1);
    assertThat(t.setsRight()).isEqualTo(1);
    assertThat(t.setLevelOnly()).isEqualTo(3);
    assertThat(t.failuresNamed()).isZero();
    assertThat(t.pairsRight()).isZero();
    assertThat(t.allCorrect()).isFalse();
  }

  @Test
  void update_aSucceededSetLevelReport_isRightForEveryAccount_butAFailedOneForNone() {
    // Given an update of one set to 2 accounts by one ALL_PROVISIONED_ACCOUNTS request
    List<String> accounts = List.of("111111111111", "222222222222");
    ProvisioningRecord ok = new ProvisioningRecord("s1", "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d", PS,
        "ALL_PROVISIONED_ACCOUNTS", null, accounts, "SUCCEEDED", null, T0, T0);
    ContenderRun succeeded = run(new ContenderRun.Report("s1", PS, null, "SUCCEEDED", null, Bench.micros(T0)));
    ContenderRun wronglyFailed = run(new ContenderRun.Report("s1", PS, null, "FAILED", "boom", Bench.micros(T0)));

    // When judged as an update where no account fails
    Evaluation.UpdateVerdict right = Evaluation.updateVerdict(succeeded, List.of(ok), List.of(PS), accounts,
        java.util.Set.of(), 2);
    Evaluation.UpdateVerdict wrong = Evaluation.updateVerdict(wronglyFailed, List.of(ok), List.of(PS), accounts,
        java.util.Set.of(), 2);

    // Then the SUCCEEDED set status covers both accounts; a FAILED one covers neither
    assertThat(right.pairsRight()).isEqualTo(2);
    assertThat(right.setLevelOnly()).isEqualTo(2);
    assertThat(right.allCorrect()).as(right.summary()).isTrue();
    assertThat(wrong.pairsRight()).isZero();
    assertThat(wrong.allCorrect()).isFalse();
  }

  @Test
  void update_perAccountResultsThroughAFailedSetRequest_countPerPair_onlyForAccountsItCovered_andNeverInLag() {
    // Given a FAILED ALL_PROVISIONED_ACCOUNTS request over 3 accounts, the failing one followed up on its own, and
    // the two others reported SUCCEEDED through the set request (plus one for an account it did not cover)
    String failReason = "policy missing in account 333333333333";
    List<String> accounts = List.of("111111111111", "222222222222", "333333333333");
    ProvisioningRecord whole = new ProvisioningRecord("s1", "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d", PS,
        "ALL_PROVISIONED_ACCOUNTS", null, List.of("111111111111", "333333333333"), "FAILED", failReason, T0, T0);
    ProvisioningRecord followUp = record("a3", "333333333333", "FAILED", failReason, T0);
    ContenderRun ours = run(new ContenderRun.Report("s1", PS, null, "FAILED", failReason, Bench.micros(T0)),
        report("a3", "333333333333", "FAILED", failReason, T0));
    long late = Bench.micros(T0.plusSeconds(100));
    ours.accountResult(new ContenderRun.Report("s1", PS, "111111111111", "SUCCEEDED", null, late));
    ours.accountResult(new ContenderRun.Report("s1", PS, "222222222222", "SUCCEEDED", null, late));

    // When judged as an update
    Evaluation.UpdateVerdict v = Evaluation.updateVerdict(ours, List.of(whole, followUp), List.of(PS), accounts,
        java.util.Set.of("333333333333"), 2);

    // Then the covered account counts per account, the one the request did not cover does not
    assertThat(v.pairsRight()).isEqualTo(2);
    assertThat(v.setLevelOnly()).isEqualTo(1);
    assertThat(v.failuresNamed()).isEqualTo(1);
    // and the results derived when the run ended (100 s after the request) are not lag
    assertThat(Evaluation.figures(ours, List.of(whole, followUp), java.util.Map.of(), 1.0).lagMax()).isZero();
  }

  @Test
  void update_notTakingEffect_isNotCorrect_evenWithRightReports() {
    List<String> accounts = List.of("111111111111");
    ContenderRun run = run(report("a1", "111111111111", "SUCCEEDED", null, T0));

    Evaluation.UpdateVerdict v = Evaluation.updateVerdict(run,
        List.of(record("a1", "111111111111", "SUCCEEDED", null, T0)), List.of(PS), accounts, java.util.Set.of(), 0);

    assertThat(v.pairsRight()).isEqualTo(1);
    assertThat(v.allCorrect()).isFalse();
  }
}
