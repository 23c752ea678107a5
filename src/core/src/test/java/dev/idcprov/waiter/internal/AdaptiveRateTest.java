package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The AIMD rule of {@link AdaptiveRate}, in virtual nanoseconds. */
class AdaptiveRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void untroubled_spacesCallsEvenlyAtTheCeiling() {
    AdaptiveRate r = new AdaptiveRate(10);

    assertThat(r.reserve(0)).isZero();
    assertThat(r.reserve(0)).isEqualTo(SECOND / 10);
    assertThat(r.reserve(0)).isEqualTo(2 * SECOND / 10);
    assertThat(r.rate()).isEqualTo(10.0);
  }

  @Test
  void throttle_cutsTheRateOncePerBurst_thenItGrowsBackLinearlyToTheCeiling() {
    AdaptiveRate r = new AdaptiveRate(15);

    r.onThrottled(0);
    r.onThrottled(SECOND / 2);   // same burst: within 10 calls' time at 10.5/s
    assertThat(r.rate()).isCloseTo(10.5, within(1e-9));

    r.onThrottled(2 * SECOND);   // a new one
    assertThat(r.rate()).isCloseTo(7.35, within(1e-9));

    // at the default 15/s ceiling: +2 % of the ceiling (0.3/s) per second of answers without throttling
    r.onAccepted(4 * SECOND);
    assertThat(r.rate()).isCloseTo(7.95, within(1e-9));
    r.onAccepted(100 * SECOND);
    assertThat(r.rate()).isEqualTo(15.0);
  }

  @Test
  void regrowth_isCountedInCallsAtTheCeiling_notInSeconds() {
    // a ceiling of 150/s: +2 % of it per 15 calls' time at 150/s (0.1 s), i.e. +3/s per 0.1 s
    AdaptiveRate r = new AdaptiveRate(150);

    r.onThrottled(0);
    assertThat(r.rate()).isCloseTo(105.0, within(1e-9));
    r.onAccepted(SECOND / 10);
    assertThat(r.rate()).isCloseTo(108.0, within(1e-9));
  }

  @Test
  void persistentThrottling_neverStopsCallsAltogether() {
    AdaptiveRate r = new AdaptiveRate(10);
    for (int i = 0; i < 1000; i++) {
      r.onThrottled(i * 100L * SECOND);
    }

    assertThat(r.rate()).isEqualTo(10 * AdaptiveRate.FLOOR);
  }

  @Test
  void fiveClientsOnOneQuota_convergeBelowIt() {
    // five processes, each with a 15/s ceiling, on a 20/s quota: a second in which they ask for more than the quota
    // throttles every one of them; otherwise every call is answered
    double[][] rates = fiveClients(1, 300);
    double offeredCalls = 0;
    double throttledCalls = 0;
    for (int second = 61; second <= 300; second++) {
      double offered = rates[second][5];
      offeredCalls += offered;
      throttledCalls += Math.max(0, offered - 20);
    }

    // after the first minute, under 5 % of the calls go over the quota, and the quota is mostly used
    assertThat(throttledCalls / offeredCalls).isLessThan(0.05);
    assertThat(offeredCalls / 240).isBetween(15.0, 20.5);
  }

  @Test
  void scaleInvariant_tenTimesTheCeilingAndTenTimesFasterTime_followsTheSameTrajectory() {
    // the benchmark's situation: the sandbox at time scale 10 and every budget scaled by 10 (ceilings 150/s on a
    // 200/s quota, one model step every 0.1 s); the rates must be those of real time (15/s on 20/s, a step every
    // second) times 10 at every corresponding instant, regrowth included
    double[][] real = fiveClients(1, 300);
    double[][] scaled = fiveClients(10, 300);

    int throttledSteps = 0;
    for (int step = 1; step <= 300; step++) {
      for (int c = 0; c <= 5; c++) {
        assertThat(scaled[step][c]).as("client %d at step %d", c, step)
            .isCloseTo(10 * real[step][c], within(1e-6 * real[step][c]));
      }
      throttledSteps += real[step][5] > 20 ? 1 : 0;
    }
    // not a trivial trajectory: the clients were cut, and grew back, many times
    assertThat(throttledSteps).isGreaterThan(10);
  }

  /**
   * Five clients of ceiling 15 x {@code k} on a quota of 20 x {@code k}, one step every 1/{@code k} s: a step in
   * which they offer more than the quota throttles every one of them, otherwise every call is answered.
   *
   * @return per step (1..steps), each client's rate after the step, then (index 5) the total offered in the step
   */
  private static double[][] fiveClients(int k, int steps) {
    AdaptiveRate[] clients = new AdaptiveRate[5];
    for (int i = 0; i < 5; i++) {
      clients[i] = new AdaptiveRate(15.0 * k);
    }
    double[][] out = new double[steps + 1][6];
    for (int step = 1; step <= steps; step++) {
      long now = step * SECOND / k;
      double offered = 0;
      for (AdaptiveRate c : clients) {
        offered += c.rate();
      }
      for (int i = 0; i < 5; i++) {
        if (offered > 20.0 * k) {
          clients[i].onThrottled(now);
        } else {
          clients[i].onAccepted(now);
        }
        out[step][i] = clients[i].rate();
      }
      out[step][5] = offered;
    }
    return out;
  }
}
