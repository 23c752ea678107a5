package dev.idcprov.waiter.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Lets concurrent waits of one context on the same client and instance share list passes: a wait that needs
 * a pass joins one another wait started recently (or has in flight) instead of listing again, so ten waits
 * cost about the list calls of one. A pass is joined only when it is ordered correctly for the joiner: begun
 * after any pass the joiner must follow (a FAILED pass after its IN_PROGRESS pass) and after the joiner's
 * previous pass of that kind.
 */
public final class SharedPasses {
  /** Orders pass starts and ends across every wait of the context. */
  private final AtomicLong ticker = new AtomicLong();

  /** The latest pass per client endpoint and pass key. */
  private final Map<String, Shared> latest = new HashMap<>();

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
   * @param client      the client (passes are shared only between clients of one region and endpoint)
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
    String fullKey = endpointOf(client) + "|" + key;
    synchronized (latest) {
      Shared s = latest.get(fullKey);
      if (s != null && s.startSeq > afterSeq && !s.startedAt.isBefore(freshSince) && s.maxPages >= maxPages
          && !s.result.isCompletedExceptionally()) {
        return s.result;
      }
      long seq = tick();
      CompletableFuture<ListPass> result = fetch.apply(seq);
      latest.put(fullKey, new Shared(seq, now, maxPages, result));
      return result;
    }
  }

  /** Where a client's calls go: its region and endpoint override (passes read through one are valid for another). */
  private static String endpointOf(SsoAdminClient client) {
    try {
      var config = client.serviceClientConfiguration();
      return config.region() + "|" + config.endpointOverride().map(Object::toString).orElse("");
    } catch (RuntimeException e) {
      // a client without configuration (a test double): passes are shared only with itself
      return "client@" + System.identityHashCode(client);
    }
  }
}
