package io.sluice.engine.internal.expr;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.nio.charset.StandardCharsets;

/**
 * Allocation-free date and timestamp arithmetic on days and microseconds since the epoch (UTC),
 * and the text forms Spark uses. Civil-calendar conversions follow Howard Hinnant's algorithms
 * (proleptic Gregorian, as {@code java.time}).
 */
final class DateTimeUtil {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  /** Returned by {@link #parseTimestamp} for text that is not a timestamp. */
  static final long INVALID_TIMESTAMP = Long.MIN_VALUE;
  /** Returned by {@link #parseDate} for text that is not a date. */
  static final int INVALID_DATE = Integer.MIN_VALUE;

  private DateTimeUtil() {}

  static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /**
   * Converts days since the epoch to a civil date packed as {@code year << 16 | month << 8 | day}.
   *
   * @param days days since 1970-01-01
   * @return the packed date; decode with {@link #year}, {@link #month}, {@link #day}
   */
  static long civilFromDays(long days) {
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
      y++;
    }
    return (y << 16) | (m << 8) | d;
  }

  static int year(long packed) {
    return (int) (packed >> 16);
  }

  static int month(long packed) {
    return (int) ((packed >> 8) & 0xFF);
  }

  static int day(long packed) {
    return (int) (packed & 0xFF);
  }

  static boolean isLeap(long y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  }

  static int daysInMonth(long y, int m) {
    switch (m) {
      case 2:
        return isLeap(y) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /**
   * Parses a timestamp the way Spark casts a string: {@code yyyy[-[m]m[-[d]d]]} optionally followed
   * by {@code T} or a space and {@code [h]h:[m]m[:[s]s[.fraction]]}, then an optional zone
   * ({@code Z}, {@code +hh[:mm]}, {@code -hhmm}, or a region such as {@code UTC} or
   * {@code Europe/Paris}); no zone means UTC. Leading and trailing whitespace is ignored.
   *
   * @param b the bytes
   * @param start the first byte
   * @param end the end (exclusive)
   * @return microseconds since the epoch, or {@link #INVALID_TIMESTAMP}
   */
  static long parseTimestamp(byte[] b, int start, int end) {
    while (start < end && (b[start] & 0xFF) <= ' ') {
      start++;
    }
    while (end > start && (b[end - 1] & 0xFF) <= ' ') {
      end--;
    }
    long date = scanDate(b, start, end);
    if (date == NO_DATE) {
      return INVALID_TIMESTAMP;
    }
    int pos = (int) date;
    long days = date >> 32;
    int hour = 0;
    int minute = 0;
    int second = 0;
    long fraction = 0;
    if (pos < end && (b[pos] == 'T' || b[pos] == ' ')) {
      pos++;
      if (pos < end && isDigit(b[pos])) {
        int s = pos;
        while (pos < end && isDigit(b[pos]) && pos - s < 2) {
          hour = hour * 10 + (b[pos++] - '0');
        }
        if (pos >= end || b[pos] != ':') {
          return INVALID_TIMESTAMP;
        }
        pos++;
        s = pos;
        while (pos < end && isDigit(b[pos]) && pos - s < 2) {
          minute = minute * 10 + (b[pos++] - '0');
        }
        if (pos == s) {
          return INVALID_TIMESTAMP;
        }
        if (pos < end && b[pos] == ':') {
          pos++;
          s = pos;
          while (pos < end && isDigit(b[pos]) && pos - s < 2) {
            second = second * 10 + (b[pos++] - '0');
          }
          if (pos == s) {
            return INVALID_TIMESTAMP;
          }
          if (pos < end && b[pos] == '.') {
            pos++;
            s = pos;
            long scale = 100_000;
            while (pos < end && isDigit(b[pos]) && pos - s < 9) {
              fraction += (b[pos++] - '0') * scale;
              scale /= 10;
            }
            if (pos == s) {
              return INVALID_TIMESTAMP;
            }
          }
        }
        if (hour > 23 || minute > 59 || second > 59) {
          return INVALID_TIMESTAMP;
        }
      }
    }
    while (pos < end && b[pos] == ' ') {
      pos++;
    }
    long localSeconds = days * 86_400L
        + hour * 3600L + minute * 60L + second;
    long offsetSeconds = 0;
    if (pos < end) {
      byte c = b[pos];
      if ((c == 'Z' || c == 'z') && pos + 1 == end) {
        offsetSeconds = 0;
      } else if (c == '+' || c == '-') {
        pos++;
        int s = pos;
        int oh = 0;
        while (pos < end && isDigit(b[pos]) && pos - s < 2) {
          oh = oh * 10 + (b[pos++] - '0');
        }
        if (pos == s) {
          return INVALID_TIMESTAMP;
        }
        if (pos < end && b[pos] == ':') {
          pos++;
        }
        int om = 0;
        s = pos;
        while (pos < end && isDigit(b[pos]) && pos - s < 2) {
          om = om * 10 + (b[pos++] - '0');
        }
        if (pos != end || (pos - s != 0 && pos - s != 2) || oh > 18 || om > 59) {
          return INVALID_TIMESTAMP;
        }
        offsetSeconds = (oh * 3600L + om * 60L) * (c == '-' ? -1 : 1);
      } else {
        try {
          ZoneId zone = ZoneId.of(new String(b, pos, end - pos, StandardCharsets.UTF_8));
          LocalDateTime local = LocalDateTime.of(java.time.LocalDate.ofEpochDay(days),
              java.time.LocalTime.of(hour, minute, second));
          offsetSeconds = zone.getRules().getOffset(local).getTotalSeconds();
        } catch (DateTimeException e) {
          return INVALID_TIMESTAMP;
        }
      }
    }
    return (localSeconds - offsetSeconds) * MICROS_PER_SECOND + fraction;
  }

  /**
   * Parses a date the way Spark casts a string: {@code yyyy[-[m]m[-[d]d]]}, optionally followed by
   * {@code T} or a space and anything (a time, ignored).
   *
   * @param b the bytes
   * @param start the first byte
   * @param end the end (exclusive)
   * @return days since the epoch, or {@link #INVALID_DATE}
   */
  static int parseDate(byte[] b, int start, int end) {
    while (start < end && (b[start] & 0xFF) <= ' ') {
      start++;
    }
    while (end > start && (b[end - 1] & 0xFF) <= ' ') {
      end--;
    }
    long date = scanDate(b, start, end);
    int pos = (int) date;
    if (date == NO_DATE || (pos < end && b[pos] != ' ' && b[pos] != 'T')) {
      return INVALID_DATE;
    }
    return (int) (date >> 32);
  }

  /** What {@link #scanDate} returns for text that is not a date. */
  private static final long NO_DATE = Long.MIN_VALUE;

  /**
   * Scans {@code yyyy[-[m]m[-[d]d]]} (the date part of both dates and timestamps) from {@code pos}.
   *
   * @return the days since the epoch in the high 32 bits and the position after the date in the low
   *     32 bits, or {@link #NO_DATE}
   */
  private static long scanDate(byte[] b, int pos, int end) {
    int start = pos;
    int year = 0;
    while (pos < end && isDigit(b[pos]) && pos - start < 6) {
      year = year * 10 + (b[pos++] - '0');
    }
    if (pos - start < 4) {
      return NO_DATE;
    }
    int month = 1;
    int day = 1;
    if (pos < end && b[pos] == '-') {
      pos++;
      int s = pos;
      month = 0;
      while (pos < end && isDigit(b[pos]) && pos - s < 2) {
        month = month * 10 + (b[pos++] - '0');
      }
      if (pos == s) {
        return NO_DATE;
      }
      if (pos < end && b[pos] == '-') {
        pos++;
        s = pos;
        day = 0;
        while (pos < end && isDigit(b[pos]) && pos - s < 2) {
          day = day * 10 + (b[pos++] - '0');
        }
        if (pos == s) {
          return NO_DATE;
        }
      }
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return NO_DATE;
    }
    return (daysFromCivil(year, month, day) << 32) | (pos & 0xFFFFFFFFL);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Appends {@code yyyy-MM-dd}.
   *
   * @param sb the target
   * @param days days since the epoch
   */
  static void appendDate(StringBuilder sb, long days) {
    long p = civilFromDays(days);
    int y = year(p);
    if (y < 0) {
      sb.append('-');
      y = -y;
    }
    pad(sb, y, 4).append('-');
    pad(sb, month(p), 2).append('-');
    pad(sb, day(p), 2);
  }

  /**
   * Formats a timestamp as Spark's cast to string does: {@code yyyy-MM-dd HH:mm:ss}, plus the
   * fraction of a second without trailing zeros when it is not zero.
   *
   * @param micros microseconds since the epoch
   * @return the text
   */
  static String formatTimestamp(long micros) {
    StringBuilder sb = new StringBuilder(26);
    long secs = Math.floorDiv(micros, MICROS_PER_SECOND);
    int frac = (int) Math.floorMod(micros, MICROS_PER_SECOND);
    appendDate(sb, Math.floorDiv(secs, 86_400L));
    int sod = (int) Math.floorMod(secs, 86_400L);
    sb.append(' ');
    pad(sb, sod / 3600, 2).append(':');
    pad(sb, sod / 60 % 60, 2).append(':');
    pad(sb, sod % 60, 2);
    if (frac != 0) {
      int len = 6;
      while (frac % 10 == 0) {
        frac /= 10;
        len--;
      }
      sb.append('.');
      pad(sb, frac, len);
    }
    return sb.toString();
  }

  /**
   * Formats a timestamp as Spark's JSON writer does: {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}.
   *
   * @param sb the target
   * @param micros microseconds since the epoch
   */
  static void appendIsoMillis(StringBuilder sb, long micros) {
    long secs = Math.floorDiv(micros, MICROS_PER_SECOND);
    int millis = (int) (Math.floorMod(micros, MICROS_PER_SECOND) / 1000);
    appendDate(sb, Math.floorDiv(secs, 86_400L));
    int sod = (int) Math.floorMod(secs, 86_400L);
    sb.append('T');
    pad(sb, sod / 3600, 2).append(':');
    pad(sb, sod / 60 % 60, 2).append(':');
    pad(sb, sod % 60, 2).append('.');
    pad(sb, millis, 3).append('Z');
  }

  /**
   * Formats a date as {@code yyyy-MM-dd}.
   *
   * @param days days since the epoch
   * @return the text
   */
  static String formatDate(int days) {
    StringBuilder sb = new StringBuilder(10);
    appendDate(sb, days);
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    int digits = 1;
    for (int rest = v / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      sb.append('0');
    }
    return sb.append(v);
  }
}
