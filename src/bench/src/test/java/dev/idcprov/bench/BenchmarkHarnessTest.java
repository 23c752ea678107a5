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
 * <p>For W1, W2 and W3 it runs our provisioner and the Terraform-style {@link BaselinePoller} on identical workloads,
 * each against a fresh sandbox with the same seed and each in a JVM of its own capped at 128 MiB; then the large fault
 * scenarios with our provisioner. It prints the tables and the targets with PASS/FAIL, and writes them as markdown to
 * {@code target/bench/figures.md} for docs/BENCHMARKS.md.
 *
 * <p>System properties: {@code bench.only} (comma-separated workload ids, e.g. {@code W1,F3-drop5}; default all),
 * {@code bench.failOnMiss=true} to fail the build when a target is missed (default: print only).
 */
@Tag("bench")
class BenchmarkHarnessTest {
  static final int LARGE_FAULT_ACCOUNTS = 100;
  static final double LARGE_FAULT_SCALE = 10;

  @Test
  void benchmark_printsFiguresAndTargets() throws IOException {
    List<String> only = Arrays.stream(System.getProperty("bench.only", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    List<Workload> comparisons = List.of(Workload.w1(), Workload.w2(), Workload.w3(), Workload.w4(),
        Workload.w5(10_000));
    List<Workload> faults = FaultScenarios.all(LARGE_FAULT_ACCOUNTS, LARGE_FAULT_SCALE, "F");

    BenchReport report = new BenchReport();
    for (Workload w : comparisons) {
      if (selected(only, w)) {
        for (String contender : List.of(Contender.OURS, Contender.BASELINE)) {
          report.add(announce(BenchRunner.run(w, contender, true)));
        }
      }
    }
    for (Workload w : faults) {
      if (selected(only, w)) {
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

    assertThat(report.outcomes()).as("runs made").isNotEmpty();
    if (Boolean.getBoolean("bench.failOnMiss")) {
      assertThat(report.checks()).allSatisfy(c -> assertThat(c.pass()).as(c.target() + ": " + c.measured()).isTrue());
    }
  }

  private static boolean selected(List<String> only, Workload w) {
    return only.isEmpty() || only.contains(w.id());
  }

  private static BenchRunner.Outcome announce(BenchRunner.Outcome o) {
    Evaluation.Figures f = o.figures();
    System.out.printf(Locale.ROOT, "[bench] %-16s %-8s calls=%d wait=%d throttled=%d lagP50=%.2fs lagP99=%.2fs "
            + "wall=%.1fs ideal=%.1fs heapGC=%.1fMiB cpu=%.2fs | %s%n", o.workload().id(), o.contender(),
        f.totalCalls(), f.waitCalls(), f.throttled(), f.lagP50(), f.lagP99(), f.wallSeconds(), f.idealSeconds(),
        f.peakHeapAfterGcMb(), f.cpuSeconds(), o.verdict().summary());
    return o;
  }

  static String markdown(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Run of ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
    sb.append("Machine: ").append(machine()).append("  \n");
    sb.append("Command: `mvn -o -Pbench verify`\n\n");
    sb.append("### Workloads\n\n").append(report.workloadTable()).append('\n');
    sb.append("### Figures\n\nTimes in sandbox seconds (wall-clock seconds x time scale), except CPU (wall clock). "
        + "Wait calls = List + Describe provisioning-status calls.\n\n");
    sb.append(report.figuresTable()).append('\n');
    sb.append("### Targets\n\n").append(report.checksTable()).append('\n');
    sb.append("### Calls per operation\n\n").append(report.operationsTable()).append('\n');
    String problems = report.problems();
    if (!problems.isEmpty()) {
      sb.append("### Problems found\n\n").append(problems).append('\n');
    }
    return sb.toString();
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
