package dev.idcprov.sandbox.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The history of one value with the moments it changed, so list calls can read it as it was some time ago. */
final class Timeline<T> {
  private final List<Instant> times = new ArrayList<>();
  private final List<T> values = new ArrayList<>();

  Timeline() {}

  Timeline(Instant at, T value) {
    set(at, value);
  }

  void set(Instant at, T value) {
    times.add(at);
    values.add(value);
  }

  /** @return the latest value, null when never set */
  T now() {
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** @return the value at {@code at}, null when not set yet */
  T at(Instant at) {
    for (int i = times.size() - 1; i >= 0; i--) {
      if (!times.get(i).isAfter(at)) {
        return values.get(i);
      }
    }
    return null;
  }
}
