package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySpecTest {
  @Test
  void delays_doubleWithEqualJitterAndNeverExceedTheCap() {
    RetrySpec spec = new RetrySpec(10, Duration.ofMillis(200), Duration.ofSeconds(1));

    for (int i = 0; i < 200; i++) {
      assertThat(spec.delayBefore(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(spec.delayBefore(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(spec.delayBefore(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
      assertThat(spec.delayBefore(4)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      assertThat(spec.delayBefore(60)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
  }
}
