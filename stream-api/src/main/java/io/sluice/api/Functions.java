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
}
