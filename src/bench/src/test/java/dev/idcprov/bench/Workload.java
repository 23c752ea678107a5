package dev.idcprov.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One benchmark or fault scenario: how many permission sets go to how many accounts, in how many concurrent
 * provisionings, on a sandbox configured with the given quota, durations, faults and time scale.
 *
 * <p>Every duration here is in sandbox time (what the service would take); the wall clock runs
 * {@code timeScale} times faster, and every client-side timing (poll cadence, backoff, rate budget, deadline) is
 * scaled by the same factor, so that a run at scale 10 is the same experiment as a run at scale 1, ten times quicker.
 *
 * @param id                     short name such as {@code W1}
 * @param title                  one-line description for the report
 * @param permissionSets         permission sets created and provisioned
 * @param accounts               target accounts per permission set
 * @param provisionings          concurrent provisioner calls in one process: 1, or one per permission set
 * @param timeScale              sandbox seconds per wall-clock second
 * @param quotaPerSecond         the sandbox's shared request quota, requests per sandbox second
 * @param provisioningMin        shortest provisioning duration (sandbox time)
 * @param provisioningMax        longest provisioning duration (sandbox time)
 * @param faults                 injected faults
 * @param suspendedAccounts      accounts seeded SUSPENDED (their provisioning FAILS)
 * @param accountsWithoutPolicy  ACTIVE accounts seeded without the customer managed policy the sets reference
 *                               (their provisioning FAILS); when above 0 every set references that policy
 * @param seed                   the sandbox's random seed
 * @param deadline               the wait deadline given to each contender (sandbox time)
 * @param kind                   how the run is made: one process, one process per permission set, or an update
 */
public record Workload(String id, String title, int permissionSets, int accounts, int provisionings, double timeScale,
                       double quotaPerSecond, Duration provisioningMin, Duration provisioningMax, Faults faults,
                       int suspendedAccounts, int accountsWithoutPolicy, long seed, Duration deadline, Kind kind) {

  /** How a workload is run. */
  public enum Kind {
    /** One contender process provisions every pair. */
    ONE_PROCESS,
    /** One contender JVM per permission set, all started at once against the same sandbox (W6). */
    PROCESS_PER_SET,
    /**
     * An update (W7): every set is already provisioned to every account (seeded before the timed part), then made
     * outdated by attaching the customer managed policy {@link BenchSandbox#POLICY}; the contenders provision it
     * again. The accounts without that policy FAIL.
     */
    UPDATE
  }

  /** A workload run in one process. */
  public Workload(String id, String title, int permissionSets, int accounts, int provisionings, double timeScale,
                  double quotaPerSecond, Duration provisioningMin, Duration provisioningMax, Faults faults,
                  int suspendedAccounts, int accountsWithoutPolicy, long seed, Duration deadline) {
    this(id, title, permissionSets, accounts, provisionings, timeScale, quotaPerSecond, provisioningMin,
        provisioningMax, faults, suspendedAccounts, accountsWithoutPolicy, seed, deadline, Kind.ONE_PROCESS);
  }

  /**
   * Faults the sandbox injects, and the history it starts with.
   *
   * @param throttleRate      share of requests answered ThrottlingException on top of the quota
   * @param serverErrorRate   share of requests answered InternalServerException (HTTP 500)
   * @param dropRate          share of connections closed without an answer
   * @param listVisibilityLag how stale list operations are (sandbox time)
   * @param listLagVaries     whether each list call draws its own staleness between 0 and the lag (reads that may
   *                          go back in time) instead of all being exactly that stale
   * @param history           finished provisioning requests already in the instance's status history (seeded
   *                          directly), so that the waiter polls as on a large instance
   * @param failedHistory     how many of those {@code history} requests are FAILED
   */
  public record Faults(double throttleRate, double serverErrorRate, double dropRate, Duration listVisibilityLag,
                       boolean listLagVaries, int history, int failedHistory) {
    /** No fault at all. */
    public static final Faults NONE = new Faults(0, 0, 0, Duration.ZERO);

    /** Faults on an instance without history, every list call equally stale. */
    public Faults(double throttleRate, double serverErrorRate, double dropRate, Duration listVisibilityLag) {
      this(throttleRate, serverErrorRate, dropRate, listVisibilityLag, false, 0);
    }

    /** Faults with a history of SUCCEEDED requests only. */
    public Faults(double throttleRate, double serverErrorRate, double dropRate, Duration listVisibilityLag,
                  boolean listLagVaries, int history) {
      this(throttleRate, serverErrorRate, dropRate, listVisibilityLag, listLagVaries, history, 0);
    }

    /** @return a short description such as {@code "throttle 50%"}, or {@code "none"} */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      if (throttleRate > 0) {
        sb.append("throttle ").append(pct(throttleRate)).append(' ');
      }
      if (serverErrorRate > 0) {
        sb.append("5xx ").append(pct(serverErrorRate)).append(' ');
      }
      if (dropRate > 0) {
        sb.append("drop ").append(pct(dropRate)).append(' ');
      }
      if (!listVisibilityLag.isZero()) {
        sb.append("list lag ").append(listLagVaries ? "0-" : "").append(listVisibilityLag.toMillis() / 1000.0)
            .append(" s ");
      }
      if (history > 0) {
        sb.append("history ").append(history)
            .append(failedHistory > 0 ? " (" + failedHistory + " FAILED)" : "").append(' ');
      }
      return sb.length() == 0 ? "none" : sb.toString().trim();
    }

    private static String pct(double p) {
      return Math.round(p * 100) + "%";
    }
  }

  /** Checks the combination. */
  public Workload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(faults, "faults");
    if (provisionings != 1 && provisionings != permissionSets) {
      throw new IllegalArgumentException("provisionings must be 1 or permissionSets (" + permissionSets + "), got "
          + provisionings);
    }
    Objects.requireNonNull(kind, "kind");
    if (suspendedAccounts + accountsWithoutPolicy > accounts) {
      throw new IllegalArgumentException("more failing accounts than accounts");
    }
  }

  /** @return the number of provisioning requests: permission sets times accounts */
  public int requests() {
    return permissionSets * accounts;
  }

  /**
   * @param sandboxTime a duration in sandbox time
   * @return the same duration on the wall clock
   */
  public Duration real(Duration sandboxTime) {
    return Duration.ofNanos(Math.round(sandboxTime.toNanos() / timeScale));
  }

  /** @return a copy with another id and title */
  public Workload named(String newId, String newTitle) {
    return new Workload(newId, newTitle, permissionSets, accounts, provisionings, timeScale, quotaPerSecond,
        provisioningMin, provisioningMax, faults, suspendedAccounts, accountsWithoutPolicy, seed, deadline, kind);
  }

  /** W1: 1 permission set to 100 accounts, provisioning 2-30 s, quota 20 req/s, real time. */
  public static Workload w1() {
    return new Workload("W1", "1 permission set -> 100 accounts, provisioning 2-30 s, quota 20 req/s", 1, 100, 1,
        1.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), Faults.NONE, 0, 0, 1L, Duration.ofMinutes(10));
  }

  /**
   * W1-10k: W1 exactly (same sets, accounts, duration range, seed, real time) on an instance whose status history
   * already holds 10,000 finished (SUCCEEDED) requests, seeded as for W5: the issue-14 target "W1 on a 10k history",
   * where the waiter cannot read the whole history in one pass and resolves each departure from IN_PROGRESS by a
   * Describe.
   *
   * @return the workload
   */
  public static Workload w1On10kHistory() {
    Workload w1 = w1();
    return new Workload("W1-10k", w1.title() + ", on 10000 finished requests of history", w1.permissionSets(),
        w1.accounts(), w1.provisionings(), w1.timeScale(), w1.quotaPerSecond(), w1.provisioningMin(),
        w1.provisioningMax(), new Faults(0, 0, 0, Duration.ZERO, false, 10_000, 0), 0, 0, w1.seed(), w1.deadline());
  }

  /** W2: 5 permission sets to 1,000 accounts (5,000 requests), time scale 10. */
  public static Workload w2() {
    return new Workload("W2", "5 permission sets -> 1,000 accounts (5,000 requests), provisioning 2-30 s", 5, 1000,
        1, 10.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), Faults.NONE, 0, 0, 2L, Duration.ofMinutes(30));
  }

  /** W3: 10 provisionings (one per permission set, 50 accounts each) waiting at once, one shared budget. */
  public static Workload w3() {
    return new Workload("W3", "10 provisionings at once (10 sets x 50 accounts), one shared budget", 10, 50, 10,
        5.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), Faults.NONE, 0, 0, 3L, Duration.ofMinutes(20));
  }

  /** W4: one long request (60-90 s), time scale 10: what one request costs, and how soon it is reported. */
  public static Workload w4() {
    return new Workload("W4", "1 permission set -> 1 account, provisioning 60-90 s (one long request)", 1, 1, 1,
        10.0, 20, Duration.ofSeconds(60), Duration.ofSeconds(90), Faults.NONE, 0, 0, 4L, Duration.ofMinutes(10));
  }

  /**
   * One trial of W4 as repeated trials: one request whose provisioning takes exactly
   * {@code 60 + 30 x trial / (trials - 1)} seconds, each trial with its own seed.
   *
   * @param trial  0-based trial number
   * @param trials number of trials (at least 2)
   * @return the workload, named {@code W4-t<trial+1>}
   */
  public static Workload w4Trial(int trial, int trials) {
    Duration d = Duration.ofMillis(60_000 + 30_000L * trial / (trials - 1));
    return new Workload("W4-t" + (trial + 1), "W4 trial " + (trial + 1) + " of " + trials + ": 1 request, provisioning "
        + d.toMillis() / 1000.0 + " s", 1, 1, 1, 10.0, 20, d, d, Faults.NONE, 0, 0, 400L + trial,
        Duration.ofMinutes(10));
  }

  /**
   * W5: {@code sets} permission sets to {@code accounts} accounts (2-30 s) on an instance whose status history
   * already holds {@code history} finished requests, {@code failedHistory} of them FAILED, time scale 10.
   *
   * @param id            the workload id
   * @param sets          permission sets
   * @param accounts      accounts per set
   * @param history       finished requests in the history before the run
   * @param failedHistory how many of them FAILED
   * @return the workload
   */
  public static Workload w5(String id, int sets, int accounts, int history, int failedHistory) {
    return new Workload(id, sets + " permission set(s) -> " + accounts + " accounts, provisioning 2-30 s, on "
        + history + " finished requests of history" + (failedHistory > 0 ? " (" + failedHistory + " FAILED)" : ""),
        sets, accounts, 1, 10.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30),
        new Faults(0, 0, 0, Duration.ZERO, false, history, failedHistory), 0, 0, 5L, Duration.ofMinutes(30));
  }

  /** @return every W5 variant: 100 requests on 10k and 50k, on 10k with 1k FAILED, 5,000 requests on 50k */
  public static List<Workload> w5All() {
    return List.of(w5("W5-100-10k", 1, 100, 10_000, 0), w5("W5-100-50k", 1, 100, 50_000, 0),
        w5("W5-100-10k-1kfailed", 1, 100, 10_000, 1_000), w5("W5-5000-50k", 5, 1000, 50_000, 0));
  }

  /**
   * W6: five contender JVMs at once against one sandbox (20 req/s quota), each provisioning its own permission set
   * to the same 1,000 accounts.
   */
  public static Workload w6() {
    return new Workload("W6", "5 processes (JVMs) at once, each 1 permission set -> 1,000 accounts, one quota", 5,
        1000, 5, 10.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), Faults.NONE, 0, 0, 6L,
        Duration.ofMinutes(30), Kind.PROCESS_PER_SET);
  }

  /**
   * W7: an update. 5 sets already provisioned to 1,000 accounts each, all outdated by a policy change (a customer
   * managed policy attached), provisioned again; every account has the policy, so every pair succeeds.
   *
   * @return the workload
   */
  public static Workload w7() {
    return new Workload("W7", "update: 5 sets provisioned to 1,000 accounts each, all outdated by a policy change, "
        + "provisioned again", 5, 1000, 5, 10.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), Faults.NONE, 0, 0,
        7L, Duration.ofMinutes(30), Kind.UPDATE);
  }

  /**
   * W7-failing: W7 where 3 accounts lack the attached policy, so 15 (set, account) pairs FAIL: what it costs to
   * report every failure with its account and reason.
   *
   * @return the workload
   */
  public static Workload w7Failing() {
    return new Workload("W7-failing", "update as W7, 3 accounts lack the policy (15 failing pairs)", 5, 1000, 5,
        10.0, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), Faults.NONE, 0, 3, 7L, Duration.ofMinutes(30),
        Kind.UPDATE);
  }

  /**
   * A fault scenario.
   *
   * @param id        scenario name
   * @param accounts  accounts per permission set (2 permission sets)
   * @param timeScale time scale
   * @param faults    faults to inject
   * @param suspended SUSPENDED accounts
   * @param noPolicy  accounts lacking the customer managed policy
   * @return the workload
   */
  public static Workload fault(String id, int accounts, double timeScale, Faults faults, int suspended, int noPolicy) {
    return new Workload(id, "fault: " + faults.describe()
        + (suspended + noPolicy > 0 ? ", " + suspended + " suspended + " + noPolicy + " without policy" : "")
        + ", 2 sets x " + accounts + " accounts", 2, accounts, 2, timeScale, 20, Duration.ofSeconds(2),
        Duration.ofSeconds(30), faults, suspended, noPolicy, 42L + id.hashCode(), Duration.ofMinutes(20));
  }
}
