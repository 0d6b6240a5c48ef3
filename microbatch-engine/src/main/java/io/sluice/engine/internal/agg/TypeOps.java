package io.sluice.engine.internal.agg;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Hashing, equality and ordering of values held in column vectors, one implementation per type,
 * so that grouping keys, distinct sets and min/max compare values in place without boxing.
 *
 * <p>Semantics follow Spark: strings and binary compare as unsigned bytes (UTF-8 byte order equals
 * code point order), doubles treat {@code -0.0 == 0.0} and {@code NaN == NaN} with NaN largest,
 * booleans {@code false < true}; structs and arrays compare field by field / element by element
 * with nulls first. Values that are equal hash equally. Hashes are 64 bit and well mixed, so
 * approx_count_distinct can use them directly.
 */
abstract class TypeOps {
  /** The hash of a null value inside keys, structs and arrays. */
  static final long NULL_HASH = 0x5851F42D4C957F2DL;
  private static final long C1 = 0x87C37B91114253D5L;
  private static final long C2 = 0x4CF5AD432745937FL;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The operations for a type.
   *
   * @param type the type
   * @return its operations
   */
  static TypeOps of(DataType type) {
    if (type instanceof StructType st) {
      return new StructOps(st);
    } else if (type instanceof ArrayType at) {
      return new ArrayOps(at);
    }
    switch ((AtomicType) type) {
      case BOOLEAN:
        return BoolOps.INSTANCE;
      case INT:
      case DATE:
        return IntOps.INSTANCE;
      case LONG:
      case TIMESTAMP:
        return LongOps.INSTANCE;
      case DOUBLE:
        return DoubleOps.INSTANCE;
      case STRING:
      case BINARY:
        return BytesOps.INSTANCE;
      default:
        return NullOps.INSTANCE;
    }
  }

  /**
   * Hashes a non-null value.
   *
   * @param v the vector
   * @param i the index
   * @return a well-mixed 64-bit hash
   */
  abstract long hash(ColumnVector v, int i);

  /**
   * Whether two non-null values are equal.
   *
   * @param a a vector
   * @param i an index in {@code a}
   * @param b a vector of the same type
   * @param j an index in {@code b}
   * @return true if equal
   */
  abstract boolean equal(ColumnVector a, int i, ColumnVector b, int j);

  /**
   * Orders two non-null values.
   *
   * @param a a vector
   * @param i an index in {@code a}
   * @param b a vector of the same type
   * @param j an index in {@code b}
   * @return negative, zero or positive
   */
  abstract int compare(ColumnVector a, int i, ColumnVector b, int j);

  /**
   * Folds the hashes of {@code v}'s first {@code n} values into {@code hashes}: {@code hashes[i] =
   * combine(hashes[i], hash(v, i))}, nulls hashing to {@link #NULL_HASH}. Starting from zeros this
   * leaves the plain value hashes.
   *
   * @param v the vector
   * @param hashes the running hashes, at least {@code n} long
   * @param n the number of values
   */
  void hashColumn(ColumnVector v, long[] hashes, int n) {
    for (int i = 0; i < n; i++) {
      hashes[i] = hashInto(hashes[i], v, i);
    }
  }

  /**
   * Folds value {@code i} (possibly null) into a running hash; {@link #hashColumn} does this for
   * a whole column and gives the same result.
   *
   * @param h the running hash
   * @param v the vector
   * @param i the index
   * @return the new running hash
   */
  long hashInto(long h, ColumnVector v, int i) {
    return combine(h, v.isNull(i) ? NULL_HASH : hash(v, i));
  }

  /** Equality where null equals null (grouping semantics). */
  final boolean equalNullSafe(ColumnVector a, int i, ColumnVector b, int j) {
    boolean an = a.isNull(i);
    boolean bn = b.isNull(j);
    if (an || bn) {
      return an && bn;
    }
    return equal(a, i, b, j);
  }

  /** Ordering with nulls first. */
  final int compareNullsFirst(ColumnVector a, int i, ColumnVector b, int j) {
    boolean an = a.isNull(i);
    boolean bn = b.isNull(j);
    if (an || bn) {
      return an == bn ? 0 : an ? -1 : 1;
    }
    return compare(a, i, b, j);
  }

  /**
   * Combines a running hash with the next component's hash.
   *
   * @param h the running hash (0 to start)
   * @param x the component's hash
   * @return the new running hash
   */
  static long combine(long h, long x) {
    return h * GOLDEN + x;
  }

  /**
   * MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
   *
   * @param k the value
   * @return the mixed value
   */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  /**
   * Hashes a byte range in place, eight bytes at a time.
   *
   * @param b the array
   * @param off the start
   * @param len the length
   * @return a well-mixed 64-bit hash
   */
  static long hashBytes(byte[] b, int off, int len) {
    long h = len * GOLDEN;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      long k = (long) LONG_LE.get(b, i);
      k *= C1;
      k = Long.rotateLeft(k, 31);
      k *= C2;
      h ^= k;
      h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (b[i] & 0xFFL) << shift;
    }
    tail *= C1;
    tail = Long.rotateLeft(tail, 31);
    tail *= C2;
    h ^= tail;
    return fmix64(h);
  }

  /**
   * Spark's double ordering: {@code -0.0 == 0.0}, NaN equals NaN and is larger than any number.
   */
  static int compareDoubles(double a, double b) {
    if (a < b) {
      return -1;
    } else if (a > b) {
      return 1;
    } else if (a == b) {
      return 0;
    }
    boolean an = Double.isNaN(a);
    boolean bn = Double.isNaN(b);
    return an == bn ? 0 : an ? 1 : -1;
  }

  static long hashDouble(double d) {
    // normalize -0.0 to 0.0; doubleToLongBits maps every NaN to one bit pattern
    return fmix64(Double.doubleToLongBits(d == 0.0 ? 0.0 : d) + 1);
  }

  static final class BoolOps extends TypeOps {
    static final BoolOps INSTANCE = new BoolOps();

    @Override
    long hash(ColumnVector v, int i) {
      return fmix64(((BooleanVector) v).get(i) ? 2 : 1);
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      return ((BooleanVector) a).get(i) == ((BooleanVector) b).get(j);
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      return Boolean.compare(((BooleanVector) a).get(i), ((BooleanVector) b).get(j));
    }
  }

  static final class IntOps extends TypeOps {
    static final IntOps INSTANCE = new IntOps();

    @Override
    long hash(ColumnVector v, int i) {
      return fmix64(((IntVector) v).get(i) + 1L);
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      return ((IntVector) a).get(i) == ((IntVector) b).get(j);
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      return Integer.compare(((IntVector) a).get(i), ((IntVector) b).get(j));
    }

    @Override
    void hashColumn(ColumnVector v, long[] hashes, int n) {
      int[] values = ((IntVector) v).values();
      if (v.mayHaveNulls()) {
        for (int i = 0; i < n; i++) {
          hashes[i] = combine(hashes[i], v.isNull(i) ? NULL_HASH : fmix64(values[i] + 1L));
        }
      } else {
        for (int i = 0; i < n; i++) {
          hashes[i] = combine(hashes[i], fmix64(values[i] + 1L));
        }
      }
    }
  }

  static final class LongOps extends TypeOps {
    static final LongOps INSTANCE = new LongOps();

    @Override
    long hash(ColumnVector v, int i) {
      return fmix64(((LongVector) v).get(i) + 1L);
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      return ((LongVector) a).get(i) == ((LongVector) b).get(j);
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      return Long.compare(((LongVector) a).get(i), ((LongVector) b).get(j));
    }

    @Override
    void hashColumn(ColumnVector v, long[] hashes, int n) {
      long[] values = ((LongVector) v).values();
      if (v.mayHaveNulls()) {
        for (int i = 0; i < n; i++) {
          hashes[i] = combine(hashes[i], v.isNull(i) ? NULL_HASH : fmix64(values[i] + 1L));
        }
      } else {
        for (int i = 0; i < n; i++) {
          hashes[i] = combine(hashes[i], fmix64(values[i] + 1L));
        }
      }
    }
  }

  static final class DoubleOps extends TypeOps {
    static final DoubleOps INSTANCE = new DoubleOps();

    @Override
    long hash(ColumnVector v, int i) {
      return hashDouble(((DoubleVector) v).get(i));
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      return compareDoubles(((DoubleVector) a).get(i), ((DoubleVector) b).get(j)) == 0;
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      return compareDoubles(((DoubleVector) a).get(i), ((DoubleVector) b).get(j));
    }
  }

  static final class BytesOps extends TypeOps {
    static final BytesOps INSTANCE = new BytesOps();

    @Override
    long hash(ColumnVector v, int i) {
      BytesVector b = (BytesVector) v;
      return hashBytes(b.data(), b.offset(i), b.length(i));
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      BytesVector x = (BytesVector) a;
      BytesVector y = (BytesVector) b;
      int xo = x.offset(i);
      int yo = y.offset(j);
      return Arrays.equals(x.data(), xo, xo + x.length(i), y.data(), yo, yo + y.length(j));
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      BytesVector x = (BytesVector) a;
      BytesVector y = (BytesVector) b;
      int xo = x.offset(i);
      int yo = y.offset(j);
      return Arrays.compareUnsigned(x.data(), xo, xo + x.length(i), y.data(), yo,
          yo + y.length(j));
    }

    @Override
    void hashColumn(ColumnVector v, long[] hashes, int n) {
      BytesVector b = (BytesVector) v;
      byte[] data = b.data();
      for (int i = 0; i < n; i++) {
        long h = b.isNull(i) ? NULL_HASH : hashBytes(data, b.offset(i), b.length(i));
        hashes[i] = combine(hashes[i], h);
      }
    }
  }

  static final class StructOps extends TypeOps {
    private final TypeOps[] fields;

    StructOps(StructType type) {
      fields = new TypeOps[type.size()];
      for (int f = 0; f < fields.length; f++) {
        fields[f] = of(type.field(f).type());
      }
    }

    @Override
    long hash(ColumnVector v, int i) {
      return fmix64(hashInto(0, v, i));
    }

    @Override
    long hashInto(long h, ColumnVector v, int i) {
      if (v.isNull(i)) {
        return combine(h, NULL_HASH);
      }
      StructVector s = (StructVector) v;
      for (int f = 0; f < fields.length; f++) {
        h = fields[f].hashInto(h, s.child(f), i);
      }
      return h;
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      StructVector x = (StructVector) a;
      StructVector y = (StructVector) b;
      for (int f = 0; f < fields.length; f++) {
        if (!fields[f].equalNullSafe(x.child(f), i, y.child(f), j)) {
          return false;
        }
      }
      return true;
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      StructVector x = (StructVector) a;
      StructVector y = (StructVector) b;
      for (int f = 0; f < fields.length; f++) {
        int c = fields[f].compareNullsFirst(x.child(f), i, y.child(f), j);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    @Override
    void hashColumn(ColumnVector v, long[] hashes, int n) {
      // column-wise over the fields (a window {start, end} key hashes two long arrays); the same
      // result as hashInto row by row
      StructVector s = (StructVector) v;
      if (!s.mayHaveNulls()) {
        for (int f = 0; f < fields.length; f++) {
          fields[f].hashColumn(s.child(f), hashes, n);
        }
        return;
      }
      super.hashColumn(v, hashes, n);
    }
  }

  static final class ArrayOps extends TypeOps {
    private final TypeOps element;

    ArrayOps(ArrayType type) {
      element = of(type.elementType());
    }

    @Override
    long hash(ColumnVector v, int i) {
      ArrayVector a = (ArrayVector) v;
      ColumnVector e = a.elements();
      long h = a.length(i);
      for (int k = a.offset(i), end = k + a.length(i); k < end; k++) {
        h = element.hashInto(h, e, k);
      }
      return fmix64(h);
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      ArrayVector x = (ArrayVector) a;
      ArrayVector y = (ArrayVector) b;
      int len = x.length(i);
      if (len != y.length(j)) {
        return false;
      }
      for (int k = 0; k < len; k++) {
        if (!element.equalNullSafe(x.elements(), x.offset(i) + k, y.elements(), y.offset(j) + k)) {
          return false;
        }
      }
      return true;
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      ArrayVector x = (ArrayVector) a;
      ArrayVector y = (ArrayVector) b;
      int xl = x.length(i);
      int yl = y.length(j);
      for (int k = 0; k < Math.min(xl, yl); k++) {
        int c = element.compareNullsFirst(x.elements(), x.offset(i) + k, y.elements(),
            y.offset(j) + k);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(xl, yl);
    }
  }

  static final class NullOps extends TypeOps {
    static final NullOps INSTANCE = new NullOps();

    @Override
    long hash(ColumnVector v, int i) {
      return NULL_HASH;
    }

    @Override
    boolean equal(ColumnVector a, int i, ColumnVector b, int j) {
      return true;
    }

    @Override
    int compare(ColumnVector a, int i, ColumnVector b, int j) {
      return 0;
    }
  }
}
