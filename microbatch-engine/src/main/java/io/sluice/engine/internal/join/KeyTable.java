package io.sluice.engine.internal.join;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import java.util.Arrays;
import java.util.Objects;

/**
 * A hash table over the join-key columns of one batch, probed with the key columns of another
 * batch of the same key types. Keys are hashed into an {@code int[]} and compared in place in the
 * vectors: probing allocates nothing per row.
 *
 * <p>A row whose key has a null in a column that is not null-safe ({@code =} rather than
 * {@code <=>}) is never inserted and never matches, as SQL equality says. With no key columns every
 * row matches every row (a cross join).
 */
public final class KeyTable {
  private final ColumnVector[] keys;
  private final boolean[] nullSafe;
  private final int[] hashes;
  private final int[] heads;
  private final int[] next;
  private final int mask;

  /**
   * Builds the table.
   *
   * @param keys the build side's key vectors
   * @param rows the number of rows
   * @param nullSafe per key column, whether null equals null
   */
  public KeyTable(ColumnVector[] keys, int rows, boolean[] nullSafe) {
    this.keys = keys;
    this.nullSafe = nullSafe;
    this.hashes = new int[rows];
    hash(keys, rows, hashes);
    int cap = Integer.highestOneBit(Math.max(16, rows * 2 - 1)) << 1;
    this.mask = cap - 1;
    this.heads = new int[cap];
    Arrays.fill(heads, -1);
    this.next = new int[rows];
    // Inserted last row first so each chain lists rows in ascending order: first() returns the
    // smallest equal row, which makes "first() == row" a distinct-key test.
    for (int i = rows - 1; i >= 0; i--) {
      if (hasNullKey(keys, nullSafe, i)) {
        next[i] = -1;
        continue;
      }
      int b = hashes[i] & mask;
      next[i] = heads[b];
      heads[b] = i;
    }
  }

  /** @return the per-row key hashes of the build side */
  public int[] hashes() {
    return hashes;
  }

  /**
   * The first build row equal to a probe row.
   *
   * @param probe the probe side's key vectors
   * @param row the probe row
   * @param hash its hash (from {@link #hash})
   * @return the build row, or -1
   */
  public int first(ColumnVector[] probe, int row, int hash) {
    return scan(heads[hash & mask], probe, row, hash);
  }

  /**
   * The next build row equal to a probe row.
   *
   * @param probe the probe side's key vectors
   * @param row the probe row
   * @param hash its hash
   * @param current the last match returned
   * @return the build row, or -1
   */
  public int next(ColumnVector[] probe, int row, int hash, int current) {
    return scan(next[current], probe, row, hash);
  }

  private int scan(int i, ColumnVector[] probe, int row, int hash) {
    while (i >= 0) {
      if (hashes[i] == hash && equalKeys(keys, i, probe, row)) {
        return i;
      }
      i = next[i];
    }
    return -1;
  }

  /**
   * Whether a row's key can never match: a null in a column compared with {@code =}.
   *
   * @param keys the key vectors
   * @param nullSafe per column, whether null equals null
   * @param row the row
   * @return true if the key has such a null
   */
  public static boolean hasNullKey(ColumnVector[] keys, boolean[] nullSafe, int row) {
    for (int k = 0; k < keys.length; k++) {
      if (!nullSafe[k] && keys[k].isNull(row)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hashes the key columns of rows {@code [0, rows)}; equal keys hash equally whatever their batch.
   *
   * @param keys the key vectors
   * @param rows the number of rows
   * @param out the hashes
   */
  public static void hash(ColumnVector[] keys, int rows, int[] out) {
    Arrays.fill(out, 0, rows, 0x2545F491);
    for (ColumnVector v : keys) {
      for (int i = 0; i < rows; i++) {
        int h = hashValue(v, i);
        out[i] = 31 * out[i] + (h ^ (h >>> 16));
      }
    }
  }

  private static int hashValue(ColumnVector v, int i) {
    if (v.isNull(i)) {
      return 0x9e3779b9;
    } else if (v instanceof LongVector l) {
      return Long.hashCode(l.get(i) * 0x9E3779B97F4A7C15L);
    } else if (v instanceof IntVector iv) {
      return iv.get(i) * 0x9E3779B1;
    } else if (v instanceof DoubleVector d) {
      double x = d.get(i);
      // -0.0 = 0.0 and NaN = NaN in joins, as in Spark: hash them alike.
      return Double.hashCode(x == 0.0 ? 0.0 : x);
    } else if (v instanceof BooleanVector b) {
      return b.get(i) ? 1231 : 1237;
    } else if (v instanceof BytesVector bytes) {
      byte[] data = bytes.data();
      int off = bytes.offset(i);
      int len = bytes.length(i);
      int h = 1;
      for (int k = 0; k < len; k++) {
        h = 31 * h + data[off + k];
      }
      return h;
    } else if (v instanceof StructVector s) {
      int h = 17;
      for (int c = 0; c < s.structType().size(); c++) {
        h = 31 * h + hashValue(s.child(c), i);
      }
      return h;
    }
    return Objects.hashCode(v.getObject(i));
  }

  /**
   * Whether row {@code i} of {@code a} equals row {@code j} of {@code b}, column by column (null
   * equals null here: callers exclude nulls that must not match).
   *
   * @param a key vectors of one side
   * @param i a row of {@code a}
   * @param b key vectors of the same types
   * @param j a row of {@code b}
   * @return true if equal
   */
  public static boolean equalKeys(ColumnVector[] a, int i, ColumnVector[] b, int j) {
    for (int k = 0; k < a.length; k++) {
      if (!equalValues(a[k], i, b[k], j)) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalValues(ColumnVector a, int i, ColumnVector b, int j) {
    boolean an = a.isNull(i);
    boolean bn = b.isNull(j);
    if (an || bn) {
      return an && bn;
    }
    if (a instanceof LongVector x) {
      return x.get(i) == ((LongVector) b).get(j);
    } else if (a instanceof IntVector x) {
      return x.get(i) == ((IntVector) b).get(j);
    } else if (a instanceof DoubleVector x) {
      double p = x.get(i);
      double q = ((DoubleVector) b).get(j);
      return p == q || (Double.isNaN(p) && Double.isNaN(q));
    } else if (a instanceof BooleanVector x) {
      return x.get(i) == ((BooleanVector) b).get(j);
    } else if (a instanceof BytesVector x) {
      BytesVector y = (BytesVector) b;
      return Arrays.equals(x.data(), x.offset(i), x.offset(i) + x.length(i),
          y.data(), y.offset(j), y.offset(j) + y.length(j));
    } else if (a instanceof StructVector x) {
      StructVector y = (StructVector) b;
      for (int c = 0; c < x.structType().size(); c++) {
        if (!equalValues(x.child(c), i, y.child(c), j)) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a.getObject(i), b.getObject(j));
  }
}
