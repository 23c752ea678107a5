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
  /** W4 as repeated trials: one outcome per trial and contender. */
  private final List<BenchRunner.Outcome> trials = new ArrayList<>();

  void add(BenchRunner.Outcome o) {
    outcomes.add(o);
  }

  void addTrial(BenchRunner.Outcome o) {
    trials.add(o);
  }

  List<BenchRunner.Outcome> trials() {
    return trials;
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
    sb.append("| Workload | Contender | Provision admitted | Status admitted (List + Describe) | Other admitted "
        + "| Throttled (all ops) | Throttled share | Lag p50 (s) | Lag p99 (s) | Lag max (s) | Wall (s) "
        + "| Ideal: last completion (s) | Over ideal | Ideal: submission only @15/s (s) | Heap after GC (MiB) "
        + "| CPU (s) | RequestIds lost | Statuses |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (BenchRunner.Outcome o : outcomes) {
      row(sb, o.workload().id(), o);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String id, BenchRunner.Outcome o) {
    Evaluation.Figures f = o.figures();
    long other = admittedAll(f) - f.admittedProvisionCalls() - f.admittedStatusCalls();
    int lost = o.update() != null ? o.update().lostRequestIds() : o.verdict().lostRequestIds();
    sb.append(String.format(Locale.ROOT,
        "| %s | %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |%n",
        id, o.contender(), f.admittedProvisionCalls(), f.admittedStatusCalls(), other, f.throttled(),
        pct0(f.totalCalls() == 0 ? 0 : (double) f.throttled() / f.totalCalls()), fmt2(f.lagP50()), fmt2(f.lagP99()),
        fmt2(f.lagMax()), fmt1(f.wallSeconds()), fmt1(f.idealSeconds()), pct(f.overIdeal()),
        fmt1(f.submissionIdealSeconds()), fmt1(f.peakHeapAfterGcMb()), fmt2(f.cpuSeconds()), lost, o.statuses()));
  }

  /** @return W4 as repeated trials: per contender, p50/p99 of the per-trial lag and the calls per trial */
  String trialsTable() {
    if (trials.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| Contender | Trials | Lag p50 over trials (s) | Lag p99 over trials (s) | Lag mean (s) "
        + "| Status calls admitted per trial (mean) | Throttled (all trials) | Per-trial lags (s) | Statuses |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (String c : List.of(Contender.OURS, Contender.BASELINE)) {
      List<BenchRunner.Outcome> mine = trials.stream().filter(o -> o.contender().equals(c)).toList();
      if (mine.isEmpty()) {
        continue;
      }
      List<Double> lags = mine.stream().map(o -> o.figures().lagMax()).filter(l -> l >= 0).toList();
      double[] t = Evaluation.trials(lags);
      double calls = mine.stream().mapToLong(o -> o.figures().admittedStatusCalls()).average().orElse(0);
      long throttled = mine.stream().mapToLong(o -> o.figures().throttled()).sum();
      long right = mine.stream().filter(BenchRunner.Outcome::allCorrect).count();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.1f | %d | %s | %d/%d trials right |%n", c,
          mine.size(), fmt2(t[0]), fmt2(t[1]), fmt2(t[2]), calls, throttled,
          String.join(", ", lags.stream().map(BenchReport::fmt2).toList()), right, mine.size()));
    }
    return sb.toString();
  }

  /** @return W6 per process: success, statuses, its own calls admitted and throttled (client side), lag */
  String processesTable() {
    StringBuilder sb = new StringBuilder();
    for (BenchRunner.Outcome o : outcomes) {
      if (o.processes().isEmpty()) {
        continue;
      }
      if (sb.length() == 0) {
        sb.append("| Workload | Process | Calls sent | Admitted | Throttled | Throttled share | Lag p50 (s) "
            + "| Lag p99 (s) | Wall (s) | Errors | Statuses |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      }
      for (BenchRunner.Outcome p : o.processes()) {
        Evaluation.Figures f = p.figures();
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s | %s | %d | %s |%n",
            o.workload().id(), p.contender(), f.totalCalls(), f.totalCalls() - f.throttled(), f.throttled(),
            pct0(f.totalCalls() == 0 ? 0 : (double) f.throttled() / f.totalCalls()), fmt2(f.lagP50()),
            fmt2(f.lagP99()), fmt1(f.wallSeconds()), p.run().errors.size(), p.statuses()));
      }
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

  /** @return every target of issues 5 and 14 with the measured value and PASS or MISS */
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
      String id = o.workload().id();
      if (!o.contender().equals(Contender.OURS)) {
        continue;
      }
      find(id, Contender.BASELINE).ifPresent(b -> versus(checks, id, o.figures(), right(o), b.figures(), right(b),
          "baseline"));
      find(id, TerraformUpdate.NAME).ifPresent(b -> versus(checks, id, o.figures(), right(o), b.figures(), right(b),
          "Terraform APA"));
    }
    trialChecks(checks);
    find("W1-10k", Contender.OURS).ifPresent(o -> checks.add(new Check(
        "W1 on a 10k history: lag p50 <= 1 s", fmt2(o.figures().lagP50()) + " s",
        o.figures().lagP50() >= 0 && o.figures().lagP50() <= 1.0)));
    find("W5-5000-50k", Contender.OURS).ifPresent(o -> {
      Evaluation.Figures f = o.figures();
      checks.add(new Check("W5-5000-50k wall within 5% of ideal (last completion)", fmt1(f.wallSeconds())
          + " s vs " + fmt1(f.idealSeconds()) + " s (" + pct(f.overIdeal()) + "); submission-only ideal "
          + fmt1(f.submissionIdealSeconds()) + " s", f.idealSeconds() > 0 && f.overIdeal() <= 0.05));
    });
    find("W6", Contender.OURS).ifPresent(o -> {
      long ok = o.processes().stream().filter(p -> p.allCorrect() && p.run().errors.isEmpty()).count();
      checks.add(new Check("W6 5 of 5 processes succeed, every status right", ok + "/" + o.processes().size()
          + " processes; " + o.statuses(), ok == 5 && o.processes().size() == 5 && o.allCorrect()));
      Evaluation.Figures f = o.figures();
      double share = f.totalCalls() == 0 ? 0 : (double) f.throttled() / f.totalCalls();
      checks.add(new Check("W6 throttled calls < 5% of all calls", f.throttled() + " of " + f.totalCalls() + " ("
          + pct0(share) + ")", share < 0.05));
    });
    for (String update : List.of("W7", "W7-failing")) {
      find(update, Contender.OURS).ifPresent(o -> w7Checks(checks, update, o));
    }
    for (BenchRunner.Outcome o : outcomes) {
      if (o.contender().equals(Contender.OURS)) {
        checks.add(new Check(o.workload().id() + ": every status right, no hang", o.statuses(), o.allCorrect()));
      }
      if (o.contender().equals(Contender.OURS) && (o.workload().id().startsWith("F") || o.workload().id().equals("W6"))) {
        int ended = o.verdict().timedOut() + o.verdict().errors();
        checks.add(new Check(o.workload().id() + ": 0 waits or submissions ended early by an error", ended
            + " (timed out " + o.verdict().timedOut() + ", errors " + o.verdict().errors() + ")", ended == 0));
      }
    }
    return checks;
  }

  private static void versus(List<Check> checks, String id, Evaluation.Figures ours, int oursRight,
                             Evaluation.Figures other, int otherRight, String name) {
    checks.add(new Check(id + " our status calls <= " + name + "'s (admitted)", ours.admittedStatusCalls() + " vs "
        + other.admittedStatusCalls() + perRight(ours, oursRight) + " vs" + perRight(other, otherRight),
        ours.admittedStatusCalls() <= other.admittedStatusCalls()));
    checks.add(new Check(id + " our lag p50 and p99 <= " + name + "'s", fmt2(ours.lagP50()) + " / "
        + fmt2(ours.lagP99()) + " s vs " + fmt2(other.lagP50()) + " / " + fmt2(other.lagP99()) + " s",
        ours.lagP50() >= 0 && ours.lagP50() <= other.lagP50() && ours.lagP99() <= other.lagP99()));
  }

  /**
   * Status calls per status the contender got right: a contender that gives up on requests makes fewer calls for
   * them, which the admitted count alone would credit to it.
   */
  private static String perRight(Evaluation.Figures f, int right) {
    if (right < 0) {
      return "";   // an update: its pairs are checked apart (W7's own rows)
    }
    return right == 0 ? " (no status right)" : String.format(Locale.ROOT, " (%.2f per status right, %d right)",
        (double) f.admittedStatusCalls() / right, right);
  }

  /** @return statuses the run got right; -1 for an update (a set request stands for many pairs) */
  private static int right(BenchRunner.Outcome o) {
    return o.update() != null ? -1 : o.verdict().correct();
  }

  private void trialChecks(List<Check> checks) {
    List<Double> ours = trialLags(Contender.OURS);
    List<Double> base = trialLags(Contender.BASELINE);
    if (ours.isEmpty() || base.isEmpty()) {
      return;
    }
    double[] o = Evaluation.trials(ours);
    double[] b = Evaluation.trials(base);
    checks.add(new Check("W4 (trials) our lag p50 and p99 over trials <= baseline's", fmt2(o[0]) + " / " + fmt2(o[1])
        + " s vs " + fmt2(b[0]) + " / " + fmt2(b[1]) + " s", o[0] <= b[0] && o[1] <= b[1]));
    double oc = trials.stream().filter(t -> t.contender().equals(Contender.OURS))
        .mapToLong(t -> t.figures().admittedStatusCalls()).average().orElse(0);
    double bc = trials.stream().filter(t -> t.contender().equals(Contender.BASELINE))
        .mapToLong(t -> t.figures().admittedStatusCalls()).average().orElse(0);
    checks.add(new Check("W4 (trials) our status calls per trial <= baseline's", String.format(Locale.ROOT,
        "%.1f vs %.1f", oc, bc), oc <= bc));
  }

  private List<Double> trialLags(String contender) {
    return trials.stream().filter(t -> t.contender().equals(contender)).map(t -> t.figures().lagMax())
        .filter(l -> l >= 0).toList();
  }

  private void w7Checks(List<Check> checks, String id, BenchRunner.Outcome ours) {
    // every admitted call, the planning reads (ListAccountsForProvisionedPermissionSet ...) included: the issue's
    // "provision + status" would leave out the reads that decide what to provision, which Terraform does not make
    long oursAll = admittedAll(ours.figures());
    long oursPs = ours.figures().admittedProvisionCalls() + ours.figures().admittedStatusCalls();
    find(id, Contender.BASELINE).ifPresent(b -> {
      long all = admittedAll(b.figures());
      checks.add(new Check(id + " all admitted calls (planning reads included) >= 50x fewer than the per-account "
          + "baseline", String.format(Locale.ROOT, "%.1fx (%d vs %d; provision + status only: %d)",
          (double) all / Math.max(1, oursAll), oursAll, all, oursPs), all >= 50 * oursAll));
    });
    find(id, TerraformUpdate.NAME).ifPresent(t -> {
      long all = admittedAll(t.figures());
      checks.add(new Check(id + " all admitted calls (planning reads included) <= Terraform APA's", oursAll + " vs "
          + all + " (provision + status only: " + oursPs + ")", oursAll <= all));
    });
    Evaluation.UpdateVerdict u = ours.update();
    checks.add(new Check(id + " every failure reported per account (ours)", u.failuresNamed() + "/" + u.failingPairs()
        + " failing pairs named with their reason", u.failuresNamed() == u.failingPairs()));
  }

  private static long admittedAll(Evaluation.Figures f) {
    return f.calls().values().stream().mapToLong(SandboxMetrics.Counts::succeeded).sum();
  }

  private void ratio(List<Check> checks, String workload, int factor) {
    Optional<BenchRunner.Outcome> ours = find(workload, Contender.OURS);
    Optional<BenchRunner.Outcome> base = find(workload, Contender.BASELINE);
    if (ours.isEmpty() || base.isEmpty()) {
      return;
    }
    double r = (double) base.get().figures().admittedStatusCalls()
        / Math.max(1, ours.get().figures().admittedStatusCalls());
    double total = (double) base.get().figures().totalCalls() / Math.max(1, ours.get().figures().totalCalls());
    checks.add(new Check(workload + " status-polling calls (admitted) >= " + factor + "x fewer than baseline",
        String.format(Locale.ROOT, "%.1fx (%d vs %d); all calls incl. throttled: %.1fx (%d vs %d)", r,
            ours.get().figures().admittedStatusCalls(), base.get().figures().admittedStatusCalls(), total,
            ours.get().figures().totalCalls(), base.get().figures().totalCalls())
            + (ours.get().verdict().allCorrect() ? "" : "; not comparable: our run was not all correct"),
        r >= factor && ours.get().verdict().allCorrect()));
  }

  /** @return the targets as a markdown table */
  String checksTable() {
    StringBuilder sb = new StringBuilder("| Target | Measured | Result |\n|---|---|---|\n");
    for (Check c : checks()) {
      sb.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
          .append(c.pass() ? "PASS" : "**MISS**").append(" |\n");
    }
    return sb.toString();
  }

  /** @return the problems found per run, for runs that were not all correct */
  String problems() {
    StringBuilder sb = new StringBuilder();
    for (BenchRunner.Outcome o : outcomes) {
      if (o.update() != null) {
        if (!o.update().allCorrect()) {
          sb.append("- ").append(o.workload().id()).append(" / ").append(o.contender()).append(": ")
              .append(o.update().summary()).append('\n');
        }
        continue;
      }
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

  private static String pct0(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%+.1f%%", v * 100);
  }
}
