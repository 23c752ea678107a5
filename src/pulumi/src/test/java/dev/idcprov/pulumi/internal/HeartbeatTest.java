package dev.idcprov.pulumi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aLineIsDueOnlyAfterThirtySecondsOfSilence_andNamesTheLastProgress() {
    Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(30), 100 * S);

    assertThat(heartbeat.due(129 * S)).isNull();
    assertThat(heartbeat.due(130 * S)).isEqualTo("still waiting after 30s (wall time): submitting");
    assertThat(heartbeat.due(159 * S)).as("the heartbeat line itself counts").isNull();

    heartbeat.logged(150 * S, "3/40 accounts provisioned, 0 failed, 37 in progress");
    assertThat(heartbeat.due(179 * S)).isNull();
    assertThat(heartbeat.due(180 * S))
        .isEqualTo("still waiting after 80s (wall time): 3/40 accounts provisioned, 0 failed, 37 in progress");
  }
}
