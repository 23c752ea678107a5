package dev.idcprov.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The large fault runs of issue 9 recorded in docs/BENCHMARKS.md: 2 permission sets x 150 accounts (300 targets)
 * at time scale 50, each checked against the sandbox's record. Part of the benchmark harness (tag {@code bench}),
 * and even there off unless asked for (minutes of wall time): run with
 * {@code mvn -o -Pbench -pl src/bench -am verify -Dtest=AcceptedRequestsLargeRunsTest -Dbench.ledger=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "bench.ledger", matches = "true")
class AcceptedRequestsLargeRunsTest {
  static final int ACCOUNTS = 150;
  static final double TIME_SCALE = 50;

  @Test
  void largeFaultRuns_loseNothing_duplicateNothing_reportNoFalseSuccess() {
    List<AcceptedRequestsCheck.Figures> runs = List.of(
        AcceptedRequestsCheck.run("L3-thr50-5xx10-drops5+5", ACCOUNTS, TIME_SCALE, 0.5, 0.1, 0.05, 0.05, 0),
        AcceptedRequestsCheck.run("L1-dropafter10", ACCOUNTS, TIME_SCALE, 0, 0, 0.10, 0, 0),
        AcceptedRequestsCheck.run("L2-dropafter5-before5", ACCOUNTS, TIME_SCALE, 0, 0, 0.05, 0.05, 0),
        AcceptedRequestsCheck.run("L4-kill40-rerun", ACCOUNTS, 10, 0, 0, 0, 0, 40),
        AcceptedRequestsCheck.run("L5-kill40-rerun-drop5", ACCOUNTS, 10, 0, 0, 0.05, 0, 40));
    runs.forEach(System.out::println);
    for (AcceptedRequestsCheck.Figures f : runs) {
      assertThat(f.lost()).as(f.toString()).isZero();
      assertThat(f.duplicated()).as(f.toString()).isZero();
      assertThat(f.falseSucc()).as(f.toString()).isZero();
    }
  }
}
