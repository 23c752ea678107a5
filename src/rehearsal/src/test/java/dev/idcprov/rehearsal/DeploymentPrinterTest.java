package dev.idcprov.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class DeploymentPrinterTest {
  private static final long S = 1_000_000_000L;

  @Test
  void heartbeat_afterThirtySecondsOfSilenceDuringARun_onlyThen() {
    // Given a printer on a clock the test moves
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DeploymentPrinter printer = new DeploymentPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), "p-s",
        now::get, false);

    // When an update runs, logs a line at 10 s, and nothing after it
    printer.startRun(false);
    now.set(10 * S);
    printer.log(new ProgramRun.LogLine(Level.INFO, "[c] waiting: 0/2 accounts provisioned"));
    now.set(39 * S);
    printer.beat();
    String before = bytes.toString(StandardCharsets.UTF_8);
    now.set(40 * S);
    printer.beat();
    String after = bytes.toString(StandardCharsets.UTF_8);

    // Then the heartbeat comes 30 s after the last line, with the wall time since the run started
    assertThat(before).doesNotContain("still updating");
    assertThat(after).contains("... still updating: 40s of wall time so far");
    assertThat(after).contains("+  pulumi:pulumi:Stack", "p-s");

    // and none once the run is over
    printer.finishRun(new ProgramRun.Outcome(0, Map.of(), List.of(), List.of()), Duration.ofSeconds(41));
    now.set(200 * S);
    printer.beat();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).containsOnlyOnce("still updating")
        .contains("Duration: 41.0s (wall time)");
  }
}
