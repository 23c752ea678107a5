package dev.idcprov.pulumi.internal;

import dev.idcprov.waiter.RequestBudget;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * One {@link RequestBudget} per IAM Identity Center instance per Pulumi program run, shared by every component
 * of the run that targets that instance. The first component to use an instance sets the rate.
 */
public final class SharedBudgets {
  private static final Map<Object, Map<String, RequestBudget>> BY_RUN = new WeakHashMap<>();

  private SharedBudgets() {
  }

  /** A budget and whether a requested rate was overridden by an earlier component's. */
  public record Choice(RequestBudget budget, boolean requestedRateIgnored) {
  }

  /**
   * @param run               identifies the program run (its deployment); held weakly
   * @param instanceArn       the instance
   * @param requestsPerSecond the rate per input second asked for, or null for the default
   * @return the run's budget for the instance
   */
  public static synchronized Choice budgetFor(Object run, String instanceArn, Double requestsPerSecond) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(instanceArn, "instanceArn");
    Map<String, RequestBudget> budgets = BY_RUN.computeIfAbsent(run, r -> new HashMap<>());
    double rate = ComponentTime.perRealSecond(
        requestsPerSecond == null ? RequestBudget.DEFAULT_REQUESTS_PER_SECOND : requestsPerSecond);
    RequestBudget existing = budgets.get(instanceArn);
    if (existing != null) {
      return new Choice(existing, requestsPerSecond != null && existing.requestsPerSecond() != rate);
    }
    RequestBudget budget = RequestBudget.of(rate);
    budgets.put(instanceArn, budget);
    return new Choice(budget, false);
  }
}
