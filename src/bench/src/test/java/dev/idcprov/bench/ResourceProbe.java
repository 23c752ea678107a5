package dev.idcprov.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures this JVM during a run: process CPU time (OperatingSystemMXBean), heap used sampled every 20 ms
 * (MemoryMXBean) and heap occupancy right after each garbage collection (GC notifications).
 */
final class ResourceProbe implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong gcs = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;
  private final long cpuStart;
  private final long gcStart;
  private final Thread sampler;
  private volatile boolean running = true;

  ResourceProbe() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
    gcStart = gcCount();
    cpuStart = processCpu();
    sampler = new Thread(() -> {
      while (running) {
        peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long after = 0;
    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      String pool = e.getKey();
      if (pool.contains("Eden") || pool.contains("Survivor") || pool.contains("Old") || pool.contains("Tenured")
          || pool.contains("Heap")) {
        MemoryUsage u = e.getValue();
        after += u.getUsed();
      }
    }
    peakAfterGc.accumulateAndGet(after, Math::max);
  }

  /** Stops sampling and writes the figures into {@code run}. */
  void finish(ContenderRun run) {
    running = false;
    sampler.interrupt();
    peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    long cpu = processCpu();
    run.cpuNanos = cpu < 0 || cpuStart < 0 ? -1 : cpu - cpuStart;
    run.peakHeapUsedBytes = peakUsed.get();
    run.peakHeapAfterGcBytes = peakAfterGc.get();
    run.gcCount = gcCount() - gcStart;
    run.maxHeapBytes = memory.getHeapMemoryUsage().getMax();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
