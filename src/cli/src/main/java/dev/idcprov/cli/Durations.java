package dev.idcprov.cli;

import java.time.Duration;

/** Formats durations the way people read them: 850ms, 12.3s, 4m05s, 1h02m. */
final class Durations {
  private Durations() {
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = d.getSeconds();
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
