package dev.idcprov.cli;

import dev.idcprov.waiter.WaitOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The wait's deadline and poll cadence, shared by {@code provision} and {@code wait}. */
final class WaitTimingOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up waiting after this long, such as 30m or PT30M (default: 15m). Requests still"
          + " pending then go on in AWS.")
  Duration timeout;

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Shortest gap between poll rounds, such as 1s (default: 1s).")
  Duration pollInterval;

  @Option(names = "--max-poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Longest gap between poll rounds, such as 10s (default: 10s).")
  Duration maxPollInterval;

  /** @return the wait options; a zero value or a poll interval above the maximum is reported naming the options */
  WaitOptions toWaitOptions() {
    WaitOptions.Builder b = WaitOptions.builder();
    if (timeout != null) {
      b.timeout(positive("--timeout", timeout));
    }
    if (pollInterval != null) {
      b.pollInterval(positive("--poll-interval", pollInterval));
    }
    if (maxPollInterval != null) {
      b.maxPollInterval(positive("--max-poll-interval", maxPollInterval));
    }
    WaitOptions defaults = WaitOptions.defaults();
    Duration poll = pollInterval != null ? pollInterval : defaults.pollInterval();
    Duration max = maxPollInterval != null ? maxPollInterval : defaults.maxPollInterval();
    if (poll.compareTo(max) > 0) {
      throw new ParameterException(spec.commandLine(), "--poll-interval (" + Durations.format(poll)
          + ") must not exceed --max-poll-interval (" + Durations.format(max) + "): raise --max-poll-interval"
          + " or lower --poll-interval");
    }
    return b.build();
  }

  private Duration positive(String option, Duration value) {
    if (value.isZero()) {
      throw new ParameterException(spec.commandLine(), option + " must be above zero: give a duration such as"
          + " 10s or 15m");
    }
    return value;
  }
}
