package dev.idcprov.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitOptionsTest {

  @Test
  void pollCallsPerSecond_defaultsToTwoPerPollInterval_andWhileOpenToTheSame() {
    WaitOptions d = WaitOptions.defaults();
    WaitOptions fast = WaitOptions.builder().pollInterval(Duration.ofMillis(100)).build();

    assertThat(d.pollCallsPerSecond()).isEqualTo(WaitOptions.DEFAULT_POLL_CALLS_PER_SECOND);
    assertThat(d.pollCallsPerSecondWhileOpen()).isEqualTo(WaitOptions.DEFAULT_POLL_CALLS_PER_SECOND_WHILE_OPEN);
    assertThat(fast.pollCallsPerSecond()).isEqualTo(20.0);
    assertThat(d.pollCallsPerSecondWhileOpen()).isEqualTo(2.0);
    assertThat(fast.pollCallsPerSecondWhileOpen()).isEqualTo(20.0);
  }

  @Test
  void pollCallsPerSecond_setExplicitly_survivesToBuilderAndOtherTweaks() {
    WaitOptions o = WaitOptions.builder().pollCallsPerSecond(5).pollCallsPerSecondWhileOpen(0.5).build();
    WaitOptions tweaked = o.toBuilder().pollInterval(Duration.ofMillis(100)).build();

    assertThat(tweaked.pollCallsPerSecond()).isEqualTo(5.0);
    assertThat(tweaked.pollCallsPerSecondWhileOpen()).isEqualTo(0.5);
    assertThat(o).isEqualTo(o.toBuilder().build()).hasSameHashCodeAs(o.toBuilder().build());
    assertThat(o).isNotEqualTo(WaitOptions.defaults());
    assertThat(o.toString()).contains("pollCallsPerSecond=5.0");
  }

  @Test
  void pollCallsPerSecond_outOfRangeOrNotFinite_isRejectedNamingTheField() {
    for (double bad : new double[] {0, -1, 0.0005, 1001, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> WaitOptions.builder().pollCallsPerSecond(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollCallsPerSecond")
          .hasMessageContaining("0.001 to 1000");
      assertThatThrownBy(() -> WaitOptions.builder().pollCallsPerSecondWhileOpen(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollCallsPerSecondWhileOpen");
    }
  }

  @Test
  void whileOpenFasterThanSealed_isRejectedAtBuild() {
    WaitOptions.Builder b = WaitOptions.builder().pollCallsPerSecond(1).pollCallsPerSecondWhileOpen(2);

    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pollCallsPerSecondWhileOpen (2.0) must not exceed pollCallsPerSecond (1.0)");
  }
}
