package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import java.util.List;

/**
 * The buffers of one aggregate for all groups of a {@link GroupedAggregator}, kept column-wise
 * (primitive arrays indexed by group id, or one object per group for collections) so that updates
 * run over whole input vectors without allocating per row.
 *
 * <p>Group ids are dense, assigned in order from 0. In the {@code groups} arrays passed to
 * {@link #update} and {@link #merge}, a negative id means "skip this row".
 */
abstract class AggState {
  /**
   * Makes room for group {@code g} (the next id) and resets its buffer to the empty state; the
   * slot may hold values from before a {@link #clear()}.
   *
   * @param g the new group id
   */
  abstract void addGroup(int g);

  /**
   * Accumulates raw input rows.
   *
   * @param groups the group of each row, negative to skip it
   * @param args the evaluated arguments, each with at least {@code n} values
   * @param n the number of rows
   */
  abstract void update(int[] groups, ColumnVector[] args, int n);

  /**
   * Merges partial buffers.
   *
   * @param groups the group of each partial row, negative to skip it
   * @param partial the partial rows
   * @param column where this aggregate's buffer columns start in {@code partial}
   * @param n the number of rows
   */
  abstract void merge(int[] groups, ColumnBatch partial, int column, int n);

  /**
   * Appends the buffers of groups {@code 0..numGroups-1} to the output vectors.
   *
   * @param out the partial batch's vectors
   * @param column where this aggregate's buffer columns start in {@code out}
   * @param numGroups the number of groups
   */
  abstract void writePartial(ColumnVector[] out, int column, int numGroups);

  /**
   * Appends group {@code g}'s buffer values (Java representations) to {@code out}.
   *
   * @param g the group
   * @param out the list to append to
   */
  abstract void bufferValues(int g, List<Object> out);

  /** Forgets all groups; arrays may be kept for reuse, per-group objects are released. */
  abstract void clear();

  static int grownLength(int current, int needed) {
    return Math.max(needed, Math.max(16, current * 2));
  }
}
