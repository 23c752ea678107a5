package dev.idcprov.bench;

import com.google.gson.Gson;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a contender on a workload against a fresh sandbox and evaluates it, either in this JVM (fault tests) or in a
 * forked JVM with {@value #FORKED_HEAP} (the harness), so that heap and CPU belong to the contender alone.
 */
public final class BenchRunner {
  /** Heap limit of a forked contender: the W2 heap target, enforced rather than only measured. */
  static final String FORKED_HEAP = "-Xmx128m";

  /**
   * Everything one run produced.
   *
   * @param workload  the workload
   * @param contender the contender's name
   * @param run       what the contender reported
   * @param figures   the figures
   * @param verdict   the correctness verdict
   * @param update    the update verdict (W7), null for other workloads
   * @param processes the per-process outcomes of W6 (each judged on its own set), empty otherwise
   */
  public record Outcome(Workload workload, String contender, ContenderRun run, Evaluation.Figures figures,
                        Evaluation.Verdict verdict, Evaluation.UpdateVerdict update, List<Outcome> processes) {
    /** @return whether every status was right (the update verdict for an update) */
    public boolean allCorrect() {
      return update != null ? update.allCorrect() : verdict.allCorrect();
    }

    /** @return the correctness summary shown in the tables */
    public String statuses() {
      if (update != null) {
        return update.summary();
      }
      return verdict.allCorrect() ? "all " + verdict.expected() + " right" : verdict.summary();
    }
  }

  private BenchRunner() {
  }

  /**
   * @param contender the contender
   * @param target    what it provisions
   * @return its run, measured in this JVM
   */
  static ContenderRun runHere(Contender contender, Target target) {
    ContenderRun run = new ContenderRun();
    run.contender = contender.name();
    run.workloadId = target.workloadId();
    try (ResourceProbe probe = new ResourceProbe()) {
      run.startMicros = Bench.nowMicros();
      try {
        contender.run(target, run);
      } catch (RuntimeException e) {
        run.error("contender threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      run.endMicros = Bench.nowMicros();
      probe.finish(run);
    }
    return run;
  }

  /**
   * Sets up a fresh sandbox for the workload, runs the contender, and evaluates it against the sandbox's records.
   *
   * @param workload  the workload
   * @param contender {@link Contender#OURS}, {@link Contender#BASELINE} or {@link TerraformUpdate#NAME}
   * @param forked    whether to run the contender in its own JVM (always, for a one-process-per-set workload)
   * @return the outcome
   */
  public static Outcome run(Workload workload, String contender, boolean forked) {
    if (workload.kind() == Workload.Kind.PROCESS_PER_SET) {
      return runProcesses(workload, contender);
    }
    try (BenchSandbox sandbox = new BenchSandbox(workload)) {
      Target target = sandbox.target(contender);
      boolean[] hang = {false};
      ContenderRun run = forked ? finish(start(contender, target), hang) : runHere(Contender.named(contender), target);
      hang[0] |= run.errors.stream().anyMatch(e -> e.startsWith("HANG"));
      List<ProvisioningRecord> records = sandbox.records();
      Map<String, SandboxMetrics.Counts> calls = sandbox.metricsSinceSetup();
      Evaluation.Figures figures = Evaluation.figures(run, records, calls, workload.timeScale());
      Evaluation.Verdict verdict = Evaluation.verdict(run, records, target.pairs(), hang[0]);
      Evaluation.UpdateVerdict update = workload.kind() != Workload.Kind.UPDATE ? null
          : Evaluation.updateVerdict(run, records, target.permissionSetArns(), target.accountIds(),
              sandbox.expectedFailures().keySet(), sandbox.latestProvisionedPairs());
      return new Outcome(workload, contender, run, figures, verdict, update, List.of());
    }
  }

  /**
   * W6: one forked contender JVM per permission set, all started at once against one sandbox. Each process is judged
   * on its own set (its calls as its own client counted them); the whole run on every set with the sandbox's
   * counters.
   */
  private static Outcome runProcesses(Workload workload, String contender) {
    try (BenchSandbox sandbox = new BenchSandbox(workload)) {
      Target all = sandbox.target(contender);
      List<Started> started = new ArrayList<>();
      for (String ps : all.permissionSetArns()) {
        started.add(start(contender, all.onlySet(ps)));
      }
      List<ContenderRun> runs = new ArrayList<>();
      boolean anyHang = false;
      for (Started st : started) {
        boolean[] hang = {false};
        ContenderRun run = finish(st, hang);
        anyHang |= hang[0] || run.errors.stream().anyMatch(e -> e.startsWith("HANG"));
        runs.add(run);
      }
      List<ProvisioningRecord> records = sandbox.records();
      Map<String, SandboxMetrics.Counts> calls = sandbox.metricsSinceSetup();
      List<Outcome> processes = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        ContenderRun run = runs.get(i);
        Target t = started.get(i).target();
        String ps = t.permissionSetArns().get(0);
        List<ProvisioningRecord> own = records.stream().filter(r -> r.permissionSetArn().equals(ps)).toList();
        Evaluation.Figures f = Evaluation.figures(run, own, clientCounts(run), workload.timeScale());
        Evaluation.Verdict v = Evaluation.verdict(run, own, t.pairs(), false);
        processes.add(new Outcome(workload, contender + " #" + (i + 1), run, f, v, null, List.of()));
      }
      ContenderRun merged = merge(contender, workload.id(), runs);
      Evaluation.Figures figures = Evaluation.figures(merged, records, calls, workload.timeScale());
      Evaluation.Verdict verdict = Evaluation.verdict(merged, records, all.pairs(), anyHang);
      return new Outcome(workload, contender, merged, figures, verdict, null, List.copyOf(processes));
    }
  }

  /** A process's own counts, in the sandbox's shape: attempts sent and throttled per operation. */
  static Map<String, SandboxMetrics.Counts> clientCounts(ContenderRun run) {
    Map<String, SandboxMetrics.Counts> out = new java.util.TreeMap<>();
    run.clientCalls.forEach((op, c) -> out.put(op, new SandboxMetrics.Counts(c.sent, c.throttled, 0, 0)));
    return out;
  }

  /** The runs of several processes as one: every report, submission and error; the earliest start, latest end. */
  static ContenderRun merge(String contender, String workloadId, List<ContenderRun> runs) {
    ContenderRun m = new ContenderRun();
    m.contender = contender;
    m.workloadId = workloadId;
    m.startMicros = runs.stream().mapToLong(r -> r.startMicros).min().orElse(0);
    m.endMicros = runs.stream().mapToLong(r -> r.endMicros).max().orElse(0);
    m.forked = true;
    for (ContenderRun r : runs) {
      m.reports.addAll(r.reports);
      m.accountResults.addAll(r.accountResults);
      m.submitted.addAll(r.submitted);
      m.errors.addAll(r.errors);
      m.timedOut.addAll(r.timedOut);
      m.cpuNanos = Math.max(m.cpuNanos, 0) + Math.max(r.cpuNanos, 0);
      m.peakHeapAfterGcBytes = Math.max(m.peakHeapAfterGcBytes, r.peakHeapAfterGcBytes);
      m.peakHeapUsedBytes = Math.max(m.peakHeapUsedBytes, r.peakHeapUsedBytes);
      r.clientCalls.forEach((op, c) -> {
        ContenderRun.Calls into = m.clientCalls.computeIfAbsent(op, k -> new ContenderRun.Calls());
        into.sent += c.sent;
        into.throttled += c.throttled;
      });
    }
    return m;
  }

  /** A forked contender JVM under way. */
  private record Started(String contender, Target target, Process process, Path dir, Path in, Path out) {
  }

  private static Started start(String contender, Target target) {
    try {
      Path dir = Files.createTempDirectory("idcprov-bench");
      Path in = dir.resolve("target.json");
      Path out = dir.resolve("result.json");
      Files.writeString(in, new Gson().toJson(target), StandardCharsets.UTF_8);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>(List.of(java, FORKED_HEAP, "-Xshare:off",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dbench.ours=" + System.getProperty("bench.ours", ""),
          "-cp", System.getProperty("java.class.path"),
          ContenderMain.class.getName(), contender, in.toString(), out.toString()));
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      return new Started(contender, target, p, dir, in, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ContenderRun finish(Started st, boolean[] hang) {
    Target target = st.target();
    String contender = st.contender();
    try {
      Process p = st.process();
      long limit = target.deadlineMillis() * 2 + 60_000;
      if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        hang[0] = true;
        ContenderRun run = new ContenderRun();
        run.contender = contender;
        run.workloadId = target.workloadId();
        run.error("HANG: forked contender still running after " + limit + " ms; killed");
        return run;
      }
      if (p.exitValue() != 0 || !Files.exists(st.out())) {
        ContenderRun run = new ContenderRun();
        run.contender = contender;
        run.workloadId = target.workloadId();
        run.error("forked contender exited with " + p.exitValue() + " (OutOfMemoryError at " + FORKED_HEAP
            + "? see its output above)");
        return run;
      }
      ContenderRun run = new Gson().fromJson(Files.readString(st.out(), StandardCharsets.UTF_8), ContenderRun.class);
      Files.deleteIfExists(st.in());
      Files.deleteIfExists(st.out());
      Files.deleteIfExists(st.dir());
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the forked contender", e);
    }
  }
}
