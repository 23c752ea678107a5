package dev.idcprov.waiter.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Lets concurrent waits of one context on the same client object and instance share list passes (never across
 * clients: a pass read with one client's credentials must not answer, or fail, a wait on another's; components that
 * should share passes share a client): a wait that needs
 * a pass joins one another wait started recently (or has in flight) instead of listing again, so ten waits
 * cost about the list calls of one. A pass is joined only when it is ordered correctly for the joiner: begun
 * after any pass the joiner must follow (a departures pass after its IN_PROGRESS pass) and after the joiner's
 * previous pass of that kind.
 */
public final class SharedPasses {
  /** Orders pass starts and ends across every wait of the context. */
  private final AtomicLong ticker = new AtomicLong();

  /** The latest pass per client and pass key; a client no longer used is forgotten with its passes. */
  private final Map<SsoAdminClient, Map<String, Shared>> latest = new WeakHashMap<>();

  /** An empty registry; one per {@link dev.idcprov.waiter.ProvisioningContext}. */
  public SharedPasses() {
  }

  /** @return the next tick of this registry's order */
  long tick() {
    return ticker.incrementAndGet();
  }

  /** A pass someone started: when, how far it may read, and its (future) result. */
  record Shared(long startSeq, Instant startedAt, int maxPages, CompletableFuture<ListPass> result) {
  }

  /**
   * Joins a suitable pass, or starts one with {@code fetch}.
   *
   * @param client      the client (passes are never shared across clients)
   * @param key         instance, filter and page size
   * @param maxPages    pages the caller would read at most
   * @param afterSeq    the pass must have started after this tick
   * @param freshSince  the pass must have started at or after this instant
   * @param now         the current instant
   * @param fetch       starts a pass of the caller's own, given its start tick
   * @return the pass
   */
  CompletableFuture<ListPass> join(SsoAdminClient client, String key, int maxPages, long afterSeq,
                                   Instant freshSince, Instant now, LongFunction<CompletableFuture<ListPass>> fetch) {
    synchronized (latest) {
      Map<String, Shared> byKey = latest.computeIfAbsent(client, c -> new HashMap<>());
      Shared s = byKey.get(key);
      if (s != null && s.startSeq > afterSeq && !s.startedAt.isBefore(freshSince) && s.maxPages >= maxPages
          && !s.result.isCompletedExceptionally()) {
        return s.result;
      }
      long seq = tick();
      CompletableFuture<ListPass> result = fetch.apply(seq);
      byKey.put(key, new Shared(seq, now, maxPages, result));
      return result;
    }
  }
}
