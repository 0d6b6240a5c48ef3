package io.sluice.engine.internal.agg;

import io.sluice.api.Row;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ordering and set-membership keys for boxed values (the Java representations of
 * {@link io.sluice.api.types.DataType}), with the same semantics as {@link TypeOps} has on vectors.
 * Used when merging buffers held as objects (state), not on the per-row path.
 */
final class Values {
  private Values() {}

  /**
   * Orders two non-null values of a type.
   *
   * @param a a value
   * @param b a value
   * @param type their type
   * @return negative, zero or positive
   */
  static int compare(Object a, Object b, DataType type) {
    if (type instanceof StructType st) {
      Row x = (Row) a;
      Row y = (Row) b;
      for (int f = 0; f < st.size(); f++) {
        int c = compareNullsFirst(x.get(f), y.get(f), st.field(f).type());
        if (c != 0) {
          return c;
        }
      }
      return 0;
    } else if (type instanceof ArrayType at) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      for (int k = 0; k < Math.min(x.size(), y.size()); k++) {
        int c = compareNullsFirst(x.get(k), y.get(k), at.elementType());
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    switch ((AtomicType) type) {
      case BOOLEAN:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case INT:
        return Integer.compare((Integer) a, (Integer) b);
      case LONG:
        return Long.compare((Long) a, (Long) b);
      case DOUBLE:
        return TypeOps.compareDoubles((Double) a, (Double) b);
      case STRING:
        return compareCodePoints((String) a, (String) b);
      case BINARY:
        return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      case TIMESTAMP:
        return ((Instant) a).compareTo((Instant) b);
      case DATE:
        return ((LocalDate) a).compareTo((LocalDate) b);
      default:
        return 0;
    }
  }

  private static int compareNullsFirst(Object a, Object b, DataType type) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? -1 : 1;
    }
    return compare(a, b, type);
  }

  /** Code point order, which is the unsigned byte order of the UTF-8 encodings. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /**
   * A key whose {@code equals}/{@code hashCode} mean "the same value" for distinct sets: binary by
   * content, {@code -0.0} as {@code 0.0}, structs and arrays element-wise.
   *
   * @param v a value, may be null
   * @param type its type
   * @return the key
   */
  static Object distinctKey(Object v, DataType type) {
    if (v == null) {
      return null;
    } else if (type instanceof StructType st) {
      Row r = (Row) v;
      List<Object> out = new ArrayList<>(st.size());
      for (int f = 0; f < st.size(); f++) {
        out.add(distinctKey(r.get(f), st.field(f).type()));
      }
      return out;
    } else if (type instanceof ArrayType at) {
      List<Object> out = new ArrayList<>();
      for (Object e : (List<?>) v) {
        out.add(distinctKey(e, at.elementType()));
      }
      return out;
    } else if (v instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    } else if (v instanceof Double d && d == 0.0) {
      return 0.0;
    }
    return v;
  }
}
