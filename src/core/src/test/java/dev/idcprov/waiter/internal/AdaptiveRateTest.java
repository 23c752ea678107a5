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
    AdaptiveRate r = new AdaptiveRate(10);

    r.onThrottled(0);
    r.onThrottled(SECOND / 2);   // same burst: within 10 calls' time at 7/s
    assertThat(r.rate()).isCloseTo(7.0, within(1e-9));

    r.onThrottled(2 * SECOND);   // a new one
    assertThat(r.rate()).isCloseTo(4.9, within(1e-9));

    // +2 % of the ceiling (0.2/s) per second of answers without throttling
    r.onAccepted(4 * SECOND);
    assertThat(r.rate()).isCloseTo(5.3, within(1e-9));
    r.onAccepted(100 * SECOND);
    assertThat(r.rate()).isEqualTo(10.0);
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
    AdaptiveRate[] clients = new AdaptiveRate[5];
    for (int i = 0; i < 5; i++) {
      clients[i] = new AdaptiveRate(15);
    }
    double offeredCalls = 0;
    double throttledCalls = 0;
    for (int second = 1; second <= 300; second++) {
      double offered = 0;
      for (AdaptiveRate c : clients) {
        offered += c.rate();
      }
      for (AdaptiveRate c : clients) {
        if (offered > 20) {
          c.onThrottled(second * SECOND);
        } else {
          c.onAccepted(second * SECOND);
        }
      }
      if (second > 60) {
        offeredCalls += offered;
        throttledCalls += Math.max(0, offered - 20);
      }
    }

    // after the first minute, under 5 % of the calls go over the quota, and the quota is mostly used
    assertThat(throttledCalls / offeredCalls).isLessThan(0.05);
    assertThat(offeredCalls / 240).isBetween(15.0, 20.5);
  }
}
