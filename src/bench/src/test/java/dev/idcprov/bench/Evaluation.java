package dev.idcprov.bench;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxMetrics;
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
   */
  public record Verdict(int expected, int reported, int correct, int falseSuccess, int wrongStatus, int unknown,
                        int lost, int unreported, int orphans, int timedOut, int errors, boolean hang,
                        List<String> problems) {
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
   */
  public record Figures(Map<String, SandboxMetrics.Counts> calls, long totalCalls, long waitCalls, long provisionCalls,
                        long throttled, double lagP50, double lagP99, double lagMax, double wallSeconds,
                        double idealSeconds, double peakHeapUsedMb, double peakHeapAfterGcMb, double cpuSeconds) {
    /** @return wall time over ideal wall time, minus one (0.05 = 5% over) */
    public double overIdeal() {
      return idealSeconds <= 0 ? 0 : wallSeconds / idealSeconds - 1;
    }
  }

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
        orphans, run.timedOut.size(), run.errors.size(), hang, List.copyOf(problems));
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
    return new Figures(Map.copyOf(calls), total, wait, provision, throttled, percentile(lags, 50),
        percentile(lags, 99), percentile(lags, 100), run.wallSeconds() * timeScale,
        (lastTerminal - run.startMicros) / 1e6 * timeScale, mb(run.peakHeapUsedBytes), mb(run.peakHeapAfterGcBytes),
        run.cpuNanos < 0 ? -1 : run.cpuNanos / 1e9);
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
