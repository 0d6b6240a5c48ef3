package io.sluice.api;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Spark users write them: {@code "10 seconds"}, {@code "1 minute"},
 * {@code "500 ms"}, {@code "2 hours 30 minutes"}, or ISO-8601 {@code "PT10S"}.
 */
public final class Durations {
  private static final Pattern PART =
      Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]+)\\s*");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text e.g. {@code "10 seconds"} or {@code "PT10S"}
   * @return the duration
   * @throws IllegalArgumentException if the text is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.startsWith("PT") || s.startsWith("P")) {
      return Duration.parse(s);
    }
    if (s.toLowerCase(Locale.ROOT).startsWith("interval ")) {
      s = s.substring(9);
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int pos = 0;
    boolean any = false;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "Cannot parse duration '" + text + "': expected e.g. '10 seconds', '500 ms' or 'PT10S'");
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(unit(m.group(2), text).multipliedBy(n));
      pos = m.end();
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException("Cannot parse duration '" + text + "'");
    }
    return total;
  }

  private static Duration unit(String u, String text) {
    switch (u.toLowerCase(Locale.ROOT)) {
      case "us": case "micro": case "micros": case "microsecond": case "microseconds":
        return Duration.ofNanos(1000);
      case "ms": case "milli": case "millis": case "millisecond": case "milliseconds":
        return Duration.ofMillis(1);
      case "s": case "sec": case "secs": case "second": case "seconds":
        return Duration.ofSeconds(1);
      case "m": case "min": case "mins": case "minute": case "minutes":
        return Duration.ofMinutes(1);
      case "h": case "hour": case "hours":
        return Duration.ofHours(1);
      case "d": case "day": case "days":
        return Duration.ofDays(1);
      case "w": case "week": case "weeks":
        return Duration.ofDays(7);
      default:
        throw new IllegalArgumentException(
            "Unknown time unit '" + u + "' in duration '" + text + "'");
    }
  }
}
