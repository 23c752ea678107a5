package dev.idcprov.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one contender observed and spent in one run: the status it reported for each request and when, errors, and
 * its process's CPU time and heap. Mutable plain fields so that Gson can carry it back from a forked JVM.
 */
public final class ContenderRun {
  /** One status a contender reported. Times are epoch microseconds (wall clock). */
  public record Report(String requestId, String permissionSetArn, String accountId, String status,
                       String failureReason, long reportedAtMicros) {
  }

  /** Calls of one operation as the contender's own SDK client saw them (one per HTTP attempt). */
  public static final class Calls {
    /** HTTP attempts sent. */
    public long sent;
    /** Attempts answered ThrottlingException. */
    public long throttled;
  }

  /** Operation name to the calls this process sent (client side: per process, where the sandbox sees all). */
  public Map<String, Calls> clientCalls = new TreeMap<>();

  /** Contender name. */
  public String contender;
  /** Workload id. */
  public String workloadId;
  /** When the contender started its first call, epoch microseconds. */
  public long startMicros;
  /** When the contender returned, epoch microseconds. */
  public long endMicros;
  /** Every status reported. */
  public List<Report> reports = new ArrayList<>();
  /**
   * Per-account statuses the contender derived from a request that covered several accounts (ours: the report's
   * {@code accountResults()} through an ALL_PROVISIONED_ACCOUNTS request), reported when the run ended. Counted by
   * the per-pair check of an update, never in lag (the request's own status is in {@link #reports}).
   */
  public List<Report> accountResults = new ArrayList<>();
  /** Request ids the contender learned from ProvisionPermissionSet. */
  public List<String> submitted = new ArrayList<>();
  /** Errors the contender raised (exception class and message), one per failed unit of work. */
  public List<String> errors = new ArrayList<>();
  /** Request ids the contender gave up on at its deadline. */
  public List<String> timedOut = new ArrayList<>();
  /** Process CPU time spent during the run, nanoseconds (-1 when unknown). */
  public long cpuNanos = -1;
  /** Highest heap use sampled during the run, bytes. */
  public long peakHeapUsedBytes;
  /** Highest heap occupancy right after a garbage collection, bytes (0 when no GC ran). */
  public long peakHeapAfterGcBytes;
  /** Garbage collections during the run. */
  public long gcCount;
  /** The JVM's maximum heap, bytes. */
  public long maxHeapBytes;
  /** Whether the run was forked into its own JVM (heap and CPU then belong to the contender alone). */
  public boolean forked;

  /** @return wall-clock run time in seconds */
  public double wallSeconds() {
    return (endMicros - startMicros) / 1e6;
  }

  /** @param r a report to add; thread-safe */
  public synchronized void report(Report r) {
    reports.add(r);
  }

  /** @param r a per-account status derived from a request covering several accounts; thread-safe */
  public synchronized void accountResult(Report r) {
    accountResults.add(r);
  }

  /**
   * @param operation the operation of one HTTP attempt
   * @param throttled whether it was answered ThrottlingException
   */
  public synchronized void called(String operation, boolean throttled) {
    Calls c = clientCalls.computeIfAbsent(operation, k -> new Calls());
    c.sent++;
    if (throttled) {
      c.throttled++;
    }
  }

  /** @param requestId a submitted request id to add; thread-safe */
  public synchronized void submitted(String requestId) {
    submitted.add(requestId);
  }

  /** @param error an error to add; thread-safe */
  public synchronized void error(String error) {
    errors.add(error);
  }

  /** @param requestId a request id given up at the deadline; thread-safe */
  public synchronized void timedOut(String requestId) {
    timedOut.add(requestId);
  }
}
