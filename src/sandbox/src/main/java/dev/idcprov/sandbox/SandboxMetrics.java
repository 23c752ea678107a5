package dev.idcprov.sandbox;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the sandbox's per-operation counters, taken by {@link SsoAdminSandbox#metrics()}.
 *
 * <p>For each operation: {@code calls} counts every request received; {@code throttled} the requests answered with
 * {@code ThrottlingException} (quota or injected); {@code failed} the other error answers (4xx and 5xx, including
 * signature and validation errors); {@code dropped} the connections closed without an answer on purpose. A request
 * counts in at most one of throttled, failed and dropped.
 *
 * <pre>{@code
 * SandboxMetrics m = sandbox.metrics();
 * long polls = m.operation("DescribePermissionSetProvisioningStatus").calls();
 * System.out.println(m.format());
 * }</pre>
 */
public final class SandboxMetrics {

  /**
   * The counters of one operation, or of all of them.
   *
   * @param calls requests received
   * @param throttled requests answered with {@code ThrottlingException}
   * @param failed requests answered with another error
   * @param dropped connections dropped on purpose
   */
  public record Counts(long calls, long throttled, long failed, long dropped) {
    /** Counters that are all zero. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    /** @return requests answered successfully */
    public long succeeded() {
      return calls - throttled - failed - dropped;
    }

    Counts plus(Counts o) {
      return new Counts(calls + o.calls, throttled + o.throttled, failed + o.failed, dropped + o.dropped);
    }
  }

  private final Map<String, Counts> byOperation;
  private final Counts total;

  /**
   * @param byOperation the counters by operation name; copied
   */
  public SandboxMetrics(Map<String, Counts> byOperation) {
    this.byOperation = Collections.unmodifiableMap(new TreeMap<>(byOperation));
    Counts t = Counts.ZERO;
    for (Counts c : this.byOperation.values()) {
      t = t.plus(c);
    }
    this.total = t;
  }

  /** @return the counters by operation name, sorted by name; operations never called are absent */
  public Map<String, Counts> byOperation() {
    return byOperation;
  }

  /**
   * @param operation an operation name such as {@code ProvisionPermissionSet}
   * @return its counters, {@link Counts#ZERO} when it was never called
   */
  public Counts operation(String operation) {
    return byOperation.getOrDefault(operation, Counts.ZERO);
  }

  /** @return the sums over all operations */
  public Counts total() {
    return total;
  }

  /** @return a table with one row per operation and a total row, for people */
  public String format() {
    int width = "TOTAL".length();
    for (String op : byOperation.keySet()) {
      width = Math.max(width, op.length());
    }
    StringBuilder sb = new StringBuilder();
    String row = "%-" + width + "s %9s %9s %9s %9s%n";
    sb.append(String.format(Locale.ROOT, row, "OPERATION", "CALLS", "THROTTLED", "FAILED", "DROPPED"));
    for (Map.Entry<String, Counts> e : byOperation.entrySet()) {
      Counts c = e.getValue();
      sb.append(String.format(Locale.ROOT, row, e.getKey(), c.calls, c.throttled, c.failed, c.dropped));
    }
    sb.append(String.format(Locale.ROOT, row, "TOTAL", total.calls, total.throttled, total.failed, total.dropped));
    return sb.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
