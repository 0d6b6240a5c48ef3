package io.sluice.engine.internal.agg;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Grouping key columns flattened into their primitive leaves (bigint/timestamp, int/date and
 * string/binary vectors; structs such as a window {@code {start, end}} contribute their fields),
 * so that comparing two keys is a few array reads instead of a virtual call per key column and
 * struct field. Only for vectors without any null at any level, where equality is plain value
 * equality; otherwise {@link #of} returns null and the caller compares through {@link TypeOps}.
 */
final class FlatKeys {
  private final long[][] longs;
  private final int[][] ints;
  private final BytesVector[] bytes;

  private FlatKeys(long[][] longs, int[][] ints, BytesVector[] bytes) {
    this.longs = longs;
    this.ints = ints;
    this.bytes = bytes;
  }

  /**
   * Flattens key vectors.
   *
   * @param keys the key columns
   * @return the leaves, or null if some vector may hold a null or has a type compared otherwise
   *     (double, boolean, array)
   */
  static FlatKeys of(ColumnVector[] keys) {
    List<long[]> longs = new ArrayList<>(4);
    List<int[]> ints = new ArrayList<>(2);
    List<BytesVector> bytes = new ArrayList<>(2);
    for (ColumnVector k : keys) {
      if (!collect(k, longs, ints, bytes)) {
        return null;
      }
    }
    return new FlatKeys(longs.toArray(new long[0][]), ints.toArray(new int[0][]),
        bytes.toArray(new BytesVector[0]));
  }

  private static boolean collect(ColumnVector v, List<long[]> longs, List<int[]> ints, List<BytesVector> bytes) {
    if (v.mayHaveNulls()) {
      return false;
    }
    if (v instanceof LongVector l) {
      longs.add(l.values());
    } else if (v instanceof IntVector i) {
      ints.add(i.values());
    } else if (v instanceof BytesVector b) {
      bytes.add(b);
    } else if (v instanceof StructVector s) {
      for (int f = 0; f < s.structType().size(); f++) {
        if (!collect(s.child(f), longs, ints, bytes)) {
          return false;
        }
      }
    } else {
      return false;
    }
    return true;
  }

  /**
   * Whether {@code other} has the same leaves (the same key schema): both were flattened from
   * vectors of one schema, so this only guards against a schema mismatch.
   */
  boolean sameShape(FlatKeys other) {
    return longs.length == other.longs.length && ints.length == other.ints.length
        && bytes.length == other.bytes.length;
  }

  /**
   * Whether key {@code i} of this equals key {@code j} of {@code other}.
   *
   * @param i a row of this
   * @param other keys of the same shape
   * @param j a row of {@code other}
   * @return true if every leaf is equal
   */
  boolean equal(int i, FlatKeys other, int j) {
    long[][] al = longs;
    long[][] bl = other.longs;
    for (int l = 0; l < al.length; l++) {
      if (al[l][i] != bl[l][j]) {
        return false;
      }
    }
    int[][] ai = ints;
    int[][] bi = other.ints;
    for (int l = 0; l < ai.length; l++) {
      if (ai[l][i] != bi[l][j]) {
        return false;
      }
    }
    BytesVector[] ab = bytes;
    BytesVector[] bb = other.bytes;
    for (int l = 0; l < ab.length; l++) {
      BytesVector x = ab[l];
      BytesVector y = bb[l];
      int xo = x.offset(i);
      int yo = y.offset(j);
      int len = x.offset(i + 1) - xo;
      if (len != y.offset(j + 1) - yo || !Arrays.equals(x.data(), xo, xo + len, y.data(), yo, yo + len)) {
        return false;
      }
    }
    return true;
  }
}
