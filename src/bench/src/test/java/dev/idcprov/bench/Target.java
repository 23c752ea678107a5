package dev.idcprov.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a contender is asked to do, on the wall clock: provision these permission sets to these accounts through the
 * sandbox at this endpoint. Plain fields so that Gson can hand it to a forked JVM.
 *
 * @param workloadId       the workload's id
 * @param endpoint         the sandbox endpoint
 * @param instanceArn      the instance ARN
 * @param permissionSetArns the permission sets
 * @param accountIds       the target accounts of every permission set
 * @param provisionings    concurrent provisioner calls (1, or one per permission set)
 * @param timeScale        sandbox seconds per wall-clock second; every client timing is divided by it
 * @param quotaPerSecond   the service quota in requests per sandbox second
 * @param deadlineMillis   the wait deadline, wall-clock milliseconds
 * @param update           an update: every pair is already provisioned with an older version; contenders that can
 *                         target every provisioned account of a set at once may do so
 */
public record Target(String workloadId, String endpoint, String instanceArn, List<String> permissionSetArns,
                     List<String> accountIds, int provisionings, double timeScale, double quotaPerSecond,
                     long deadlineMillis, boolean update) {

  /**
   * @param permissionSetArn one of this target's permission sets
   * @return the same target restricted to that set, provisioned in one call (one forked process of W6)
   */
  public Target onlySet(String permissionSetArn) {
    return new Target(workloadId, endpoint, instanceArn, List.of(permissionSetArn), accountIds, 1, timeScale,
        quotaPerSecond, deadlineMillis, update);
  }

  /** @return the endpoint as a URI */
  public URI endpointUri() {
    return URI.create(endpoint);
  }

  /** @return the wait deadline on the wall clock */
  public Duration deadline() {
    return Duration.ofMillis(deadlineMillis);
  }

  /**
   * @param sandboxTime a duration in sandbox time
   * @return the same duration on the wall clock, at least one millisecond
   */
  public Duration scaled(Duration sandboxTime) {
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(sandboxTime.toNanos() / timeScale)));
  }

  /**
   * @param perSandboxSecond a rate in sandbox time
   * @return the same rate on the wall clock
   */
  public double scaledRate(double perSandboxSecond) {
    return perSandboxSecond * timeScale;
  }

  /** @return every (permission set, account) pair, permission set by permission set */
  public List<String[]> pairs() {
    List<String[]> out = new ArrayList<>(permissionSetArns.size() * accountIds.size());
    for (String ps : permissionSetArns) {
      for (String a : accountIds) {
        out.add(new String[] {ps, a});
      }
    }
    return out;
  }

  /** @return the number of (permission set, account) pairs */
  public int requestCount() {
    return permissionSetArns.size() * accountIds.size();
  }
}
