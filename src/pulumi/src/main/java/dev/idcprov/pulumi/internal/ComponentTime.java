package dev.idcprov.pulumi.internal;

import dev.idcprov.waiter.ProvisioningContext;
import java.time.Duration;

/**
 * The length of one "second" of the component's time inputs (deadline, poll interval, request rate): one real second
 * divided by the context's {@link ProvisioningContext#timeScale()}. One real second against AWS; shorter in tests and
 * rehearsals against a sandbox running with a time scale, so that polls and deadlines shrink with the sandbox's clock.
 *
 * @param secondLength the real length of one input second
 */
public record ComponentTime(Duration secondLength) {
  /**
   * @param context the context whose time scale applies
   * @return the component time of that context
   */
  public static ComponentTime of(ProvisioningContext context) {
    return new ComponentTime(Duration.ofNanos(Math.round(1e9 / context.timeScale())));
  }

  /**
   * @param seconds input seconds
   * @return their real duration
   */
  public Duration seconds(long seconds) {
    return secondLength.multipliedBy(seconds);
  }

  /**
   * @param perSecond a rate per input second
   * @return the rate per real second, capped at 1000
   */
  public double perRealSecond(double perSecond) {
    return Math.min(1000.0, perSecond * 1e9 / secondLength.toNanos());
  }

  /**
   * @param d a duration of the library's defaults, in service time
   * @return it in real time, at least 1 ms
   */
  public Duration scaled(Duration d) {
    double factor = secondLength.toNanos() / 1e9;
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(d.toNanos() * factor)));
  }
}
