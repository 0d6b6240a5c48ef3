package io.sluice.engine.internal.expr;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;

/**
 * {@code to_timestamp(str, pattern)}: parses with a {@link DateTimeFormatter} compiled once at
 * analysis; text without a zone is UTC; text that does not parse gives null. (The one-argument
 * form is a cast to timestamp.)
 */
final class ToTimestampExpr extends BaseExpr {
  private final BoundExpr child;
  private final DateTimeFormatter formatter;

  ToTimestampExpr(BoundExpr child, DateTimeFormatter formatter, String name, String sql) {
    super(DataTypes.TIMESTAMP, true, name, sql, List.of(child));
    this.child = child;
    this.formatter = formatter;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    BytesVector s = (BytesVector) child.eval(input, ctx);
    int n = input.numRows();
    LongVector out = new LongVector(DataTypes.TIMESTAMP, n);
    for (int i = 0; i < n; i++) {
      long t = s.isNull(i) ? DateTimeUtil.INVALID_TIMESTAMP : parse(formatter, s.getString(i));
      if (t == DateTimeUtil.INVALID_TIMESTAMP) {
        out.appendNull();
      } else {
        out.append(t);
      }
    }
    return out;
  }

  /**
   * Parses text with a formatter into microseconds since the epoch; UTC unless the text has a
   * zone or offset; a pattern without a date means 1970-01-01, without a time midnight.
   *
   * @return the micros, or {@link DateTimeUtil#INVALID_TIMESTAMP}
   */
  static long parse(DateTimeFormatter formatter, String text) {
    try {
      TemporalAccessor t = formatter.parse(text);
      long seconds;
      if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
        seconds = t.getLong(ChronoField.INSTANT_SECONDS);
      } else {
        LocalDate date = t.query(TemporalQueries.localDate());
        LocalTime time = t.query(TemporalQueries.localTime());
        long days = date == null ? 0 : date.toEpochDay();
        seconds = days * 86_400L + (time == null ? 0 : time.toSecondOfDay());
        if (date == null && t.isSupported(ChronoField.YEAR)) {
          int month = t.isSupported(ChronoField.MONTH_OF_YEAR)
              ? t.get(ChronoField.MONTH_OF_YEAR) : 1;
          seconds += LocalDate.of(t.get(ChronoField.YEAR), month, 1).toEpochDay() * 86_400L;
        }
      }
      long nanos = t.isSupported(ChronoField.NANO_OF_SECOND)
          ? t.getLong(ChronoField.NANO_OF_SECOND) : 0;
      return seconds * DateTimeUtil.MICROS_PER_SECOND + nanos / 1000;
    } catch (DateTimeException | ArithmeticException e) {
      return DateTimeUtil.INVALID_TIMESTAMP;
    }
  }
}
