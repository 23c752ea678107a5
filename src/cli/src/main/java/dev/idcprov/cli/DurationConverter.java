package dev.idcprov.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option: ISO-8601 ({@code PT10M}, {@code PT1.5S}) or a friendly form made of numbers with
 * units ({@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m}, {@code 1.5s}). Negative
 * values are rejected here; whether zero is allowed is up to each option.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  static final String ALLOWED = "ISO-8601 such as PT10M, or a number with a unit: 500ms, 90s, 10m, 2h, 1d"
      + " (combinations such as 1h30m allowed)";

  private static final Pattern WHOLE = Pattern.compile("(\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty()) {
      throw new TypeConversionException("a duration is required: " + ALLOWED);
    }
    Duration d;
    if (v.toUpperCase(Locale.ROOT).startsWith("P") || v.startsWith("-P") || v.startsWith("+P")) {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration: expected " + ALLOWED);
      }
    } else {
      String lower = v.toLowerCase(Locale.ROOT);
      if (!WHOLE.matcher(lower).matches()) {
        String extra = lower.matches("\\d+(\\.\\d+)?") ? " (a unit is required)" : "";
        throw new TypeConversionException("'" + value + "' is not a duration" + extra + ": expected " + ALLOWED);
      }
      d = Duration.ZERO;
      Matcher m = PART.matcher(lower);
      while (m.find()) {
        d = d.plus(toDuration(new BigDecimal(m.group(1)), m.group(2), value));
      }
    }
    if (d.isNegative()) {
      throw new TypeConversionException("'" + value + "' is negative: a duration must be zero or more");
    }
    return d;
  }

  private static Duration toDuration(BigDecimal amount, String unit, String original) {
    BigDecimal nanosPerUnit = switch (unit) {
      case "ms" -> BigDecimal.valueOf(1_000_000L);
      case "s" -> BigDecimal.valueOf(1_000_000_000L);
      case "m" -> BigDecimal.valueOf(60_000_000_000L);
      case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
      default -> BigDecimal.valueOf(86_400_000_000_000L);
    };
    BigDecimal nanos = amount.multiply(nanosPerUnit);
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new TypeConversionException("'" + original + "' is too long a duration");
    }
    return Duration.ofNanos(nanos.longValue());
  }
}
