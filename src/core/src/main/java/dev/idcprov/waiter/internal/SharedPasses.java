package dev.idcprov.waiter.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Lets concurrent waits of one process on the same client and instance share list passes: a wait that needs
 * a pass joins one another wait started recently (or has in flight) instead of listing again, so ten waits
 * cost about the list calls of one. A pass is joined only when it is ordered correctly for the joiner: begun
 * after any pass the joiner must follow (a FAILED pass after its IN_PROGRESS pass) and after the joiner's
 * previous pass of that kind.
 */
final class SharedPasses {
  /** Orders pass starts and ends across every wait of the process. */
  static final AtomicLong TICKER = new AtomicLong();

  private static final Map<SsoAdminClient, Map<String, Shared>> LATEST =
      Collections.synchronizedMap(new WeakHashMap<>());

  private SharedPasses() {
  }

  /** A pass someone started: when, how far it may read, and its (future) result. */
  record Shared(long startSeq, Instant startedAt, int maxPages, CompletableFuture<WaitSession.Pass> result) {
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
  static CompletableFuture<WaitSession.Pass> join(SsoAdminClient client, String key, int maxPages, long afterSeq,
                                                  Instant freshSince, Instant now,
                                                  LongFunction<CompletableFuture<WaitSession.Pass>> fetch) {
    synchronized (LATEST) {
      Map<String, Shared> byKey = LATEST.computeIfAbsent(client, c -> new HashMap<>());
      Shared s = byKey.get(key);
      if (s != null && s.startSeq > afterSeq && !s.startedAt.isBefore(freshSince) && s.maxPages >= maxPages
          && !s.result.isCompletedExceptionally()) {
        return s.result;
      }
      long seq = TICKER.incrementAndGet();
      CompletableFuture<WaitSession.Pass> result = fetch.apply(seq);
      byKey.put(key, new Shared(seq, now, maxPages, result));
      return result;
    }
  }
}
