package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.ProvisioningException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Blocking on the library's futures: the sync twins of the async methods. */
public final class Futures {
  private Futures() {
  }

  /**
   * Blocks for a future of this library: returns its value, rethrows its {@link ProvisioningException} as is,
   * and on interrupt cancels it, sets the interrupt flag again and throws
   * {@link ProvisioningInterruptedException}.
   *
   * @param future  the future
   * @param pending names the requests still pending, for the interrupt exception
   * @param <T>     the result type
   * @return the future's value
   * @throws ProvisioningException            the future's failure
   * @throws ProvisioningInterruptedException if the thread was interrupted, or the future cancelled
   */
  public static <T> T await(CompletableFuture<T> future, Supplier<List<String>> pending) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ProvisioningInterruptedException(pending.get(), e);
    } catch (CancellationException e) {
      throw new ProvisioningInterruptedException(pending.get(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CancellationException c) {
        throw new ProvisioningInterruptedException(pending.get(), c);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

}
