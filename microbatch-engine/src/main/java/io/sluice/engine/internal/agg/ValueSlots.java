package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.Arrays;

/**
 * One chosen value per group (the current min, max, first or last), of any type, stored without
 * an object per value: values live in an append-only arena vector and each group points at its
 * entry. Within a batch, callers first pick the winning row per group ({@link #candidate}), then
 * {@link #commit} appends at most one value per touched group, so the arena grows by at most the
 * number of groups per batch; it is compacted when it holds mostly superseded values.
 */
final class ValueSlots {
  private final DataType type;
  private ColumnVector arena;
  private int[] ref = new int[16]; // arena index per group, -1 when the group has no value
  private int[] candidate = new int[16]; // row of the current batch per group, -1 when none
  private int[] touched = new int[16];
  private int numTouched;
  private int numGroups;

  ValueSlots(DataType type) {
    this.type = type;
    this.arena = ColumnVector.allocate(type, 16);
  }

  void addGroup(int g) {
    if (g >= ref.length) {
      int len = AggState.grownLength(ref.length, g + 1);
      ref = Arrays.copyOf(ref, len);
      candidate = Arrays.copyOf(candidate, len);
      touched = Arrays.copyOf(touched, len);
    }
    ref[g] = -1;
    candidate[g] = -1;
    numGroups = Math.max(numGroups, g + 1);
  }

  /** @return whether group {@code g} holds a value (possibly null, for first/last) */
  boolean has(int g) {
    return ref[g] >= 0;
  }

  /** @return the arena holding the values */
  ColumnVector arena() {
    return arena;
  }

  /** @return group {@code g}'s index in {@link #arena()}, -1 if none */
  int ref(int g) {
    return ref[g];
  }

  /** @return the batch row chosen for group {@code g} so far, -1 if none */
  int candidate(int g) {
    return candidate[g];
  }

  /**
   * Chooses row {@code row} of the current batch for group {@code g}.
   *
   * @param g the group
   * @param row the row
   */
  void setCandidate(int g, int row) {
    if (candidate[g] < 0) {
      touched[numTouched++] = g;
    }
    candidate[g] = row;
  }

  /**
   * Ends a batch: for each group with a candidate, stores it when {@code better} accepts it (or
   * always when {@code better} is null).
   *
   * @param batch the batch vector the candidates index
   * @param better decides whether the candidate replaces the stored value, or null to always
   */
  void commit(ColumnVector batch, Better better) {
    for (int t = 0; t < numTouched; t++) {
      int g = touched[t];
      int row = candidate[g];
      candidate[g] = -1;
      if (ref[g] < 0 || better == null || better.test(batch, row, arena, ref[g])) {
        ref[g] = arena.size();
        arena.appendFrom(batch, row);
      }
    }
    numTouched = 0;
    if (arena.size() > 1024 && arena.size() > 2 * numGroups) {
      compact();
    }
  }

  private void compact() {
    ColumnVector fresh = ColumnVector.allocate(type, numGroups);
    for (int g = 0; g < numGroups; g++) {
      if (ref[g] >= 0) {
        int at = fresh.size();
        fresh.appendFrom(arena, ref[g]);
        ref[g] = at;
      }
    }
    arena = fresh;
  }

  /**
   * Appends group values to a vector, null where a group has none.
   *
   * @param out the vector
   * @param count the number of groups
   */
  void write(ColumnVector out, int count) {
    for (int g = 0; g < count; g++) {
      if (ref[g] >= 0) {
        out.appendFrom(arena, ref[g]);
      } else {
        out.appendNull();
      }
    }
  }

  /** @return group {@code g}'s value boxed, or null */
  Object get(int g) {
    return ref[g] < 0 ? null : arena.getObject(ref[g]);
  }

  void clear() {
    numGroups = 0;
    numTouched = 0;
    arena = ColumnVector.allocate(type, 16);
  }

  /** Whether a candidate value should replace the stored one. */
  @FunctionalInterface
  interface Better {
    boolean test(ColumnVector candidate, int row, ColumnVector stored, int index);
  }
}
