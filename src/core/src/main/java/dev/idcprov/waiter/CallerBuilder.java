package dev.idcprov.waiter;

import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The settings every builder of an object that calls SSO Admin takes: the client, the {@link ProvisioningContext}
 * (default: {@link ProvisioningContext#defaultContext()}) and, optionally, a rate budget that replaces the context's
 * budget of the instance.
 *
 * @param <B> the concrete builder
 */
public abstract class CallerBuilder<B extends CallerBuilder<B>> {
  private SsoAdminClient client;
  private ProvisioningContext context = ProvisioningContext.defaultContext();
  private RequestBudget budget;

  /** For subclasses. */
  protected CallerBuilder() {
  }

  /**
   * @param client the SSO Admin client; not closed by what is built
   * @return this builder
   * @throws NullPointerException if null
   */
  public B client(SsoAdminClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return self();
  }

  /**
   * @param context the clock, timer, I/O executor, rate budgets and shared list passes to use (default:
   *                {@link ProvisioningContext#defaultContext()})
   * @return this builder
   * @throws NullPointerException if null
   */
  public B context(ProvisioningContext context) {
    this.context = Objects.requireNonNull(context, "context");
    return self();
  }

  /**
   * @param budget the rate budget every call draws on, instead of the context's budget of the instance
   * @return this builder
   * @throws NullPointerException if null
   */
  public B requestBudget(RequestBudget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    return self();
  }

  /** @return this builder, typed */
  protected abstract B self();

  /**
   * @return the settings given
   * @throws IllegalStateException if no client was set
   */
  protected final CallerSettings settings() {
    if (client == null) {
      throw new IllegalStateException("client is required");
    }
    return new CallerSettings(client, context, budget);
  }

  /**
   * The settings a builder was given.
   *
   * @param client  the client
   * @param context the context
   * @param budget  the budget that replaces the context's, or null
   */
  public record CallerSettings(SsoAdminClient client, ProvisioningContext context, RequestBudget budget) {
    /**
     * @param instanceArn the instance
     * @return the given budget, else the context's budget of the instance
     */
    public RequestBudget budgetFor(String instanceArn) {
      return budget != null ? budget : context.budget(instanceArn);
    }
  }
}
