package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.CallerBuilder;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.WaitOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Blocking reads outside any wait (the status reader's, the permission set catalog's): each runs through a call
 * boundary of its own on the instance's budget, with the counted retries of {@link WaitOptions#maxRetries()},
 * stopped when the read ends, and ends with {@code ProvisioningInterruptedException} when the context closes first.
 */
public final class OneOffCalls {
  private final CallerBuilder.CallerSettings settings;
  private final RetrySpec retry;

  /**
   * @param settings the client, context and budgets of the caller
   * @param options  the retry settings ({@code maxRetries}, {@code retryBaseDelay}, {@code retryMaxDelay})
   */
  public OneOffCalls(CallerBuilder.CallerSettings settings, WaitOptions options) {
    this.settings = settings;
    this.retry = new RetrySpec(options.maxRetries(), options.retryBaseDelay(), options.retryMaxDelay());
  }

  /**
   * Runs one read and waits for it.
   *
   * @param instanceArn the instance whose budget the calls draw on
   * @param read        the read, given its call boundary
   * @param pending     what the read waits for, named if the context closes first
   * @param <T>         the result type
   * @return the read's result
   */
  public <T> T run(String instanceArn, Function<ApiCaller, CompletableFuture<T>> read,
                   Supplier<List<String>> pending) {
    ProvisioningContext context = settings.context();
    ApiCaller api = new ApiCaller(settings.client(), context.timer(), context.ioExecutor(),
        settings.budgetFor(instanceArn), retry);
    CompletableFuture<T> f = read.apply(api);
    f.whenComplete((r, e) -> api.stop());
    return Futures.await(context.endOnClose(f, pending), pending);
  }
}
