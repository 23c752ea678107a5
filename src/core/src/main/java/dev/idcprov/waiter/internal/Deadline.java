package dev.idcprov.waiter.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A wait's deadline: {@code timeout} after the opening, moved to {@code timeout} after each request added and after
 * the seal, measured on the injected clock. Its task runs {@code onDeadline} once armed; a task that finds the
 * deadline moved since it was scheduled schedules itself again. Guarded by the session's lock, under which a round
 * task also reads {@link #passed()} before it starts its round.
 */
final class Deadline {
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final Runnable onDeadline;
  private volatile Instant at;
  /** The task; null until {@link #arm()}. */
  private volatile Future<?> task;

  Deadline(Clock clock, ScheduledExecutorService scheduler, Duration timeout, Runnable onDeadline) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.onDeadline = onDeadline;
    this.at = clock.instant().plus(timeout);
  }

  /** Schedules the task, unless armed already. */
  void arm() {
    if (task == null) {
      schedule();
    }
  }

  /** Moves the deadline to {@code timeout} from now; an armed task notices when it fires. */
  void restart() {
    at = clock.instant().plus(timeout);
  }

  /** Moves the deadline to {@code timeout} from now and, if armed, schedules the task for it at once. */
  void restartAndReschedule() {
    restart();
    if (task != null) {
      schedule();
    }
  }

  /** @return the deadline as it stands (it moves while requests are added) */
  Instant at() {
    return at;
  }

  /** @return whether the deadline has passed */
  boolean passed() {
    return !clock.instant().isBefore(at);
  }

  /** The task fired before the deadline (it moved): schedules it again, if armed. */
  void firedEarly() {
    if (task != null) {
      schedule();
    }
  }

  /** Cancels the task. */
  void cancel() {
    Future<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }

  private void schedule() {
    cancel();
    long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
    task = scheduler.schedule(onDeadline, nanos, TimeUnit.NANOSECONDS);
  }
}
