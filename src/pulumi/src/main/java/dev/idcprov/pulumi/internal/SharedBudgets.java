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
  private static final Map<Object, Map<String, Shared>> BY_RUN = new WeakHashMap<>();

  private SharedBudgets() {
  }

  /**
   * A budget as handed to one component.
   *
   * @param budget               the shared budget
   * @param requestedRateIgnored whether the component's requested rate differs from the budget's
   * @param sharers              how many components of the run use it so far, this one included
   */
  public record Choice(RequestBudget budget, boolean requestedRateIgnored, int sharers) {
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
    Map<String, Shared> budgets = BY_RUN.computeIfAbsent(run, r -> new HashMap<>());
    double rate = ComponentTime.perRealSecond(
        requestsPerSecond == null ? RequestBudget.DEFAULT_REQUESTS_PER_SECOND : requestsPerSecond);
    Shared shared = budgets.get(instanceArn);
    if (shared != null) {
      shared.sharers++;
      return new Choice(shared.budget, requestsPerSecond != null && shared.budget.requestsPerSecond() != rate,
          shared.sharers);
    }
    shared = new Shared(RequestBudget.of(rate));
    budgets.put(instanceArn, shared);
    return new Choice(shared.budget, false, 1);
  }

  private static final class Shared {
    private final RequestBudget budget;
    private int sharers = 1;

    private Shared(RequestBudget budget) {
      this.budget = budget;
    }
  }
}
