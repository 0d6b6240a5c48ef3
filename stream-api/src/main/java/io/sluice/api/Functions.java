package io.sluice.api;

import io.sluice.api.plan.Expr;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Static factories for column expressions, named as in Spark's {@code functions}. Import them
 * statically: {@code import static io.sluice.api.Functions.*;}.
 */
public final class Functions {
  private Functions() {}

  private static Column call(String name, Object... args) {
    List<Expr> exprs = new ArrayList<>(args.length);
    for (Object a : args) {
      exprs.add(Column.toExpr(a));
    }
    return new Column(new Expr.Call(name, exprs));
  }

  /**
   * A column by name; {@code "a.b"} is field {@code b} of struct column {@code a}, {@code "*"} is
   * every column and {@code "a.*"} every field of {@code a}.
   *
   * @param name the name
   * @return the column
   */
  public static Column col(String name) {
    List<String> parts = Arrays.asList(name.split("\\."));
    if (parts.get(parts.size() - 1).equals("*")) {
      return new Column(new Expr.Star(parts.subList(0, parts.size() - 1)));
    }
    return new Column(new Expr.ColumnRef(parts));
  }

  /**
   * Same as {@link #col(String)}.
   *
   * @param name the name
   * @return the column
   */
  public static Column column(String name) {
    return col(name);
  }

  /**
   * A literal. Supported values: null, Boolean, Integer, Long, Double, Float (as double), String,
   * byte[], java.time.Instant (timestamp), java.time.LocalDate (date); a Column is returned as is.
   *
   * @param value the value
   * @return the literal column
   * @throws IllegalArgumentException for other value types
   */
  public static Column lit(Object value) {
    if (value instanceof Column c) {
      return c;
    }
    return new Column(new Expr.Literal(normalize(value), literalType(value)));
  }

  private static Object normalize(Object v) {
    return v instanceof Float f ? Double.valueOf(f) : v;
  }

  private static DataType literalType(Object v) {
    if (v == null) {
      return DataTypes.NULL;
    } else if (v instanceof Boolean) {
      return DataTypes.BOOLEAN;
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return DataTypes.INT;
    } else if (v instanceof Long) {
      return DataTypes.LONG;
    } else if (v instanceof Double || v instanceof Float) {
      return DataTypes.DOUBLE;
    } else if (v instanceof String) {
      return DataTypes.STRING;
    } else if (v instanceof byte[]) {
      return DataTypes.BINARY;
    } else if (v instanceof Instant) {
      return DataTypes.TIMESTAMP;
    } else if (v instanceof LocalDate) {
      return DataTypes.DATE;
    }
    throw new IllegalArgumentException("Unsupported literal " + v + " of " + v.getClass()
        + "; use Boolean, Integer, Long, Double, String, byte[], Instant or LocalDate");
  }

  /**
   * Starts a {@code CASE WHEN}: the value where {@code condition} holds; continue with
   * {@link Column#when(Column, Object)} and {@link Column#otherwise(Object)} (null if omitted).
   *
   * @param condition the condition
   * @param value the value
   * @return the expression
   */
  public static Column when(Column condition, Object value) {
    return new Column(new Expr.CaseWhen(
        List.of(new Expr.WhenBranch(condition.expr(), Column.toExpr(value))), null));
  }

  /**
   * The first non-null argument.
   *
   * @param columns the candidates
   * @return the expression
   */
  public static Column coalesce(Column... columns) {
    return call("coalesce", (Object[]) columns);
  }

  /**
   * Calls a function by name: a built-in one, or one a {@link
   * io.sluice.api.connector.ScalarFunctionProvider} on the class path adds.
   *
   * @param name the function name
   * @param args the arguments (columns or values)
   * @return the call
   */
  public static Column callFunction(String name, Object... args) {
    return call(name.toLowerCase(java.util.Locale.ROOT), args);
  }

  /**
   * Negation of a boolean.
   *
   * @param c the boolean column
   * @return NOT c
   */
  public static Column not(Column c) {
    return c.not();
  }

  /**
   * Absolute value.
   *
   * @param c a numeric column
   * @return |c|
   */
  public static Column abs(Column c) {
    return call("abs", c);
  }

  /**
   * A struct of columns, with their names as field names.
   *
   * @param columns the fields
   * @return the struct
   */
  public static Column struct(Column... columns) {
    return call("struct", (Object[]) columns);
  }

  /**
   * Lower-cases a string.
   *
   * @param c a string column
   * @return the lower-case string
   */
  public static Column lower(Column c) {
    return call("lower", c);
  }

  /**
   * Upper-cases a string.
   *
   * @param c a string column
   * @return the upper-case string
   */
  public static Column upper(Column c) {
    return call("upper", c);
  }

  /**
   * Concatenates strings; null if any input is null (as Spark).
   *
   * @param columns the strings
   * @return the concatenation
   */
  public static Column concat(Column... columns) {
    return call("concat", (Object[]) columns);
  }

  /**
   * A substring, 1-based like SQL: {@code substring("hello", 2, 3)} is {@code "ell"}; a
   * non-positive {@code pos} counts from the end.
   *
   * @param c a string column
   * @param pos the 1-based start
   * @param len the length in characters
   * @return the substring
   */
  public static Column substring(Column c, int pos, int len) {
    return call("substring", c, pos, len);
  }

  /**
   * Length in characters of a string, or bytes of a binary.
   *
   * @param c the column
   * @return the length as int
   */
  public static Column length(Column c) {
    return call("length", c);
  }

  /**
   * Removes leading and trailing spaces.
   *
   * @param c a string column
   * @return the trimmed string
   */
  public static Column trim(Column c) {
    return call("trim", c);
  }

  /**
   * Replaces every match of a Java regular expression.
   *
   * @param c a string column
   * @param pattern the regex
   * @param replacement the replacement ({@code $1} refers to groups)
   * @return the replaced string
   */
  public static Column regexpReplace(Column c, String pattern, String replacement) {
    return call("regexp_replace", c, pattern, replacement);
  }

  /**
   * Splits a string around matches of a Java regular expression.
   *
   * @param c a string column
   * @param pattern the regex
   * @return an array of strings
   */
  public static Column split(Column c, String pattern) {
    return call("split", c, pattern);
  }

  /**
   * Parses a string into a timestamp with a {@link java.time.format.DateTimeFormatter} pattern
   * (UTC when the text has no zone); null where it does not parse.
   *
   * @param c a string column
   * @param pattern e.g. {@code "yyyy-MM-dd HH:mm:ss"}
   * @return the timestamp
   */
  public static Column toTimestamp(Column c, String pattern) {
    return call("to_timestamp", c, pattern);
  }

  /**
   * Parses a string into a timestamp: ISO-8601 text, with or without a zone (UTC then); a
   * timestamp column is returned unchanged.
   *
   * @param c a string column
   * @return the timestamp
   */
  public static Column toTimestamp(Column c) {
    return call("to_timestamp", c);
  }

  /**
   * Truncates a timestamp to a unit: {@code year}, {@code month}, {@code week}, {@code day},
   * {@code hour}, {@code minute}, {@code second}, {@code millisecond}.
   *
   * @param unit the unit
   * @param c a timestamp column
   * @return the truncated timestamp
   */
  public static Column dateTrunc(String unit, Column c) {
    return call("date_trunc", unit, c);
  }

  /**
   * The batch's timestamp: fixed when the micro-batch is planned (and the same when the batch is
   * re-run after a restart), not the wall-clock at evaluation.
   *
   * @return the timestamp column
   */
  public static Column currentTimestamp() {
    return call("current_timestamp");
  }

  /**
   * Parses a JSON string into a struct with PERMISSIVE mode: a malformed record gives a row of
   * nulls (and its text in the corrupt-record field if the schema has one).
   *
   * @param c a string or binary column
   * @param schema the struct to parse into
   * @return the struct column
   */
  public static Column fromJson(Column c, StructType schema) {
    return fromJson(c, schema, Map.of());
  }

  /**
   * Parses a JSON string into a struct. Options: {@code mode} = {@code PERMISSIVE} (default: a
   * malformed record gives nulls, and its raw text in the field named by
   * {@code columnNameOfCorruptRecord}, default {@code _corrupt_record}, if the schema has it),
   * {@code DROPMALFORMED} (the row is dropped; only at the top level of a projection or filter),
   * {@code FAILFAST} (the batch fails with the record); {@code timestampFormat}.
   *
   * @param c a string or binary column
   * @param schema the struct to parse into
   * @param options the options
   * @return the struct column
   */
  public static Column fromJson(Column c, StructType schema, Map<String, String> options) {
    return new Column(new Expr.FromJson(c.expr(), schema, options));
  }

  /**
   * Serializes a struct, array or scalar column to JSON text.
   *
   * @param c the column
   * @return the JSON string
   */
  public static Column toJson(Column c) {
    return new Column(new Expr.ToJson(c.expr()));
  }

  // ------------------------------------------------------------------ aggregates

  private static Column agg(String name, boolean distinct, Column... args) {
    List<Expr> exprs = new ArrayList<>();
    for (Column c : args) {
      exprs.add(c.expr());
    }
    return new Column(new Expr.Aggregate(name, exprs, distinct));
  }

  /** @return the number of rows, {@code count(*)} */
  public static Column count() {
    return agg("count", false);
  }

  /**
   * The number of rows where {@code c} is not null.
   *
   * @param c the column
   * @return the count
   */
  public static Column count(Column c) {
    return agg("count", false, c);
  }

  /**
   * {@code count("*")} counts rows; {@code count("x")} counts non-null values of {@code x}.
   *
   * @param column a column name or {@code *}
   * @return the count
   */
  public static Column count(String column) {
    return column.equals("*") ? count() : count(col(column));
  }

  /**
   * The exact number of distinct non-null combinations of the columns (kept in state).
   *
   * @param columns the columns
   * @return the count
   */
  public static Column countDistinct(Column... columns) {
    return agg("count", true, columns);
  }

  /**
   * An estimate of the number of distinct values (HyperLogLog, about 5% relative error).
   *
   * @param c the column
   * @return the estimate (bigint)
   */
  public static Column approxCountDistinct(Column c) {
    return agg("approx_count_distinct", false, c);
  }

  /**
   * The sum (bigint for integers, double for doubles); null if every value is null.
   *
   * @param c a numeric column
   * @return the sum
   */
  public static Column sum(Column c) {
    return agg("sum", false, c);
  }

  /**
   * Same as {@link #sum(Column)}, by name.
   *
   * @param column a numeric column's name
   * @return the sum
   */
  public static Column sum(String column) {
    return sum(col(column));
  }

  /**
   * The mean, a double; null if every value is null.
   *
   * @param c a numeric column
   * @return the mean
   */
  public static Column avg(Column c) {
    return agg("avg", false, c);
  }

  /**
   * The smallest value.
   *
   * @param c the column
   * @return the minimum
   */
  public static Column min(Column c) {
    return agg("min", false, c);
  }

  /**
   * The largest value.
   *
   * @param c the column
   * @return the maximum
   */
  public static Column max(Column c) {
    return agg("max", false, c);
  }

  /**
   * The first value seen in arrival order (including nulls, as Spark's default).
   *
   * @param c the column
   * @return the first value
   */
  public static Column first(Column c) {
    return agg("first", false, c);
  }

  /**
   * The last value seen in arrival order.
   *
   * @param c the column
   * @return the last value
   */
  public static Column last(Column c) {
    return agg("last", false, c);
  }

  /**
   * The non-null values, in arrival order.
   *
   * @param c the column
   * @return an array
   */
  public static Column collectList(Column c) {
    return agg("collect_list", false, c);
  }

  /**
   * The distinct non-null values.
   *
   * @param c the column
   * @return an array
   */
  public static Column collectSet(Column c) {
    return agg("collect_set", false, c);
  }

  // ------------------------------------------------------------------ event-time windows

  /**
   * Tumbling event-time windows: {@code [start, end)} of length {@code duration}, aligned to the
   * epoch. The column is a struct {@code {start: timestamp, end: timestamp}}.
   *
   * @param timeColumn a timestamp column
   * @param duration e.g. {@code "10 seconds"}
   * @return the window column
   */
  public static Column window(Column timeColumn, String duration) {
    return window(timeColumn, duration, duration, "0 seconds");
  }

  /**
   * Sliding event-time windows: each row belongs to every window of length {@code duration},
   * starting every {@code slide}, that contains it.
   *
   * @param timeColumn a timestamp column
   * @param duration the window length
   * @param slide the distance between window starts
   * @return the window column
   */
  public static Column window(Column timeColumn, String duration, String slide) {
    return window(timeColumn, duration, slide, "0 seconds");
  }

  /**
   * Sliding event-time windows offset by {@code startTime} from the epoch.
   *
   * @param timeColumn a timestamp column
   * @param duration the window length
   * @param slide the distance between window starts
   * @param startTime the offset of window starts
   * @return the window column
   */
  public static Column window(Column timeColumn, String duration, String slide, String startTime) {
    return new Column(new Expr.Call("window", List.of(timeColumn.expr(),
        lit(Durations.parse(duration).toNanos() / 1000).expr(),
        lit(Durations.parse(slide).toNanos() / 1000).expr(),
        lit(Durations.parse(startTime).toNanos() / 1000).expr())));
  }

  /**
   * Session windows: rows of a key less than {@code gap} apart (by event time) form one session
   * {@code [first, last + gap)}; sessions that overlap or touch merge.
   *
   * @param timeColumn a timestamp column
   * @param gap e.g. {@code "5 minutes"}
   * @return the session window column
   */
  public static Column sessionWindow(Column timeColumn, String gap) {
    return new Column(new Expr.Call("session_window",
        List.of(timeColumn.expr(), lit(Durations.parse(gap).toNanos() / 1000).expr())));
  }

  /**
   * Session windows whose gap is computed per row (an interval in microseconds, as a bigint
   * column, or a string column like {@code "5 seconds"}); a row with a gap of zero or less is
   * dropped, as in Spark.
   *
   * @param timeColumn a timestamp column
   * @param gap the gap column
   * @return the session window column
   */
  public static Column sessionWindow(Column timeColumn, Column gap) {
    return new Column(new Expr.Call("session_window", List.of(timeColumn.expr(), gap.expr())));
  }

  /**
   * The event time of a window: its end minus one microsecond, so rows of an emitted window can be
   * windowed again downstream.
   *
   * @param windowColumn a window struct column
   * @return a timestamp
   */
  public static Column windowTime(Column windowColumn) {
    return call("window_time", windowColumn);
  }
}
