package dev.idcprov.bench;

import java.time.Duration;
import java.util.List;

/** The fault-injection scenarios of issue 5, at a quick size (the normal build) or a large one (the harness). */
final class FaultScenarios {
  private FaultScenarios() {
  }

  /**
   * @param accounts  accounts per permission set (two permission sets)
   * @param timeScale time scale
   * @param prefix    id prefix, e.g. {@code F}
   * @return one workload per fault
   */
  static List<Workload> all(int accounts, double timeScale, String prefix) {
    int failing = Math.max(1, accounts / 10);
    return List.of(
        Workload.fault(prefix + "1-throttle50", accounts, timeScale,
            new Workload.Faults(0.5, 0, 0, Duration.ZERO), 0, 0),
        Workload.fault(prefix + "2-5xx10", accounts, timeScale,
            new Workload.Faults(0, 0.1, 0, Duration.ZERO), 0, 0),
        Workload.fault(prefix + "3-drop5", accounts, timeScale,
            new Workload.Faults(0, 0, 0.05, Duration.ZERO), 0, 0),
        Workload.fault(prefix + "4-listlag3s", accounts, timeScale,
            new Workload.Faults(0, 0, 0, Duration.ofSeconds(3)), 0, 0),
        Workload.fault(prefix + "5-failed-mixed", accounts, timeScale, Workload.Faults.NONE, failing, failing),
        Workload.fault(prefix + "6-everything", accounts, timeScale,
            new Workload.Faults(0.3, 0.1, 0.05, Duration.ofSeconds(3)), failing, failing),
        // a large instance (200 finished requests: polled with the IN_PROGRESS and FAILED filters, success inferred
        // from absence) whose list answers are each 0-4 s stale, so a later answer may show an older state
        // (at most 10x: calls must be quicker than the lag for a stale answer to overtake a fresh one)
        Workload.fault(prefix + "7-stale-reads", accounts, Math.min(timeScale, 10),
            new Workload.Faults(0, 0, 0, Duration.ofSeconds(4), true, 200), 2 * failing, 2 * failing));
  }
}
