package dev.idcprov.bench;

import java.time.Instant;

/** Small shared helpers of the harness. */
final class Bench {
  private Bench() {
  }

  /** @return the wall clock in epoch microseconds */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * @param instant an instant
   * @return epoch microseconds
   */
  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }
}
