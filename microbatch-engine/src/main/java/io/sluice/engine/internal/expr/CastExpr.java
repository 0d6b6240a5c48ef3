package io.sluice.engine.internal.expr;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A type conversion with Spark's non-ANSI semantics: a value that does not convert becomes null.
 * Used both for user casts and for the implicit casts that type coercion inserts.
 *
 * <p>Supported: anything to string; string to boolean, int, bigint, double, binary, timestamp,
 * date; binary to string; between int, bigint, double and boolean; timestamp to and from int,
 * bigint, double (seconds since the epoch) and date; the null type to anything.
 */
final class CastExpr extends BaseExpr {
  private final BoundExpr child;

  CastExpr(BoundExpr child, DataType to, String name, String sql) {
    super(to, child.nullable() || mayFail(child.type(), to), name, sql, List.of(child));
    this.child = child;
  }

  /**
   * Whether a value of {@code from} can be cast to {@code to}.
   *
   * @param from the source type
   * @param to the target type
   * @return true if supported
   */
  static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || from == DataTypes.NULL || to == DataTypes.STRING) {
      return true;
    }
    if (!(from instanceof AtomicType f) || !(to instanceof AtomicType t)) {
      return false;
    }
    switch (f) {
      case STRING:
        return t != DataTypes.NULL;
      case BINARY:
        return false;
      case INT:
      case LONG:
      case DOUBLE:
        return t == DataTypes.INT || t == DataTypes.LONG || t == DataTypes.DOUBLE
            || t == DataTypes.BOOLEAN || t == DataTypes.TIMESTAMP;
      case BOOLEAN:
        return t == DataTypes.INT || t == DataTypes.LONG || t == DataTypes.DOUBLE;
      case TIMESTAMP:
        return t == DataTypes.INT || t == DataTypes.LONG || t == DataTypes.DOUBLE
            || t == DataTypes.DATE || t == DataTypes.BOOLEAN;
      case DATE:
        return t == DataTypes.TIMESTAMP;
      default:
        return false;
    }
  }

  private static boolean mayFail(DataType from, DataType to) {
    return (from == DataTypes.STRING && to != DataTypes.STRING && to != DataTypes.BINARY)
        || (from == DataTypes.DOUBLE && to == DataTypes.TIMESTAMP);
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    return cast(child.eval(input, ctx), type(), input.numRows());
  }

  /**
   * Casts a vector; see the class comment for the supported conversions.
   *
   * @param c the values
   * @param to the target type
   * @param n the number of rows
   * @return {@code c} itself when the type already matches, else a new vector
   */
  static ColumnVector cast(ColumnVector c, DataType to, int n) {
    DataType from = c.type();
    if (from.equals(to)) {
      return c;
    }
    if (from == DataTypes.NULL) {
      return Vectors.nulls(to, n);
    }
    if (to == DataTypes.STRING) {
      return toStringVector(c, n);
    }
    if (from == DataTypes.STRING) {
      return fromString((BytesVector) c, (AtomicType) to, n);
    }
    ColumnVector out = convertPrimitive(c, (AtomicType) to, n);
    Vectors.propagateNulls(out, c, n);
    return out;
  }

  private static ColumnVector convertPrimitive(ColumnVector c, AtomicType to, int n) {
    AtomicType from = (AtomicType) c.type();
    switch (to) {
      case INT: {
        IntVector out = new IntVector(DataTypes.INT, n);
        for (int i = 0; i < n; i++) {
          out.append(from == DataTypes.DOUBLE ? (int) ((DoubleVector) c).get(i)
              : (int) longValue(c, from, i));
        }
        return out;
      }
      case LONG: {
        LongVector out = new LongVector(DataTypes.LONG, n);
        if (from == DataTypes.INT) {
          int[] a = ((IntVector) c).values();
          for (int i = 0; i < n; i++) {
            out.append(a[i]);
          }
        } else {
          for (int i = 0; i < n; i++) {
            out.append(from == DataTypes.DOUBLE ? (long) ((DoubleVector) c).get(i)
                : longValue(c, from, i));
          }
        }
        return out;
      }
      case DOUBLE: {
        DoubleVector out = new DoubleVector(n);
        if (from == DataTypes.INT) {
          int[] a = ((IntVector) c).values();
          for (int i = 0; i < n; i++) {
            out.append(a[i]);
          }
        } else if (from == DataTypes.LONG) {
          long[] a = ((LongVector) c).values();
          for (int i = 0; i < n; i++) {
            out.append(a[i]);
          }
        } else if (from == DataTypes.TIMESTAMP) {
          long[] a = ((LongVector) c).values();
          for (int i = 0; i < n; i++) {
            out.append(a[i] / (double) DateTimeUtil.MICROS_PER_SECOND);
          }
        } else {
          for (int i = 0; i < n; i++) {
            out.append(longValue(c, from, i));
          }
        }
        return out;
      }
      case BOOLEAN: {
        BooleanVector out = new BooleanVector(n);
        for (int i = 0; i < n; i++) {
          out.append(from == DataTypes.DOUBLE ? ((DoubleVector) c).get(i) != 0
              : from == DataTypes.TIMESTAMP ? ((LongVector) c).get(i) != 0
              : longValue(c, from, i) != 0);
        }
        return out;
      }
      case TIMESTAMP: {
        LongVector out = new LongVector(DataTypes.TIMESTAMP, n);
        for (int i = 0; i < n; i++) {
          if (from == DataTypes.DATE) {
            out.append(((IntVector) c).get(i) * DateTimeUtil.MICROS_PER_DAY);
          } else if (from == DataTypes.DOUBLE) {
            double d = ((DoubleVector) c).get(i);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
              out.appendNull();
            } else {
              out.append((long) (d * DateTimeUtil.MICROS_PER_SECOND));
            }
          } else {
            out.append(secondsToMicros(longValue(c, from, i)));
          }
        }
        return out;
      }
      case DATE: {
        IntVector out = new IntVector(DataTypes.DATE, n);
        long[] a = ((LongVector) c).values();
        for (int i = 0; i < n; i++) {
          out.append((int) Math.floorDiv(a[i], DateTimeUtil.MICROS_PER_DAY));
        }
        return out;
      }
      default:
        throw new IllegalStateException("cannot cast " + from + " to " + to);
    }
  }

  /** Saturating, as Spark's {@code SECONDS.toMicros}. */
  private static long secondsToMicros(long s) {
    if (s > Long.MAX_VALUE / DateTimeUtil.MICROS_PER_SECOND) {
      return Long.MAX_VALUE;
    } else if (s < Long.MIN_VALUE / DateTimeUtil.MICROS_PER_SECOND) {
      return Long.MIN_VALUE;
    }
    return s * DateTimeUtil.MICROS_PER_SECOND;
  }

  /** Value {@code i} of an int, bigint, boolean or timestamp (as floor seconds) vector. */
  private static long longValue(ColumnVector c, AtomicType from, int i) {
    switch (from) {
      case INT:
        return ((IntVector) c).get(i);
      case LONG:
        return ((LongVector) c).get(i);
      case BOOLEAN:
        return ((BooleanVector) c).get(i) ? 1 : 0;
      case TIMESTAMP:
        return Math.floorDiv(((LongVector) c).get(i), DateTimeUtil.MICROS_PER_SECOND);
      default:
        throw new IllegalStateException("not integral: " + from);
    }
  }

  // ---- from string ----

  private static ColumnVector fromString(BytesVector s, AtomicType to, int n) {
    byte[] d = s.data();
    ColumnVector out;
    switch (to) {
      case BINARY: {
        BytesVector o = new BytesVector(DataTypes.BINARY, n);
        for (int i = 0; i < n; i++) {
          o.append(d, s.offset(i), s.length(i));
        }
        out = o;
        break;
      }
      case INT:
      case LONG: {
        long[] parsed = new long[1];
        if (to == DataTypes.INT) {
          IntVector o = new IntVector(DataTypes.INT, n);
          for (int i = 0; i < n; i++) {
            if (!s.isNull(i) && parseLong(d, s.offset(i), s.offset(i + 1), parsed)
                && parsed[0] == (int) parsed[0]) {
              o.append((int) parsed[0]);
            } else {
              o.appendNull();
            }
          }
          out = o;
        } else {
          LongVector o = new LongVector(DataTypes.LONG, n);
          for (int i = 0; i < n; i++) {
            if (!s.isNull(i) && parseLong(d, s.offset(i), s.offset(i + 1), parsed)) {
              o.append(parsed[0]);
            } else {
              o.appendNull();
            }
          }
          out = o;
        }
        break;
      }
      case DOUBLE: {
        DoubleVector o = new DoubleVector(n);
        for (int i = 0; i < n; i++) {
          double v = s.isNull(i) ? Double.NaN : parseDouble(s.getString(i));
          if (s.isNull(i) || v != v && !isNaNText(s.getString(i))) {
            o.appendNull();
          } else {
            o.append(v);
          }
        }
        out = o;
        break;
      }
      case BOOLEAN: {
        BooleanVector o = new BooleanVector(n);
        for (int i = 0; i < n; i++) {
          int b = s.isNull(i) ? -1 : parseBoolean(d, s.offset(i), s.offset(i + 1));
          if (b < 0) {
            o.appendNull();
          } else {
            o.append(b == 1);
          }
        }
        out = o;
        break;
      }
      case TIMESTAMP: {
        LongVector o = new LongVector(DataTypes.TIMESTAMP, n);
        for (int i = 0; i < n; i++) {
          long t = s.isNull(i) ? DateTimeUtil.INVALID_TIMESTAMP
              : DateTimeUtil.parseTimestamp(d, s.offset(i), s.offset(i + 1));
          if (t == DateTimeUtil.INVALID_TIMESTAMP) {
            o.appendNull();
          } else {
            o.append(t);
          }
        }
        out = o;
        break;
      }
      case DATE: {
        IntVector o = new IntVector(DataTypes.DATE, n);
        for (int i = 0; i < n; i++) {
          int t = s.isNull(i) ? DateTimeUtil.INVALID_DATE
              : DateTimeUtil.parseDate(d, s.offset(i), s.offset(i + 1));
          if (t == DateTimeUtil.INVALID_DATE) {
            o.appendNull();
          } else {
            o.append(t);
          }
        }
        out = o;
        break;
      }
      default:
        throw new IllegalStateException("cannot cast string to " + to);
    }
    Vectors.propagateNulls(out, s, n);
    return out;
  }

  /**
   * Parses an integer as Spark casts a string: surrounding whitespace ignored, optional sign,
   * digits, and an optional fraction that is truncated ({@code "1.9"} is 1).
   *
   * @param b the bytes
   * @param start the first byte
   * @param end the end (exclusive)
   * @param out receives the value
   * @return false if the text is not a number or overflows a long
   */
  static boolean parseLong(byte[] b, int start, int end, long[] out) {
    while (start < end && (b[start] & 0xFF) <= ' ') {
      start++;
    }
    while (end > start && (b[end - 1] & 0xFF) <= ' ') {
      end--;
    }
    if (start == end) {
      return false;
    }
    boolean negative = false;
    if (b[start] == '-' || b[start] == '+') {
      negative = b[start] == '-';
      start++;
    }
    long v = 0; // accumulated negatively to reach Long.MIN_VALUE
    int pos = start;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      int digit = b[pos] - '0';
      if (v < (Long.MIN_VALUE + digit) / 10) {
        return false;
      }
      v = v * 10 - digit;
      pos++;
    }
    if (pos == start) {
      return false;
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
      }
    }
    if (pos != end || (!negative && v == Long.MIN_VALUE)) {
      return false;
    }
    out[0] = negative ? v : -v;
    return true;
  }

  /**
   * Parses a double as Spark casts a string (Java's syntax, plus inf/infinity/nan in any case).
   *
   * @param text the text
   * @return the value, or NaN if it does not parse (check {@link #isNaNText})
   */
  static double parseDouble(String text) {
    String t = text.trim();
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      switch (t.toLowerCase(Locale.ROOT)) {
        case "inf": case "+inf": case "infinity": case "+infinity":
          return Double.POSITIVE_INFINITY;
        case "-inf": case "-infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          return Double.NaN;
      }
    }
  }

  static boolean isNaNText(String text) {
    return text.trim().equalsIgnoreCase("nan");
  }

  private static final byte[][] TRUE_WORDS = words("true", "t", "yes", "y", "1");
  private static final byte[][] FALSE_WORDS = words("false", "f", "no", "n", "0");

  private static byte[][] words(String... ws) {
    byte[][] out = new byte[ws.length][];
    for (int i = 0; i < ws.length; i++) {
      out[i] = ws[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  /**
   * Parses a boolean as Spark casts a string (case-insensitive true/t/yes/y/1, false/f/no/n/0).
   *
   * @return 1 for true, 0 for false, -1 otherwise
   */
  static int parseBoolean(byte[] b, int start, int end) {
    while (start < end && (b[start] & 0xFF) <= ' ') {
      start++;
    }
    while (end > start && (b[end - 1] & 0xFF) <= ' ') {
      end--;
    }
    for (byte[] w : TRUE_WORDS) {
      if (equalsIgnoreCaseAscii(b, start, end, w)) {
        return 1;
      }
    }
    for (byte[] w : FALSE_WORDS) {
      if (equalsIgnoreCaseAscii(b, start, end, w)) {
        return 0;
      }
    }
    return -1;
  }

  private static boolean equalsIgnoreCaseAscii(byte[] b, int start, int end, byte[] lowerWord) {
    if (end - start != lowerWord.length) {
      return false;
    }
    for (int k = 0; k < lowerWord.length; k++) {
      int c = b[start + k];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lowerWord[k]) {
        return false;
      }
    }
    return true;
  }

  // ---- to string ----

  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private static BytesVector toStringVector(ColumnVector c, int n) {
    BytesVector out = new BytesVector(DataTypes.STRING, n);
    DataType from = c.type();
    for (int i = 0; i < n; i++) {
      if (c.isNull(i)) {
        out.appendNull();
      } else if (from == DataTypes.INT) {
        appendLong(out, ((IntVector) c).get(i));
      } else if (from == DataTypes.LONG) {
        appendLong(out, ((LongVector) c).get(i));
      } else if (from == DataTypes.BOOLEAN) {
        out.append(((BooleanVector) c).get(i) ? TRUE : FALSE);
      } else if (from == DataTypes.BINARY) {
        BytesVector b = (BytesVector) c;
        out.append(b.data(), b.offset(i), b.length(i));
      } else {
        StringBuilder sb = new StringBuilder();
        appendText(sb, c, i);
        out.appendString(sb.toString());
      }
    }
    return out;
  }

  /** Appends the decimal digits of {@code v} without allocating. */
  static void appendLong(BytesVector out, long v) {
    byte[] d = out.reserve(20);
    int start = out.dataEnd();
    if (v == Long.MIN_VALUE) {
      byte[] min = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(min, 0, d, start, min.length);
      out.commitAppend(min.length);
      return;
    }
    int pos = start;
    if (v < 0) {
      d[pos++] = '-';
      v = -v;
    }
    int digitsStart = pos;
    do {
      d[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int lo = digitsStart, hi = pos - 1; lo < hi; lo++, hi--) {
      byte t = d[lo];
      d[lo] = d[hi];
      d[hi] = t;
    }
    out.commitAppend(pos - start);
  }

  /**
   * Appends value {@code i} as Spark's cast to string renders it: structs as {@code {1, a}},
   * arrays as {@code [1, 2]}, nested nulls as {@code null}.
   *
   * @param sb the target
   * @param c the vector
   * @param i the index
   */
  static void appendText(StringBuilder sb, ColumnVector c, int i) {
    if (c.isNull(i)) {
      sb.append("null");
      return;
    }
    DataType t = c.type();
    if (t instanceof StructType st) {
      StructVector s = (StructVector) c;
      sb.append('{');
      for (int f = 0; f < st.size(); f++) {
        if (f > 0) {
          sb.append(", ");
        }
        appendText(sb, s.child(f), i);
      }
      sb.append('}');
    } else if (t instanceof ArrayType) {
      ArrayVector a = (ArrayVector) c;
      sb.append('[');
      for (int k = a.offset(i); k < a.offset(i + 1); k++) {
        if (k > a.offset(i)) {
          sb.append(", ");
        }
        appendText(sb, a.elements(), k);
      }
      sb.append(']');
    } else {
      switch ((AtomicType) t) {
        case TIMESTAMP:
          sb.append(DateTimeUtil.formatTimestamp(((LongVector) c).get(i)));
          break;
        case DATE:
          DateTimeUtil.appendDate(sb, ((IntVector) c).get(i));
          break;
        case STRING:
          sb.append(((BytesVector) c).getString(i));
          break;
        case BINARY: {
          BytesVector b = (BytesVector) c;
          sb.append(new String(b.data(), b.offset(i), b.length(i), StandardCharsets.UTF_8));
          break;
        }
        default:
          sb.append(c.getObject(i));
      }
    }
  }
}
