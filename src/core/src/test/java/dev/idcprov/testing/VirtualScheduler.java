package dev.idcprov.testing;

import dev.idcprov.waiter.ProvisioningContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic virtual-time {@link ScheduledExecutorService} for tests. One driver thread runs the tasks in
 * (time, submission) order and jumps the virtual clock to each task's time, so a wait of minutes takes
 * milliseconds. Every delay asked for is recorded. Cancelling a running task with interruption interrupts the
 * driver thread, as a real pool would.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  /** Virtual time zero. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Object lock = new Object();
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final List<Duration> delays = new ArrayList<>();
  private final Thread driver;
  private volatile long nowNanos;
  private long seq;
  private volatile boolean shutdown;

  /** Starts the driver thread. */
  public VirtualScheduler() {
    driver = new Thread(this::drive, "virtual-scheduler");
    driver.setDaemon(true);
    driver.start();
  }

  /**
   * A context that runs everything in this virtual time: its clock, this scheduler as the timer and as the I/O
   * executor (so every SDK call runs on the driver thread, in order).
   *
   * @return the context
   */
  public ProvisioningContext context() {
    return ProvisioningContext.builder().clock(clock()).timer(this).ioExecutor(this).build();
  }

  /** @return a clock that reads the virtual time */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return EPOCH.plusNanos(nowNanos);
      }
    };
  }

  /** @return virtual time elapsed since {@link #EPOCH} */
  public Duration elapsed() {
    return Duration.ofNanos(nowNanos);
  }

  /** @return every delay asked for, in order */
  public List<Duration> requestedDelays() {
    synchronized (lock) {
      return List.copyOf(delays);
    }
  }

  /** @return tasks waiting to run */
  public int queued() {
    synchronized (lock) {
      return (int) queue.stream().filter(t -> !t.isDone()).count();
    }
  }

  private void drive() {
    while (true) {
      Task<?> next;
      synchronized (lock) {
        while (queue.isEmpty() && !shutdown) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // a cancelled task's interrupt arriving late: ignore
          }
        }
        if (shutdown) {
          return;
        }
        next = queue.poll();
        if (next.isDone()) {
          continue;
        }
        nowNanos = Math.max(nowNanos, next.time);
      }
      Thread.interrupted();
      next.run();
      Thread.interrupted();
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(() -> {
      command.run();
      return null;
    }, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    long d = Math.max(0, unit.toNanos(delay));
    synchronized (lock) {
      delays.add(Duration.ofNanos(d));
      Task<V> t = new Task<>(callable, nowNanos + d, seq++);
      queue.add(t);
      lock.notifyAll();
      return t;
    }
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      lock.notifyAll();
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && !driver.isAlive();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    driver.join(unit.toMillis(timeout));
    return !driver.isAlive();
  }

  /** A scheduled task. */
  private final class Task<V> implements ScheduledFuture<V>, Runnable {
    final Callable<V> callable;
    final long time;
    final long order;
    private final java.util.concurrent.CompletableFuture<V> result = new java.util.concurrent.CompletableFuture<>();
    private volatile Thread runner;

    Task(Callable<V> callable, long time, long order) {
      this.callable = callable;
      this.time = time;
      this.order = order;
    }

    @Override
    public void run() {
      if (result.isDone()) {
        return;
      }
      runner = Thread.currentThread();
      try {
        result.complete(callable.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      } finally {
        runner = null;
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(time - nowNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> t = (Task<?>) o;
      int c = Long.compare(time, t.time);
      return c != 0 ? c : Long.compare(order, t.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = result.cancel(false);
      Thread r = runner;
      if (cancelled && mayInterruptIfRunning && r != null) {
        r.interrupt();
      }
      return cancelled;
    }

    @Override
    public boolean isCancelled() {
      return result.isCancelled();
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return result.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
        java.util.concurrent.TimeoutException {
      return result.get(timeout, unit);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return "Task@" + time + (result.isCancelled() ? " cancelled" : "");
    }
  }

  /** @throws CancellationException never; present for symmetry with real pools */
  @Override
  public String toString() {
    return "VirtualScheduler{now=" + elapsed() + ", queued=" + queued() + '}';
  }
}
