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
   */
  public record Outcome(Workload workload, String contender, ContenderRun run, Evaluation.Figures figures,
                        Evaluation.Verdict verdict) {
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
   * @param contender {@link Contender#OURS} or {@link Contender#BASELINE}
   * @param forked    whether to run the contender in its own JVM
   * @return the outcome
   */
  public static Outcome run(Workload workload, String contender, boolean forked) {
    try (BenchSandbox sandbox = new BenchSandbox(workload)) {
      Target target = sandbox.target(contender);
      boolean[] hang = {false};
      ContenderRun run = forked ? fork(contender, target, hang) : runHere(Contender.named(contender), target);
      hang[0] |= run.errors.stream().anyMatch(e -> e.startsWith("HANG"));
      List<ProvisioningRecord> records = sandbox.records();
      Map<String, SandboxMetrics.Counts> calls = sandbox.metricsSinceSetup();
      Evaluation.Figures figures = Evaluation.figures(run, records, calls, workload.timeScale());
      Evaluation.Verdict verdict = Evaluation.verdict(run, records, target.pairs(), hang[0]);
      return new Outcome(workload, contender, run, figures, verdict);
    }
  }

  private static ContenderRun fork(String contender, Target target, boolean[] hang) {
    try {
      Path dir = Files.createTempDirectory("idcprov-bench");
      Path in = dir.resolve("target.json");
      Path out = dir.resolve("result.json");
      Gson gson = new Gson();
      Files.writeString(in, gson.toJson(target), StandardCharsets.UTF_8);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>(List.of(java, FORKED_HEAP, "-Xshare:off",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dbench.ours=" + System.getProperty("bench.ours", ""),
          "-cp", System.getProperty("java.class.path"),
          ContenderMain.class.getName(), contender, in.toString(), out.toString()));
      Process p = new ProcessBuilder(cmd).inheritIO().start();
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
      if (p.exitValue() != 0 || !Files.exists(out)) {
        ContenderRun run = new ContenderRun();
        run.contender = contender;
        run.workloadId = target.workloadId();
        run.error("forked contender exited with " + p.exitValue() + " (OutOfMemoryError at " + FORKED_HEAP
            + "? see its output above)");
        return run;
      }
      ContenderRun run = gson.fromJson(Files.readString(out, StandardCharsets.UTF_8), ContenderRun.class);
      Files.deleteIfExists(in);
      Files.deleteIfExists(out);
      Files.deleteIfExists(dir);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the forked contender", e);
    }
  }
}
