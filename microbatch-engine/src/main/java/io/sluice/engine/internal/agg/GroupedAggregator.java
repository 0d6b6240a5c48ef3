package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.EvalContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups rows by key and accumulates aggregate buffers, a whole batch at a time: the key columns
 * are hashed column-wise, each row finds its group in an open-addressing table (linear probing,
 * grown by rehash at half load) whose keys live in one vector per key column, and then each
 * aggregate updates its column-wise buffers from the group ids. Nothing is allocated per row.
 *
 * <p>Group ids are dense and assigned in first-seen order. One per task; not thread-safe.
 */
public final class GroupedAggregator {
  private static final int INITIAL_SLOTS = 64;

  private final AggregateFunctions functions;
  private final StructType keySchema;
  private final StructType partialSchema;
  private final TypeOps[] keyOps;
  private final AggState[] states;
  private final int[] argCounts;

  private ColumnVector[] keyStore;
  private int[] table = new int[INITIAL_SLOTS]; // group id + 1 per slot, 0 = empty
  private int mask = INITIAL_SLOTS - 1;
  private long[] groupHashes = new long[INITIAL_SLOTS / 2];
  private int numGroups;

  private long[] rowHashes = new long[0];
  private int[] rowGroups = new int[0];

  /**
   * Creates an empty aggregator.
   *
   * @param functions the aggregates
   * @param keySchema the grouping key columns' schema (any type, including structs such as a
   *     window {@code {start, end}}); empty for a global aggregation
   */
  public GroupedAggregator(AggregateFunctions functions, StructType keySchema) {
    this.functions = functions;
    this.keySchema = keySchema;
    List<StructField> partial = new ArrayList<>(keySchema.fields());
    partial.addAll(functions.bufferSchema().fields());
    this.partialSchema = new StructType(partial);
    this.keyOps = new TypeOps[keySchema.size()];
    for (int k = 0; k < keyOps.length; k++) {
      keyOps[k] = TypeOps.of(keySchema.field(k).type());
    }
    List<AggFunction> fns = functions.functions();
    this.states = new AggState[fns.size()];
    this.argCounts = new int[fns.size()];
    for (int f = 0; f < states.length; f++) {
      states[f] = fns.get(f).newState();
      argCounts[f] = fns.get(f).args().length;
    }
    this.keyStore = ColumnBatch.allocate(keySchema, INITIAL_SLOTS / 2);
  }

  /** @return the aggregates */
  public AggregateFunctions functions() {
    return functions;
  }

  /** @return the schema of {@link #toPartial()}: key fields, then buffer fields */
  public StructType partialSchema() {
    return partialSchema;
  }

  /**
   * Adds raw input rows.
   *
   * @param keys key column {@code k} as a vector with {@code input.numRows()} values
   * @param input the rows, with the schema the aggregates were resolved against
   * @param skip rows to ignore (e.g. late rows) where true; null to keep all
   * @param ctx the evaluation context for the aggregates' arguments
   * @throws IllegalArgumentException if the key vectors don't match the key schema or the batch
   */
  public void addInput(ColumnVector[] keys, ColumnBatch input, boolean[] skip, EvalContext ctx) {
    int n = input.numRows();
    checkKeys(keys, n);
    if (skip != null && skip.length < n) {
      throw new IllegalArgumentException("skip has " + skip.length + " flags for " + n + " rows");
    }
    assignGroups(keys, skip, n);
    List<AggFunction> fns = functions.functions();
    for (int f = 0; f < states.length; f++) {
      BoundExpr[] args = fns.get(f).args();
      ColumnVector[] values = new ColumnVector[argCounts[f]];
      for (int a = 0; a < values.length; a++) {
        values[a] = args[a].eval(input, ctx);
      }
      states[f].update(rowGroups, values, n);
    }
  }

  /**
   * Merges partial rows, e.g. from other tasks after a shuffle, in row order.
   *
   * @param partial rows of {@link #partialSchema()}: key fields followed by buffer fields
   * @throws IllegalArgumentException if the batch has the wrong number of columns
   */
  public void addPartial(ColumnBatch partial) {
    if (partial.numColumns() != partialSchema.size()) {
      throw new IllegalArgumentException("partial batch has " + partial.numColumns()
          + " columns, expected " + partialSchema.simpleString());
    }
    int n = partial.numRows();
    ColumnVector[] keys = new ColumnVector[keyOps.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = partial.column(k);
    }
    assignGroups(keys, null, n);
    for (int f = 0; f < states.length; f++) {
      states[f].merge(rowGroups, partial, keys.length + functions.bufferOffset(f), n);
    }
  }

  /** @return the number of groups */
  public int numGroups() {
    return numGroups;
  }

  /**
   * All groups as partial rows, in group order, for the shuffle or the state store.
   *
   * @return a new batch of {@link #partialSchema()}; later updates don't change it
   */
  public ColumnBatch toPartial() {
    ColumnVector[] out = ColumnBatch.allocate(partialSchema, numGroups);
    for (int k = 0; k < keyStore.length; k++) {
      for (int g = 0; g < numGroups; g++) {
        out[k].appendFrom(keyStore[k], g);
      }
    }
    for (int f = 0; f < states.length; f++) {
      states[f].writePartial(out, keyStore.length + functions.bufferOffset(f), numGroups);
    }
    return new ColumnBatch(partialSchema, out, numGroups);
  }

  /**
   * Group {@code group}'s key values.
   *
   * @param group the group id, below {@link #numGroups()}
   * @return the values in key schema order, Java representations
   */
  public List<Object> keyValues(int group) {
    checkGroup(group);
    List<Object> out = new ArrayList<>(keyStore.length);
    for (ColumnVector k : keyStore) {
      out.add(k.getObject(group));
    }
    return out;
  }

  /**
   * Group {@code group}'s buffer values.
   *
   * @param group the group id, below {@link #numGroups()}
   * @return the values in buffer schema order, Java representations
   */
  public List<Object> bufferValues(int group) {
    checkGroup(group);
    List<Object> out = new ArrayList<>(functions.bufferSchema().size());
    for (AggState s : states) {
      s.bufferValues(group, out);
    }
    return out;
  }

  /** Removes all groups, keeping the table and buffer arrays for reuse. */
  public void clear() {
    Arrays.fill(table, 0);
    // vectors cannot be truncated: start new key vectors sized for a similar number of groups
    keyStore = ColumnBatch.allocate(keySchema, Math.max(numGroups, INITIAL_SLOTS / 2));
    numGroups = 0;
    for (AggState s : states) {
      s.clear();
    }
  }

  // ---- hash table ----

  private void assignGroups(ColumnVector[] keys, boolean[] skip, int n) {
    if (rowHashes.length < n) {
      rowHashes = new long[Math.max(n, rowHashes.length * 2)];
      rowGroups = new int[rowHashes.length];
    }
    long[] hashes = rowHashes;
    Arrays.fill(hashes, 0, n, 0L);
    for (int k = 0; k < keys.length; k++) {
      keyOps[k].hashColumn(keys[k], hashes, n);
    }
    int[] groups = rowGroups;
    FlatKeys flat = FlatKeys.of(keys);
    if (flat != null && assignGroupsFlat(keys, flat, skip, n)) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (skip != null && skip[i]) {
        groups[i] = -1;
        continue;
      }
      long h = hashes[i];
      int slot = slot(h);
      int g;
      while (true) {
        int e = table[slot];
        if (e == 0) {
          g = insert(keys, i, h, slot);
          break;
        }
        g = e - 1;
        if (groupHashes[g] == h && keysEqual(keys, i, g)) {
          break;
        }
        slot = (slot + 1) & mask;
      }
      groups[i] = g;
    }
  }

  /**
   * {@link #assignGroups} for keys without nulls, compared leaf by leaf (see {@link FlatKeys});
   * returns false, having done nothing, if the stored keys cannot be flattened (a null key was
   * stored earlier).
   */
  private boolean assignGroupsFlat(ColumnVector[] keys, FlatKeys flat, boolean[] skip, int n) {
    FlatKeys stored = FlatKeys.of(keyStore);
    if (stored == null || !stored.sameShape(flat)) {
      return false;
    }
    long[] hashes = rowHashes;
    int[] groups = rowGroups;
    for (int i = 0; i < n; i++) {
      if (skip != null && skip[i]) {
        groups[i] = -1;
        continue;
      }
      long h = hashes[i];
      int slot = slot(h);
      int g;
      while (true) {
        int e = table[slot];
        if (e == 0) {
          g = insert(keys, i, h, slot);
          // the stored key vectors may have grown into new arrays
          stored = FlatKeys.of(keyStore);
          break;
        }
        g = e - 1;
        if (groupHashes[g] == h && flat.equal(i, stored, g)) {
          break;
        }
        slot = (slot + 1) & mask;
      }
      groups[i] = g;
    }
    return true;
  }

  private int slot(long h) {
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private boolean keysEqual(ColumnVector[] keys, int i, int g) {
    for (int k = 0; k < keys.length; k++) {
      if (!keyOps[k].equalNullSafe(keys[k], i, keyStore[k], g)) {
        return false;
      }
    }
    return true;
  }

  private int insert(ColumnVector[] keys, int i, long h, int slot) {
    int g = numGroups++;
    for (int k = 0; k < keys.length; k++) {
      keyStore[k].appendFrom(keys[k], i);
    }
    if (g == groupHashes.length) {
      groupHashes = Arrays.copyOf(groupHashes, g * 2);
    }
    groupHashes[g] = h;
    table[slot] = g + 1;
    for (AggState s : states) {
      s.addGroup(g);
    }
    if (numGroups * 2 > table.length) {
      rehash(table.length * 2);
    }
    return g;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    mask = capacity - 1;
    for (int g = 0; g < numGroups; g++) {
      int slot = slot(groupHashes[g]);
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = g + 1;
    }
  }

  private void checkKeys(ColumnVector[] keys, int n) {
    if (keys.length != keyOps.length) {
      throw new IllegalArgumentException("got " + keys.length + " key vectors for key schema "
          + keySchema.simpleString());
    }
    for (int k = 0; k < keys.length; k++) {
      if (keys[k].size() < n) {
        throw new IllegalArgumentException("key vector " + keySchema.field(k).name() + " has "
            + keys[k].size() + " values for " + n + " rows");
      }
    }
  }

  private void checkGroup(int group) {
    if (group < 0 || group >= numGroups) {
      throw new IndexOutOfBoundsException("group " + group + " of " + numGroups);
    }
  }
}
