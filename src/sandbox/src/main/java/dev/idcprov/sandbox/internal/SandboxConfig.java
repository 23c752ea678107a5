package dev.idcprov.sandbox.internal;

import dev.idcprov.sandbox.SandboxSeed;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The fixed settings of one sandbox, validated by {@code SsoAdminSandbox.Builder}.
 *
 * @param port TCP port, 0 for a free one
 * @param seed starting state
 * @param timeScale sandbox seconds per wall-clock second
 * @param randomSeed seed of the random source
 * @param requestsPerSecond quota per sandbox second
 * @param provisioningMin shortest provisioning duration (sandbox time)
 * @param provisioningMax longest provisioning duration (sandbox time)
 * @param credentials access key id to secret when signatures are verified, otherwise null
 * @param signingRegion the region signatures must be scoped to when they are verified
 * @param clock wall clock
 */
public record SandboxConfig(int port, SandboxSeed seed, double timeScale, long randomSeed, double requestsPerSecond,
    Duration provisioningMin, Duration provisioningMax, Map<String, String> credentials, String signingRegion, Clock clock) {

  /**
   * @param sandboxDuration a duration in sandbox time
   * @return the matching wall-clock duration
   */
  public Duration toReal(Duration sandboxDuration) {
    if (timeScale == 1.0) {
      return sandboxDuration;
    }
    return Duration.ofNanos((long) (sandboxDuration.toNanos() / timeScale));
  }

  @Override
  public String toString() {
    // never print the secrets
    return "SandboxConfig[port=" + port + ", timeScale=" + timeScale + ", randomSeed=" + randomSeed
        + ", requestsPerSecond=" + requestsPerSecond + ", provisioning=" + provisioningMin + ".." + provisioningMax
        + ", verifySignatures=" + (credentials != null) + "]";
  }
}
