package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.Arrays;

/**
 * A set of distinct values of one type, in first-seen order: the values in a vector, an open
 * addressing table of indices into it, and each value's hash. One per group for collect_set and
 * count(DISTINCT ...).
 */
final class ValueSet {
  private final TypeOps ops;
  private final ColumnVector values;
  private long[] hashes = new long[4];
  private int[] table = new int[8]; // value index + 1, 0 = empty
  private int mask = 7;

  ValueSet(DataType type, TypeOps ops) {
    this.ops = ops;
    this.values = ColumnVector.allocate(type, 4);
  }

  /** @return the distinct values, in first-seen order */
  ColumnVector values() {
    return values;
  }

  /** @return the number of distinct values */
  int size() {
    return values.size();
  }

  /**
   * Adds value {@code i} of {@code src} unless an equal value is present.
   *
   * @param src the vector
   * @param i the index (not null)
   * @param hash the value's hash as {@link TypeOps#hashColumn} computes it
   */
  void add(ColumnVector src, int i, long hash) {
    int slot = slot(hash);
    while (true) {
      int e = table[slot];
      if (e == 0) {
        break;
      }
      if (hashes[e - 1] == hash && ops.equal(values, e - 1, src, i)) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    int idx = values.size();
    values.appendFrom(src, i);
    if (idx == hashes.length) {
      hashes = Arrays.copyOf(hashes, idx * 2);
    }
    hashes[idx] = hash;
    table[slot] = idx + 1;
    if (values.size() * 2 > table.length) {
      rehash(table.length * 2);
    }
  }

  private int slot(long hash) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    mask = capacity - 1;
    for (int idx = 0; idx < values.size(); idx++) {
      int slot = slot(hashes[idx]);
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = idx + 1;
    }
  }
}
