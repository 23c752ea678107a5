package dev.idcprov.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness of issue 5. Run with {@code mvn -o -Pbench verify} (never part of the unit-test run).
 *
 * <p>For W1, W1-10k, W2, W3, W5 (four variants) and W6 it runs our provisioner and the Terraform-style
 * {@link BaselinePoller} on identical workloads, each against a fresh sandbox with the same seed and each in a JVM
 * of its own capped at 128 MiB (W6: five JVMs at once against one sandbox); W4 as {@value #W4_TRIALS} sequential trials per contender; W7 (an
 * update) with a third contender, {@link TerraformUpdate}; then the large fault scenarios with our provisioner. It
 * prints the tables and the targets with PASS/MISS, and writes them as markdown to {@code target/bench/figures.md}
 * for docs/BENCHMARKS.md.
 *
 * <p>System properties: {@code bench.only} (comma-separated workload ids, e.g. {@code W1,W4,W5-100-50k,F3-drop5};
 * default all), {@code bench.w4Trials} (default {@value #W4_TRIALS}), {@code bench.commit} (shown in the figures),
 * {@code bench.failOnMiss=true} to fail the build when a target is missed (default: print only).
 */
@Tag("bench")
class BenchmarkHarnessTest {
  static final int LARGE_FAULT_ACCOUNTS = 100;
  static final double LARGE_FAULT_SCALE = 10;
  /** W4 runs as this many sequential trials per contender (one request's lag is one sample). */
  static final int W4_TRIALS = 8;

  @Test
  void benchmark_printsFiguresAndTargets() throws IOException {
    List<String> only = Arrays.stream(System.getProperty("bench.only", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    List<Workload> comparisons = new ArrayList<>(List.of(Workload.w1(), Workload.w1On10kHistory(), Workload.w2(),
        Workload.w3()));
    comparisons.addAll(Workload.w5All());
    comparisons.add(Workload.w6());
    List<Workload> faults = FaultScenarios.all(LARGE_FAULT_ACCOUNTS, LARGE_FAULT_SCALE, "F");

    BenchReport report = new BenchReport();
    for (Workload w : comparisons) {
      if (selected(only, w.id())) {
        for (String contender : List.of(Contender.OURS, Contender.BASELINE)) {
          report.add(announce(BenchRunner.run(w, contender, true)));
        }
      }
    }
    if (selected(only, "W4")) {
      int trials = Integer.getInteger("bench.w4Trials", W4_TRIALS);
      for (int i = 0; i < trials; i++) {
        for (String contender : List.of(Contender.OURS, Contender.BASELINE)) {
          report.addTrial(announce(BenchRunner.run(Workload.w4Trial(i, trials), contender, true)));
        }
      }
    }
    for (Workload update : List.of(Workload.w7(), Workload.w7Failing())) {
      if (selected(only, update.id())) {
        for (String contender : List.of(Contender.OURS, Contender.BASELINE, TerraformUpdate.NAME)) {
          report.add(announce(BenchRunner.run(update, contender, true)));
        }
      }
    }
    for (Workload w : faults) {
      if (selected(only, w.id())) {
        report.add(announce(BenchRunner.run(w, Contender.OURS, true)));
      }
    }

    String markdown = markdown(report);
    System.out.println();
    System.out.println(markdown);
    Path out = Path.of("target", "bench", "figures.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, markdown, StandardCharsets.UTF_8);
    System.out.println("figures written to " + out.toAbsolutePath());

    assertThat(report.outcomes().size() + report.trials().size()).as("runs made").isPositive();
    if (Boolean.getBoolean("bench.failOnMiss")) {
      assertThat(report.checks()).allSatisfy(c -> assertThat(c.pass()).as(c.target() + ": " + c.measured()).isTrue());
    }
  }

  private static boolean selected(List<String> only, String id) {
    return only.isEmpty() || only.contains(id);
  }

  private static BenchRunner.Outcome announce(BenchRunner.Outcome o) {
    Evaluation.Figures f = o.figures();
    System.out.printf(Locale.ROOT, "[bench] %-20s %-14s calls=%d provisionOk=%d statusOk=%d throttled=%d "
            + "lagP50=%.2fs lagP99=%.2fs wall=%.1fs ideal=%.1fs subIdeal=%.1fs heapGC=%.1fMiB cpu=%.2fs | %s%n",
        o.workload().id(), o.contender(), f.totalCalls(), f.admittedProvisionCalls(), f.admittedStatusCalls(),
        f.throttled(), f.lagP50(), f.lagP99(), f.wallSeconds(), f.idealSeconds(), f.submissionIdealSeconds(),
        f.peakHeapAfterGcMb(), f.cpuSeconds(), o.statuses());
    return o;
  }

  static String markdown(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Run of ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
    sb.append("Machine: ").append(machine()).append("  \n");
    sb.append("Command: `mvn -o -Pbench verify -pl src/bench -am -Djacoco.skip=true")
        .append(System.getProperty("bench.only", "").isEmpty() ? "" : " -Dbench.only=" + System.getProperty("bench.only"))
        .append("`  \n");
    sb.append("Commit: ").append(System.getProperty("bench.commit", "(pass -Dbench.commit=...)")).append("\n\n");
    sb.append("Rate budget: ours paces every call at ").append(fmt(Evaluation.IDEAL_RATE))
        .append(" requests per sandbox second per process (the sandbox quota is 20); the baseline is unpaced. "
            + "Admitted = answered (not throttled, failed or dropped). Ideal, last completion = from the contender's "
            + "start to the last request's completion in the sandbox (so it includes any delay the contender's "
            + "own calls caused to its submissions). Ideal, submission only = the i-th accepted request submitted "
            + "at i / " + fmt(Evaluation.IDEAL_RATE) + " s and taking its recorded duration; no status call "
            + "counted. RequestIds lost = requests the sandbox accepted that the contender neither reported, nor "
            + "handed back as submitted, nor named as given up.\n\n");
    sb.append("### Workloads\n\n").append(report.workloadTable()).append('\n');
    sb.append("### Figures\n\nTimes in sandbox seconds (wall-clock seconds x time scale), except CPU (wall clock). "
        + "Status calls = List + Describe provisioning-status calls.\n\n");
    sb.append(report.figuresTable()).append('\n');
    String trials = report.trialsTable();
    if (!trials.isEmpty()) {
      sb.append("### W4 as repeated trials\n\nEach trial: one request of 60-90 s (a fixed duration per trial, "
          + "its own seed), lag = that request's detection lag; p50/p99 over the trials.\n\n").append(trials)
          .append('\n');
    }
    String processes = report.processesTable();
    if (!processes.isEmpty()) {
      sb.append("### W6 per process\n\nCalls as each process's own SDK client counted them (HTTP attempts "
          + "answered; throttled = ThrottlingException).\n\n").append(processes).append('\n');
    }
    sb.append("### Targets\n\n").append(report.checksTable()).append('\n');
    sb.append("### Calls per operation\n\n").append(report.operationsTable()).append('\n');
    String problems = report.problems();
    if (!problems.isEmpty()) {
      sb.append("### Problems found\n\n").append(problems).append('\n');
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  static String machine() {
    List<String> parts = new ArrayList<>();
    parts.add(Runtime.getRuntime().availableProcessors() + " cores");
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      parts.add(String.format(Locale.ROOT, "%.1f GiB RAM", os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
    }
    parts.add(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    parts.add(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return String.join(", ", parts);
  }
}
