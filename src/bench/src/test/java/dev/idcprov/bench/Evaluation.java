package dev.idcprov.bench;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxMetrics;
import dev.idcprov.waiter.RequestBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares one {@link ContenderRun} with the sandbox's ground truth: correctness (every request's reported status
 * against the sandbox's record) and the figures (calls, throttling, detection lag, wall time against ideal, heap,
 * CPU). Times are converted to sandbox seconds (wall-clock seconds times the time scale).
 */
public final class Evaluation {
  /** Status-polling operations: what a waiter spends, compared between contenders. */
  public static final Set<String> WAIT_OPERATIONS =
      Set.of("ListPermissionSetProvisioningStatus", "DescribePermissionSetProvisioningStatus");
  /** The provisioning operation itself, the same for both contenders by construction. */
  public static final String PROVISION = "ProvisionPermissionSet";

  /**
   * Correctness of one run.
   *
   * @param expected      (permission set, account) pairs the workload asked for
   * @param reported      statuses reported
   * @param correct       reports whose status (and reason, for FAILED) match the sandbox record
   * @param falseSuccess  reported SUCCEEDED while the sandbox says FAILED or IN_PROGRESS
   * @param wrongStatus   other mismatches (FAILED reported for a SUCCEEDED record, wrong or missing reason)
   * @param unknown       reports naming a request id the sandbox never issued
   * @param lost          pairs with neither a report, a deadline give-up nor an error naming them
   * @param unreported    pairs without a terminal report (lost, timed out, or failed with an error)
   * @param orphans       sandbox records no report names (for example a retried call whose first answer was lost)
   * @param timedOut      requests given up at the deadline
   * @param errors        errors raised by the contender
   * @param hang          whether the contender failed to return by its hard limit
   * @param problems      a human-readable list of the first problems found
   * @param lostRequestIds sandbox records the contender neither reported, nor handed back as submitted, nor named
   *                      as given up: RequestIds AWS accepted that never reached the caller
   */
  public record Verdict(int expected, int reported, int correct, int falseSuccess, int wrongStatus, int unknown,
                        int lost, int unreported, int orphans, int timedOut, int errors, boolean hang,
                        List<String> problems, int lostRequestIds) {
    /** @return whether every request was reported with its true status and nothing hung */
    public boolean allCorrect() {
      return falseSuccess == 0 && wrongStatus == 0 && unknown == 0 && unreported == 0 && !hang
          && correct == expected;
    }

    /** @return a one-line summary */
    public String summary() {
      return String.format(Locale.ROOT, "%d/%d correct, false success %d, wrong %d, unknown %d, unreported %d "
              + "(timed out %d, errors %d), orphans %d%s", correct, expected, falseSuccess, wrongStatus, unknown,
          unreported, timedOut, errors, orphans, hang ? ", HANG" : "");
    }
  }

  /**
   * The figures of one run.
   *
   * @param calls            sandbox counters per operation during the run
   * @param totalCalls       every call received
   * @param waitCalls        List/Describe provisioning-status calls
   * @param provisionCalls   ProvisionPermissionSet calls (retries included)
   * @param throttled        calls answered ThrottlingException (quota or injected)
   * @param lagP50           detection lag median, sandbox seconds (-1 when nothing was reported)
   * @param lagP99           detection lag 99th percentile, sandbox seconds
   * @param lagMax           detection lag maximum, sandbox seconds
   * @param wallSeconds      run time, sandbox seconds
   * @param idealSeconds     start to the last terminal transition in the sandbox, sandbox seconds
   * @param peakHeapUsedMb   highest sampled heap use, MiB
   * @param peakHeapAfterGcMb highest heap occupancy after a GC, MiB
   * @param cpuSeconds       process CPU time, seconds (wall clock; not scaled)
   * @param admittedStatusCalls    List/Describe provisioning-status calls answered (not throttled, failed or dropped)
   * @param admittedProvisionCalls ProvisionPermissionSet calls answered
   * @param submissionIdealSeconds the run had it only submitted its requests at {@link #IDEAL_RATE} and each taken
   *                               its recorded duration: max over the i-th submission of i / rate + its duration,
   *                               sandbox seconds (status calls not counted)
   */
  public record Figures(Map<String, SandboxMetrics.Counts> calls, long totalCalls, long waitCalls, long provisionCalls,
                        long throttled, double lagP50, double lagP99, double lagMax, double wallSeconds,
                        double idealSeconds, double peakHeapUsedMb, double peakHeapAfterGcMb, double cpuSeconds,
                        long admittedStatusCalls, long admittedProvisionCalls, double submissionIdealSeconds) {
    /** @return wall time over ideal wall time, minus one (0.05 = 5% over) */
    public double overIdeal() {
      return idealSeconds <= 0 ? 0 : wallSeconds / idealSeconds - 1;
    }
  }

  /**
   * The rate budget of the ideals: our default {@link RequestBudget#DEFAULT_REQUESTS_PER_SECOND} requests per
   * sandbox second (below the sandbox's 20 req/s quota).
   */
  public static final double IDEAL_RATE = RequestBudget.DEFAULT_REQUESTS_PER_SECOND;

  private Evaluation() {
  }

  /**
   * @param run          what the contender reported
   * @param records      the sandbox's records of every provisioning request
   * @param pairs        expected (permission set, account) pairs
   * @param hang         whether the contender had to be stopped
   * @return the verdict
   */
  public static Verdict verdict(ContenderRun run, Collection<ProvisioningRecord> records,
                                Collection<String[]> pairs, boolean hang) {
    Map<String, ProvisioningRecord> byId = new HashMap<>();
    for (ProvisioningRecord r : records) {
      byId.put(r.requestId(), r);
    }
    List<String> problems = new ArrayList<>();
    for (String e : run.errors) {
      note(problems, "error: " + e);
    }
    Set<String> coveredPairs = new HashSet<>();
    Set<String> reportedIds = new HashSet<>();
    int correct = 0;
    int falseSuccess = 0;
    int wrong = 0;
    int unknown = 0;
    for (ContenderRun.Report rep : run.reports) {
      reportedIds.add(rep.requestId());
      ProvisioningRecord truth = byId.get(rep.requestId());
      if (truth == null) {
        unknown++;
        note(problems, "report for unknown request " + rep.requestId());
        continue;
      }
      coveredPairs.add(key(truth.permissionSetArn(), truth.accountId()));
      if ("SUCCEEDED".equals(rep.status()) && !"SUCCEEDED".equals(truth.status())) {
        falseSuccess++;
        note(problems, "FALSE SUCCESS " + rep.requestId() + " (account " + truth.accountId() + "): sandbox says "
            + truth.status() + " " + Objects.toString(truth.failureReason(), ""));
      } else if (!rep.status().equals(truth.status())) {
        wrong++;
        note(problems, "wrong status " + rep.requestId() + ": reported " + rep.status() + ", sandbox " + truth.status());
      } else if ("FAILED".equals(rep.status()) && !Objects.equals(rep.failureReason(), truth.failureReason())) {
        wrong++;
        note(problems, "wrong reason " + rep.requestId() + ": reported '" + rep.failureReason() + "', sandbox '"
            + truth.failureReason() + "'");
      } else {
        correct++;
      }
    }
    int unreported = 0;
    int lost = 0;
    for (String[] p : pairs) {
      if (!coveredPairs.contains(key(p[0], p[1]))) {
        unreported++;
        boolean accounted = !run.errors.isEmpty() || !run.timedOut.isEmpty();
        if (!accounted) {
          lost++;
        }
        note(problems, "no status reported for " + p[1] + " / " + p[0].substring(p[0].lastIndexOf('/') + 1));
      }
    }
    int orphans = 0;
    for (ProvisioningRecord r : records) {
      if (!reportedIds.contains(r.requestId())) {
        orphans++;
      }
    }
    return new Verdict(pairs.size(), run.reports.size(), correct, falseSuccess, wrong, unknown, lost, unreported,
        orphans, run.timedOut.size(), run.errors.size(), hang, List.copyOf(problems), lostRequestIds(run, records));
  }

  /**
   * @param run     what the contender reported
   * @param records the sandbox's records
   * @return records whose RequestId is in no report, not among the submitted ids handed back, not given up
   */
  static int lostRequestIds(ContenderRun run, Collection<ProvisioningRecord> records) {
    Set<String> known = new HashSet<>(run.submitted);
    known.addAll(run.timedOut);
    run.reports.forEach(r -> known.add(r.requestId()));
    int lost = 0;
    for (ProvisioningRecord r : records) {
      if (!known.contains(r.requestId())) {
        lost++;
      }
    }
    return lost;
  }

  /**
   * Correctness of an update (W7), where a contender may report per account or one status per set.
   *
   * @param pairs              (set, account) pairs of the update
   * @param pairsRight         pairs whose status was reported right: per account with their true status (FAILED
   *                           with a reason naming the account where it lacks the policy, SUCCEEDED elsewhere),
   *                           whether by the account's own request or as a per-account result the contender derived
   *                           from a request covering the set ({@link ContenderRun#accountResults}), or a pair that
   *                           succeeds covered by a SUCCEEDED status of its whole set (which says that every
   *                           provisioned account runs the new version); a FAILED set status is right for no pair,
   *                           since it does not say which accounts failed
   * @param setLevelOnly       pairs covered only by a status of their whole set (no per-account status)
   * @param failingPairs       pairs that must FAIL
   * @param failuresNamed      of those, the ones reported FAILED per account with a reason naming the account
   * @param sets               permission sets
   * @param setsRight          sets whose status (FAILED when one of their accounts failed) was reported right, per
   *                           set or as the sum of their accounts'
   * @param latestProvisioned  pairs with the latest version provisioned after the run (sandbox truth)
   * @param shouldBeProvisioned pairs that should have it: every pair that must not fail
   * @param lostRequestIds     RequestIds AWS accepted that never reached the caller
   * @param errors             errors the contender raised
   */
  public record UpdateVerdict(int pairs, int pairsRight, int setLevelOnly, int failingPairs, int failuresNamed,
                              int sets, int setsRight, int latestProvisioned, int shouldBeProvisioned,
                              int lostRequestIds, int errors) {
    /** @return whether every pair's status was reported right per account and the update took effect */
    public boolean allCorrect() {
      return pairsRight == pairs && latestProvisioned == shouldBeProvisioned && lostRequestIds == 0 && errors == 0;
    }

    /** @return a one-line summary */
    public String summary() {
      return String.format(Locale.ROOT, "%d/%d pairs right%s; failures named per account %d/%d; sets "
              + "right %d/%d; latest provisioned %d/%d; errors %d", pairsRight, pairs,
          setLevelOnly > 0 ? " (" + setLevelOnly + " only as a set status)" : "", failuresNamed, failingPairs,
          setsRight, sets, latestProvisioned, shouldBeProvisioned, errors);
    }
  }

  /**
   * @param run               what the contender reported
   * @param records           the sandbox's records of the run
   * @param permissionSets    the sets updated
   * @param accounts          the accounts of every set
   * @param failingAccounts   accounts whose provisioning must FAIL
   * @param latestProvisioned pairs with the latest version provisioned after the run
   * @return the verdict
   */
  public static UpdateVerdict updateVerdict(ContenderRun run, Collection<ProvisioningRecord> records,
                                            List<String> permissionSets, List<String> accounts,
                                            Set<String> failingAccounts, int latestProvisioned) {
    Map<String, ProvisioningRecord> byId = new HashMap<>();
    records.forEach(r -> byId.put(r.requestId(), r));
    Map<String, ContenderRun.Report> perAccount = new HashMap<>();
    Map<String, ContenderRun.Report> perSet = new HashMap<>();
    for (ContenderRun.Report rep : run.reports) {
      ProvisioningRecord truth = byId.get(rep.requestId());
      String ps = truth != null ? truth.permissionSetArn() : rep.permissionSetArn();
      if (rep.accountId() == null) {
        perSet.put(ps, rep);
      } else if (truth == null || truth.accountId() == null || truth.status().equals(rep.status())) {
        perAccount.put(key(ps, rep.accountId()), rep);
      }
    }
    for (ContenderRun.Report rep : run.accountResults) {
      // per account, derived from a request covering the whole set: counted only when the sandbox says that
      // request covered the account; the account's own request's status takes precedence
      ProvisioningRecord truth = byId.get(rep.requestId());
      if (rep.accountId() != null && truth != null && truth.coveredAccounts().contains(rep.accountId())) {
        perAccount.putIfAbsent(key(truth.permissionSetArn(), rep.accountId()), rep);
      }
    }
    int right = 0;
    int setLevel = 0;
    int failing = 0;
    int named = 0;
    int setsRight = 0;
    for (String ps : permissionSets) {
      boolean setFails = false;
      boolean setReportedFailed = false;
      boolean setAllReported = true;
      for (String account : accounts) {
        boolean mustFail = failingAccounts.contains(account);
        setFails |= mustFail;
        failing += mustFail ? 1 : 0;
        ContenderRun.Report rep = perAccount.get(key(ps, account));
        if (rep == null) {
          setAllReported = false;
          ContenderRun.Report set = perSet.get(ps);
          setLevel += set != null ? 1 : 0;
          // a SUCCEEDED request for all provisioned accounts says that every one of them runs the new version
          right += set != null && !mustFail && "SUCCEEDED".equals(set.status()) ? 1 : 0;
          continue;
        }
        boolean failedNamingIt = "FAILED".equals(rep.status()) && rep.failureReason() != null
            && rep.failureReason().contains(account);
        setReportedFailed |= "FAILED".equals(rep.status());
        if (mustFail ? failedNamingIt : "SUCCEEDED".equals(rep.status())) {
          right++;
        }
        named += mustFail && failedNamingIt ? 1 : 0;
      }
      ContenderRun.Report whole = perSet.get(ps);
      String setStatus = whole != null ? whole.status()
          : setReportedFailed ? "FAILED" : setAllReported ? "SUCCEEDED" : null;
      if (setStatus != null && setStatus.equals(setFails ? "FAILED" : "SUCCEEDED")) {
        setsRight++;
      }
    }
    int shouldBe = permissionSets.size() * (int) accounts.stream().filter(a -> !failingAccounts.contains(a)).count();
    return new UpdateVerdict(permissionSets.size() * accounts.size(), right, setLevel, failing, named,
        permissionSets.size(), setsRight, latestProvisioned, shouldBe, lostRequestIds(run, records),
        run.errors.size());
  }

  /**
   * @param run       what the contender reported
   * @param records   the sandbox's records
   * @param calls     sandbox counters per operation during the run
   * @param timeScale sandbox seconds per wall-clock second
   * @return the figures
   */
  public static Figures figures(ContenderRun run, Collection<ProvisioningRecord> records,
                                Map<String, SandboxMetrics.Counts> calls, double timeScale) {
    Map<String, ProvisioningRecord> byId = new HashMap<>();
    long lastTerminal = run.startMicros;
    for (ProvisioningRecord r : records) {
      byId.put(r.requestId(), r);
      if (r.completedAt() != null) {
        lastTerminal = Math.max(lastTerminal, Bench.micros(r.completedAt()));
      }
    }
    List<Double> lags = new ArrayList<>();
    for (ContenderRun.Report rep : run.reports) {
      ProvisioningRecord truth = byId.get(rep.requestId());
      if (truth != null && truth.completedAt() != null) {
        long lagMicros = Math.max(0, rep.reportedAtMicros() - Bench.micros(truth.completedAt()));
        lags.add(lagMicros / 1e6 * timeScale);
      }
    }
    long total = 0;
    long wait = 0;
    long throttled = 0;
    for (var e : calls.entrySet()) {
      total += e.getValue().calls();
      throttled += e.getValue().throttled();
      if (WAIT_OPERATIONS.contains(e.getKey())) {
        wait += e.getValue().calls();
      }
    }
    long provision = calls.getOrDefault(PROVISION, SandboxMetrics.Counts.ZERO).calls();
    long admittedWait = 0;
    for (String op : WAIT_OPERATIONS) {
      admittedWait += calls.getOrDefault(op, SandboxMetrics.Counts.ZERO).succeeded();
    }
    long admittedProvision = calls.getOrDefault(PROVISION, SandboxMetrics.Counts.ZERO).succeeded();
    return new Figures(Map.copyOf(calls), total, wait, provision, throttled, percentile(lags, 50),
        percentile(lags, 99), percentile(lags, 100), run.wallSeconds() * timeScale,
        (lastTerminal - run.startMicros) / 1e6 * timeScale, mb(run.peakHeapUsedBytes), mb(run.peakHeapAfterGcBytes),
        run.cpuNanos < 0 ? -1 : run.cpuNanos / 1e9, admittedWait, admittedProvision,
        submissionIdeal(records, timeScale, IDEAL_RATE));
  }

  /**
   * The submission-only ideal: the i-th request (in acceptance order, from 0) submitted at i / rate and taking its
   * recorded duration; the latest end.
   *
   * @param records   the sandbox's records (completed ones count)
   * @param timeScale sandbox seconds per wall-clock second
   * @param rate      submissions per sandbox second
   * @return sandbox seconds, -1 when nothing completed
   */
  static double submissionIdeal(Collection<ProvisioningRecord> records, double timeScale, double rate) {
    List<ProvisioningRecord> sorted = new ArrayList<>(records);
    sorted.sort(java.util.Comparator.comparing(ProvisioningRecord::createdAt));
    double ideal = -1;
    for (int i = 0; i < sorted.size(); i++) {
      ProvisioningRecord r = sorted.get(i);
      if (r.completedAt() != null) {
        double duration = (Bench.micros(r.completedAt()) - Bench.micros(r.createdAt())) / 1e6 * timeScale;
        ideal = Math.max(ideal, i / rate + duration);
      }
    }
    return ideal;
  }

  /**
   * Per-trial samples summarised: one sample per trial (for W4, where one request's lag is one sample).
   *
   * @param samples one value per trial
   * @return {p50, p99, mean}, each -1 when there is no sample
   */
  public static double[] trials(List<Double> samples) {
    double mean = samples.isEmpty() ? -1 : samples.stream().mapToDouble(Double::doubleValue).average().orElse(-1);
    return new double[] {percentile(samples, 50), percentile(samples, 99), mean};
  }

  /**
   * Nearest-rank percentile.
   *
   * @param values the values
   * @param p      percentile, 0 to 100
   * @return the value, -1 for no values
   */
  public static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static String key(String ps, String account) {
    return ps + "|" + account;
  }

  private static void note(List<String> problems, String p) {
    if (problems.size() < 20) {
      problems.add(p);
    }
  }
}
