package dev.idcprov.waiter.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The library's shared scheduler: daemon threads named {@code idcprov-scheduler-N}, created on first use. */
public final class DefaultScheduler {
  /** Threads of the shared pool; SDK calls block one thread each while they run, so there are more threads than cores. */
  static final int THREADS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

  private DefaultScheduler() {
  }

  /** @return the shared scheduler; never shut it down */
  public static ScheduledExecutorService get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "idcprov-scheduler-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, factory);
      pool.setRemoveOnCancelPolicy(true);
      return pool;
    }
  }
}
