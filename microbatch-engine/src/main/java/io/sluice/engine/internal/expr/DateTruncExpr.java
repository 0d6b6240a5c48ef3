package io.sluice.engine.internal.expr;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import java.util.List;
import java.util.Locale;

/**
 * {@code date_trunc(unit, ts)}: truncates a timestamp (UTC) to year, quarter, month, week (starting
 * Monday), day, hour, minute, second or millisecond. Spark's aliases (yyyy, yy, mon, mm, dd) are
 * accepted; an unknown unit is an analysis error rather than Spark's silent null.
 */
final class DateTruncExpr extends BaseExpr {
  /** The unit. */
  enum Unit { YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND }

  private final Unit unit;
  private final BoundExpr child;

  DateTruncExpr(Unit unit, BoundExpr child, String name, String sql) {
    super(DataTypes.TIMESTAMP, child.nullable(), name, sql, List.of(child));
    this.unit = unit;
    this.child = child;
  }

  static Unit parseUnit(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "year": case "yyyy": case "yy": return Unit.YEAR;
      case "quarter": return Unit.QUARTER;
      case "month": case "mon": case "mm": return Unit.MONTH;
      case "week": return Unit.WEEK;
      case "day": case "dd": return Unit.DAY;
      case "hour": return Unit.HOUR;
      case "minute": return Unit.MINUTE;
      case "second": return Unit.SECOND;
      case "millisecond": return Unit.MILLISECOND;
      case "microsecond": return Unit.MICROSECOND;
      default:
        throw new AnalysisException("Unknown date_trunc unit '" + text + "'; use year, quarter, "
            + "month, week, day, hour, minute, second or millisecond");
    }
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    LongVector ts = (LongVector) child.eval(input, ctx);
    long[] a = ts.values();
    int n = input.numRows();
    LongVector out = new LongVector(DataTypes.TIMESTAMP, n);
    long step;
    switch (unit) {
      case MICROSECOND: step = 1; break;
      case MILLISECOND: step = 1000; break;
      case SECOND: step = DateTimeUtil.MICROS_PER_SECOND; break;
      case MINUTE: step = 60 * DateTimeUtil.MICROS_PER_SECOND; break;
      case HOUR: step = 3600 * DateTimeUtil.MICROS_PER_SECOND; break;
      case DAY: step = DateTimeUtil.MICROS_PER_DAY; break;
      default: step = 0;
    }
    if (step > 0) {
      for (int i = 0; i < n; i++) {
        out.append(Math.floorDiv(a[i], step) * step);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out.append(truncDays(Math.floorDiv(a[i], DateTimeUtil.MICROS_PER_DAY))
            * DateTimeUtil.MICROS_PER_DAY);
      }
    }
    Vectors.propagateNulls(out, ts, n);
    return out;
  }

  private long truncDays(long days) {
    if (unit == Unit.WEEK) {
      return days - Math.floorMod(days + 3, 7); // 1970-01-01 was a Thursday
    }
    long p = DateTimeUtil.civilFromDays(days);
    int month = DateTimeUtil.month(p);
    if (unit == Unit.YEAR) {
      month = 1;
    } else if (unit == Unit.QUARTER) {
      month = (month - 1) / 3 * 3 + 1;
    }
    return DateTimeUtil.daysFromCivil(DateTimeUtil.year(p), month, 1);
  }
}
