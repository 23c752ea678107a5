package dev.idcprov.bench;

import dev.idcprov.sandbox.SandboxMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns outcomes into the markdown tables of docs/BENCHMARKS.md and checks the targets of issue 5. */
final class BenchReport {
  /** One target and whether it was met. */
  record Check(String target, String measured, boolean pass) {
  }

  private final List<BenchRunner.Outcome> outcomes = new ArrayList<>();

  void add(BenchRunner.Outcome o) {
    outcomes.add(o);
  }

  List<BenchRunner.Outcome> outcomes() {
    return outcomes;
  }

  Optional<BenchRunner.Outcome> find(String workloadId, String contender) {
    return outcomes.stream()
        .filter(o -> o.workload().id().equals(workloadId) && o.contender().equals(contender)).findFirst();
  }

  /** @return the workloads table: what ran, at which time scale */
  String workloadTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Workload | What | Requests | Time scale | Quota | Faults |\n");
    sb.append("|---|---|---:|---:|---|---|\n");
    List<String> seen = new ArrayList<>();
    for (BenchRunner.Outcome o : outcomes) {
      Workload w = o.workload();
      if (seen.contains(w.id())) {
        continue;
      }
      seen.add(w.id());
      sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s req/s (sandbox time) | %s |%n", w.id(),
          w.title(), w.requests(), fmtScale(w.timeScale()), fmt0(w.quotaPerSecond()), w.faults().describe()));
    }
    return sb.toString();
  }

  /** @return the figures table, one row per workload and contender */
  String figuresTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Workload | Contender | Provision calls | List calls | Describe calls | Other calls | Wait calls "
        + "| Total calls | Throttled | Lag p50 (s) | Lag p99 (s) | Lag max (s) | Wall (s) | Ideal (s) | Over ideal "
        + "| Heap after GC (MiB) | Heap used peak (MiB) | CPU (s) | Statuses |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (BenchRunner.Outcome o : outcomes) {
      Evaluation.Figures f = o.figures();
      long list = calls(f, "ListPermissionSetProvisioningStatus");
      long describe = calls(f, "DescribePermissionSetProvisioningStatus");
      long other = f.totalCalls() - f.provisionCalls() - list - describe;
      sb.append(String.format(Locale.ROOT,
          "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          o.workload().id(), o.contender(), f.provisionCalls(), list, describe, other, f.waitCalls(), f.totalCalls(),
          f.throttled(), fmt2(f.lagP50()), fmt2(f.lagP99()), fmt2(f.lagMax()), fmt1(f.wallSeconds()),
          fmt1(f.idealSeconds()), pct(f.overIdeal()), fmt1(f.peakHeapAfterGcMb()), fmt1(f.peakHeapUsedMb()),
          fmt2(f.cpuSeconds()), o.verdict().allCorrect() ? "all " + o.verdict().expected() + " right"
              : o.verdict().summary()));
    }
    return sb.toString();
  }

  /** @return per-operation counters of every run, for the curious */
  String operationsTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Workload | Contender | Operation | Calls | Throttled | Failed | Dropped |\n");
    sb.append("|---|---|---|---:|---:|---:|---:|\n");
    for (BenchRunner.Outcome o : outcomes) {
      for (Map.Entry<String, SandboxMetrics.Counts> e : new java.util.TreeMap<>(o.figures().calls()).entrySet()) {
        SandboxMetrics.Counts c = e.getValue();
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %d | %d |%n", o.workload().id(),
            o.contender(), e.getKey(), c.calls(), c.throttled(), c.failed(), c.dropped()));
      }
    }
    return sb.toString();
  }

  /** @return every target of issue 5 with the measured value and PASS or FAIL */
  List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    ratio(checks, "W1", 10);
    ratio(checks, "W2", 50);
    find("W1", Contender.OURS).ifPresent(o -> {
      Evaluation.Figures f = o.figures();
      checks.add(new Check("W1 detection lag p50 <= 1 s", fmt2(f.lagP50()) + " s", f.lagP50() >= 0
          && f.lagP50() <= 1.0));
      checks.add(new Check("W1 detection lag p99 <= poll cap (10 s)", fmt2(f.lagP99()) + " s", f.lagP99() >= 0
          && f.lagP99() <= 10.0));
      checks.add(new Check("W1 no throttled call caused by our traffic", f.throttled() + " throttled",
          f.throttled() == 0));
    });
    find("W2", Contender.OURS).ifPresent(o -> {
      Evaluation.Figures f = o.figures();
      checks.add(new Check("W2 wall time within 5% of ideal", fmt1(f.wallSeconds()) + " s vs ideal "
          + fmt1(f.idealSeconds()) + " s (" + pct(f.overIdeal()) + ")", f.idealSeconds() > 0 && f.overIdeal() <= 0.05));
      boolean heapOk = o.run().forked && o.run().errors.isEmpty() && o.figures().peakHeapAfterGcMb() < 128
          && o.figures().peakHeapUsedMb() < 128;
      checks.add(new Check("W2 heap < 128 MB", "ran in a JVM capped at 128 MiB: peak after GC "
          + fmt1(f.peakHeapAfterGcMb()) + " MiB, peak used " + fmt1(f.peakHeapUsedMb()) + " MiB", heapOk));
    });
    for (BenchRunner.Outcome o : outcomes) {
      if (o.contender().equals(Contender.OURS)) {
        checks.add(new Check(o.workload().id() + ": every status right, no hang", o.verdict().summary(),
            o.verdict().allCorrect()));
      }
    }
    return checks;
  }

  private void ratio(List<Check> checks, String workload, int factor) {
    Optional<BenchRunner.Outcome> ours = find(workload, Contender.OURS);
    Optional<BenchRunner.Outcome> base = find(workload, Contender.BASELINE);
    if (ours.isEmpty() || base.isEmpty()) {
      return;
    }
    double r = (double) base.get().figures().waitCalls() / Math.max(1, ours.get().figures().waitCalls());
    double total = (double) base.get().figures().totalCalls() / Math.max(1, ours.get().figures().totalCalls());
    checks.add(new Check(workload + " status-polling calls >= " + factor + "x fewer than baseline",
        String.format(Locale.ROOT, "%.1fx (%d vs %d); all calls incl. ProvisionPermissionSet: %.1fx (%d vs %d)", r,
            ours.get().figures().waitCalls(), base.get().figures().waitCalls(), total,
            ours.get().figures().totalCalls(), base.get().figures().totalCalls())
            + (ours.get().verdict().allCorrect() ? "" : "; not comparable: our run was not all correct"),
        r >= factor && ours.get().verdict().allCorrect()));
  }

  /** @return the targets as a markdown table */
  String checksTable() {
    StringBuilder sb = new StringBuilder("| Target | Measured | Result |\n|---|---|---|\n");
    for (Check c : checks()) {
      sb.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
          .append(c.pass() ? "PASS" : "**FAIL**").append(" |\n");
    }
    return sb.toString();
  }

  /** @return the problems found per run, for runs that were not all correct */
  String problems() {
    StringBuilder sb = new StringBuilder();
    for (BenchRunner.Outcome o : outcomes) {
      if (!o.verdict().problems().isEmpty()) {
        sb.append("- ").append(o.workload().id()).append(" / ").append(o.contender()).append(":\n");
        for (String p : o.verdict().problems()) {
          sb.append("  - ").append(p.replace('\n', ' ')).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static long calls(Evaluation.Figures f, String op) {
    return f.calls().getOrDefault(op, SandboxMetrics.Counts.ZERO).calls();
  }

  private static String fmtScale(double s) {
    return s == Math.rint(s) ? (long) s + "x" : s + "x";
  }

  private static String fmt0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String fmt1(double v) {
    return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt2(double v) {
    return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%+.1f%%", v * 100);
  }
}
