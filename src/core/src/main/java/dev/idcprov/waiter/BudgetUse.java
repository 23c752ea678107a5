package dev.idcprov.waiter;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An open use of an instance's budget: see {@link ProvisioningContext#useBudget(String, double)}. */
public final class BudgetUse implements AutoCloseable {
  private final RequestBudget budget;
  private final int others;
  private final AtomicInteger users;
  private final Object lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  BudgetUse(RequestBudget budget, int others, AtomicInteger users, Object lock) {
    this.budget = budget;
    this.others = others;
    this.users = users;
    this.lock = lock;
  }

  /** @return the budget */
  public RequestBudget budget() {
    return budget;
  }

  /** @return how many other uses of the budget were open when this one started */
  public int others() {
    return others;
  }

  /** Ends this use. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (lock) {
        users.decrementAndGet();
      }
    }
  }
}
