package io.sluice.engine.internal.join;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.plan.LogicalPlan.JoinType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.engine.internal.stateful.OpContext;
import io.sluice.engine.internal.stateful.OperatorMetrics;
import io.sluice.engine.internal.stateful.StateValues;
import io.sluice.engine.internal.stateful.StatefulOperator;
import io.sluice.state.FieldType;
import io.sluice.state.StateEntry;
import io.sluice.state.StateField;
import io.sluice.state.StateIterator;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A stream-stream join: a symmetric hash join whose two inputs are hash-partitioned by the join
 * keys, each partition buffering both sides' rows in its state store.
 *
 * <p>Each batch, per partition: the new left rows join the buffered right rows and the new right
 * rows; the new right rows join the buffered left rows; both sides' new rows are then buffered.
 * Rows of a side at or below the previous batch's watermark (in any of that side's watermarked
 * event-time columns) are dropped as late before the shuffle. Buffered rows are evicted once the
 * watermark passes their state time ({@link StateEviction}); in an outer join the preserved side's
 * rows that never matched are emitted then, with nulls for the other side. So an inner join emits
 * each match in the batch that sees both rows, and an outer join emits an unmatched row in the
 * first batch whose watermark shows no match can arrive any more.
 *
 * <p>Supported: inner, left outer, right outer and full outer, append mode only. Outer joins need
 * watermarks on both sides and a condition bounding the preserved side's state (event-time join
 * keys or a range condition). An inner join without such a condition works, but the state of a
 * side without a bound grows forever: give both inputs watermarks and a range condition.
 *
 * <p>State layout, one store per partition, key fields {@code (kind, time, key0..keyN, seq)}:
 * <ul>
 *   <li>kind 0/1: a buffered left/right row, {@code time} null, value {@code (row, matched)};
 *       a prefix scan on {@code (kind, null, keys)} finds a key's rows;
 *   <li>kind 2/3: the eviction index of left/right rows, {@code time} = state time, value
 *       {@code ref} = the row's key; eviction is a range scan up to the watermark;
 *   <li>kind 4: the number of index entries, so that {@code numRowsTotal} counts buffered rows,
 *       as in Spark, not store entries.
 * </ul>
 * {@code seq} is {@code batchId << 32 | n}: unique, and the same when a batch is re-run.
 */
public final class SymmetricHashJoinOperator extends StatefulOperator {
  private static final int CHUNK = 4096;
  private static final int META = 4;

  private final JoinSpec spec;
  private final StateEviction eviction;
  private final StructType[] shuffleSchemas = new StructType[2];
  private final int[][] shuffleKeys = new int[2][];
  private final int[] dataColumns;
  private final boolean[] outer;
  private final boolean[] nullSafe;
  private final JoinOutput output;
  private final StateSchema stateSchema;
  private final List<DataType> keyTypes;
  private final BoundExpr[][] boundKeys = new BoundExpr[2][];
  private final BoundExpr residual;

  /**
   * Plans the operator.
   *
   * @param operatorId its id
   * @param spec the join
   * @param leftEventTime the left input's event-time columns
   * @param rightEventTime the right input's event-time columns
   * @throws AnalysisException for a join type or condition a stream-stream join cannot run
   */
  public SymmetricHashJoinOperator(int operatorId, JoinSpec spec, Map<String, EventTime> leftEventTime,
      Map<String, EventTime> rightEventTime) {
    super(operatorId);
    this.spec = spec;
    JoinType t = spec.type();
    if (t == JoinType.LEFT_SEMI || t == JoinType.LEFT_ANTI) {
      throw new AnalysisException(spec.typeName() + " joins between two streaming DataFrames are not "
          + "supported yet; use an inner join (with dropDuplicates on the left columns) or a left_outer "
          + "join filtered on a null right column");
    }
    if (spec.numKeys() == 0) {
      throw new AnalysisException("Stream-stream join without equality predicate is not supported: "
          + "add at least one condition leftColumn = rightColumn, e.g. col(\"leftId\").equalTo(col(\"rightId\"))");
    }
    this.eviction = new StateEviction(spec, leftEventTime, rightEventTime);
    this.outer = new boolean[] {t == JoinType.LEFT_OUTER || t == JoinType.FULL_OUTER,
        t == JoinType.RIGHT_OUTER || t == JoinType.FULL_OUTER};
    for (int s = 0; s < 2; s++) {
      if (outer[s] && eviction.bounds(s).isEmpty()) {
        throw new AnalysisException("Stream-stream " + spec.typeName() + " join between two streaming "
            + "DataFrames is not supported without a watermark in the join keys, or a watermark on the "
            + "nullable side and an appropriate range condition: the " + (s == 0 ? "left" : "right")
            + " rows that never match could never be emitted. Call withWatermark(...) on both inputs and "
            + "join on event-time keys, or add a condition bounding the " + (s == 0 ? "right" : "left")
            + " event time by the " + (s == 0 ? "left" : "right") + " one, e.g. rightTs >= leftTs AND "
            + "CAST(rightTs AS BIGINT) <= CAST(leftTs AS BIGINT) + 3600");
      }
    }
    this.keyTypes = spec.keyTypes();
    this.dataColumns = new int[] {spec.left().size(), spec.right().size()};
    for (int s = 0; s < 2; s++) {
      StructType data = s == 0 ? spec.left() : spec.right();
      List<StructField> fields = new ArrayList<>(data.fields());
      shuffleKeys[s] = new int[keyTypes.size()];
      for (int k = 0; k < keyTypes.size(); k++) {
        shuffleKeys[s][k] = fields.size();
        fields.add(new StructField("__join_key" + k, keyTypes.get(k), true));
      }
      shuffleSchemas[s] = new StructType(fields);
    }
    this.nullSafe = spec.nullSafe();
    this.boundKeys[0] = spec.boundKeys(0, spec.left());
    this.boundKeys[1] = spec.boundKeys(1, spec.right());
    this.residual = spec.boundResidual();
    this.output = spec.output(dataColumns[0], dataColumns[1]);
    List<StateField> keyFields = new ArrayList<>();
    keyFields.add(StateField.required("kind", FieldType.INT));
    keyFields.add(StateField.optional("time", FieldType.LONG));
    for (int k = 0; k < keyTypes.size(); k++) {
      keyFields.add(StateField.optional("key" + k, StateValues.fieldType(keyTypes.get(k))));
    }
    keyFields.add(StateField.required("seq", FieldType.LONG));
    this.stateSchema = new StateSchema(keyFields, List.of(
        StateField.optional("row", FieldType.BYTES),
        StateField.optional("matched", FieldType.BOOLEAN),
        StateField.optional("ref", FieldType.BYTES),
        StateField.optional("count", FieldType.LONG)));
  }

  @Override
  public String name() {
    return "symmetricHashJoin";
  }

  @Override
  public String describe() {
    return "SymmetricHashJoin " + spec.describe() + "; " + eviction.describe();
  }

  @Override
  public StructType outputSchema() {
    return output.schema();
  }

  @Override
  public int numInputs() {
    return 2;
  }

  @Override
  public StructType shuffleSchema(int side) {
    return shuffleSchemas[side];
  }

  @Override
  public int[] shuffleKeyColumns(int side) {
    return shuffleKeys[side];
  }

  @Override
  public StateSchema stateSchema() {
    return stateSchema;
  }

  @Override
  public boolean usesWatermark() {
    return !eviction.eventTimeColumns(0).isEmpty() || !eviction.eventTimeColumns(1).isEmpty();
  }

  @Override
  public void checkOutputMode(OutputMode mode) {
    if (mode != OutputMode.APPEND) {
      throw new AnalysisException("Stream-stream joins support only append output mode, not " + mode
          + " (as in Spark): a joined row is final once emitted. Use outputMode(\"append\")");
    }
  }

  @Override
  public List<ColumnBatch> preShuffle(int side, List<ColumnBatch> input, OpContext ctx, OperatorMetrics metrics) {
    List<StateEviction.EventTimeColumn> late = ctx.lateWatermarkMs() > 0 ? eviction.eventTimeColumns(side) : List.of();
    long lateMicros = ctx.lateWatermarkMicros();
    BoundExpr[] keys = boundKeys[side];
    EvalContext eval = new EvalContext(ctx.batchTimestampMs() * 1000L);
    List<ColumnBatch> out = new ArrayList<>(input.size());
    for (ColumnBatch b : input) {
      if (!late.isEmpty()) {
        int[] keep = new int[b.numRows()];
        int n = 0;
        for (int i = 0; i < b.numRows(); i++) {
          if (!isLate(b, i, late, lateMicros)) {
            keep[n++] = i;
          }
        }
        metrics.droppedByWatermark.add(b.numRows() - n);
        if (n == 0) {
          continue;
        }
        b = StateValues.keep(b, keep, n);
      }
      int n = b.numRows();
      eval.reset(n);
      ColumnVector[] cols = new ColumnVector[shuffleSchemas[side].size()];
      for (int c = 0; c < b.numColumns(); c++) {
        cols[c] = b.column(c);
      }
      for (int k = 0; k < keys.length; k++) {
        cols[b.numColumns() + k] = normalizeZero(keys[k].eval(b, eval));
      }
      out.add(new ColumnBatch(shuffleSchemas[side], cols, n));
    }
    return out;
  }

  /**
   * Replaces -0.0 by 0.0 in a double key: they are equal keys, but the shuffle hashes their bits,
   * so without this they could land in different partitions and never meet.
   */
  private static ColumnVector normalizeZero(ColumnVector v) {
    if (!(v instanceof DoubleVector d)) {
      return v;
    }
    double[] values = d.values();
    for (int i = 0; i < d.size(); i++) {
      if (Double.doubleToRawLongBits(values[i]) == Long.MIN_VALUE) {
        DoubleVector out = new DoubleVector(d.size());
        for (int j = 0; j < d.size(); j++) {
          if (d.isNull(j)) {
            out.appendNull();
          } else {
            out.append(d.get(j) == 0.0 ? 0.0 : d.get(j));
          }
        }
        return out;
      }
    }
    return v;
  }

  private static boolean isLate(ColumnBatch b, int row, List<StateEviction.EventTimeColumn> cols, long lateMicros) {
    for (StateEviction.EventTimeColumn c : cols) {
      ColumnVector v = b.column(c.column());
      if (v.isNull(row)) {
        continue;
      }
      if (c.endField() >= 0) {
        v = ((StructVector) v).child(c.endField());
        if (v.isNull(row)) {
          continue;
        }
      }
      if (((LongVector) v).get(row) <= lateMicros) {
        return true;
      }
    }
    return false;
  }

  /** Rows of one side read from state for this batch, with their store keys and flags. */
  private record Buffered(ColumnBatch rows, byte[][] storeKeys, byte[][] encoded, boolean[] matched) {}

  @Override
  public List<ColumnBatch> process(int partition, List<List<ColumnBatch>> inputs, StateStore store,
      OpContext ctx, OperatorMetrics metrics) {
    long t0 = System.nanoTime();
    RowCodec[] codecs = {new RowCodec(shuffleSchemas[0]), new RowCodec(shuffleSchemas[1])};
    ColumnBatch[] fresh = new ColumnBatch[2];
    for (int s = 0; s < 2; s++) {
      fresh[s] = BroadcastHashJoinOp.concat(shuffleSchemas[s],
          inputs.get(s).isEmpty() ? List.of(ColumnBatch.empty(shuffleSchemas[s])) : inputs.get(s));
    }
    // The buffered rows that can match this batch's rows of the other side.
    Buffered[] buffered = new Buffered[2];
    for (int s = 0; s < 2; s++) {
      buffered[s] = load(store, s, fresh[1 - s], codecs[s]);
    }
    ColumnBatch[] all = new ColumnBatch[2];
    boolean[][] matched = new boolean[2][];
    for (int s = 0; s < 2; s++) {
      all[s] = BroadcastHashJoinOp.concat(shuffleSchemas[s], List.of(buffered[s].rows(), fresh[s]));
      matched[s] = new boolean[all[s].numRows()];
    }
    List<ColumnBatch> out = new ArrayList<>();
    join(all, buffered[0].rows().numRows(), buffered[1].rows().numRows(), matched, ctx, out);

    long seq = ctx.batchId() << 32;
    long indexed = readCount(store);
    long wm = ctx.evictWatermarkMs() > 0 ? ctx.evictWatermarkMicros() : Long.MIN_VALUE;
    for (int s = 0; s < 2; s++) {
      Buffered b = buffered[s];
      if (outer[s]) {
        // A buffered row that matched for the first time must not be emitted with nulls later.
        for (int i = 0; i < b.rows().numRows(); i++) {
          if (matched[s][i] && !b.matched()[i]) {
            store.put(b.storeKeys()[i], codec.encodeValue(Arrays.asList(b.encoded()[i], true, null, null)));
            metrics.rowsUpdated.increment();
          }
        }
      }
      int offset = b.rows().numRows();
      ColumnBatch rows = fresh[s];
      ColumnVector[] keys = keyColumns(rows, s);
      boolean bounded = !eviction.bounds(s).isEmpty();
      int[] unmatchedNow = new int[rows.numRows()];
      int emitNow = 0;
      for (int i = 0; i < rows.numRows(); i++) {
        boolean isMatched = matched[s][offset + i];
        if (!outer[s] && KeyTable.hasNullKey(keys, nullSafe, i)) {
          continue; // can never match, and is never emitted alone
        }
        long stateTime = bounded ? eviction.stateTime(s, rows, i) : Long.MAX_VALUE;
        if (stateTime <= wm) {
          // Already past the watermark (or, before any watermark, a null in a bound column: the
          // range condition is then null): no future row can match it, so it is not buffered.
          if (outer[s] && !isMatched) {
            unmatchedNow[emitNow++] = i;
          }
          continue;
        }
        List<Object> key = stateKey(s, null, keys, i, seq++);
        byte[] rowKey = codec.keys().encode(key);
        store.put(rowKey, codec.encodeValue(Arrays.asList(codecs[s].encode(rows, i), isMatched, null, null)));
        metrics.rowsUpdated.increment();
        if (bounded) {
          store.put(codec.keys().encode(stateKey(2 + s, stateTime, keys, i, seq - 1)),
              codec.encodeValue(Arrays.asList(null, null, rowKey, null)));
          indexed++;
        }
      }
      if (emitNow > 0) {
        emitUnmatched(s, rows, unmatchedNow, emitNow, out);
      }
    }
    metrics.updateTimeMs.add((System.nanoTime() - t0) / 1_000_000);

    long t1 = System.nanoTime();
    if (wm != Long.MIN_VALUE) {
      for (int s = 0; s < 2; s++) {
        if (!eviction.bounds(s).isEmpty()) {
          indexed -= evict(store, s, wm, codecs[s], metrics, out);
        }
      }
    }
    writeCount(store, indexed);
    // numRowsTotal counts buffered rows: not the index entries nor the counter.
    metrics.rowsTotal.add(-(indexed + (indexed > 0 ? 1 : 0)));
    metrics.removalTimeMs.add((System.nanoTime() - t1) / 1_000_000);
    return out;
  }

  private ColumnVector[] keyColumns(ColumnBatch b, int side) {
    ColumnVector[] keys = new ColumnVector[shuffleKeys[side].length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = b.column(shuffleKeys[side][k]);
    }
    return keys;
  }

  private List<Object> stateKey(int kind, Long time, ColumnVector[] keys, int row, long seq) {
    List<Object> key = new ArrayList<>(keys.length + 3);
    key.add(kind);
    key.add(time);
    for (int k = 0; k < keys.length; k++) {
      key.add(StateValues.toState(keys[k].getObject(row), keyTypes.get(k)));
    }
    if (seq >= 0) {
      key.add(seq);
    }
    return key;
  }

  /** Reads the buffered rows of {@code side} whose keys occur in the other side's new rows. */
  private Buffered load(StateStore store, int side, ColumnBatch probe, RowCodec rowCodec) {
    ColumnVector[] keys = keyColumns(probe, 1 - side);
    int n = probe.numRows();
    ColumnVector[] cols = ColumnBatch.allocate(shuffleSchemas[side], 16);
    List<byte[]> storeKeys = new ArrayList<>();
    List<byte[]> encoded = new ArrayList<>();
    List<Boolean> flags = new ArrayList<>();
    if (n > 0) {
      KeyTable distinct = new KeyTable(keys, n, nullSafe);
      int[] hashes = distinct.hashes();
      for (int i = 0; i < n; i++) {
        if (KeyTable.hasNullKey(keys, nullSafe, i) || distinct.first(keys, i, hashes[i]) != i) {
          continue;
        }
        byte[] prefix = codec.keys().encodePrefix(stateKey(side, null, keys, i, -1));
        try (StateIterator it = store.prefixScan(prefix)) {
          while (it.hasNext()) {
            StateEntry e = it.next();
            List<Object> value = codec.decodeValue(e.value());
            byte[] row = (byte[]) value.get(0);
            rowCodec.decodeInto(row, cols);
            storeKeys.add(e.key());
            encoded.add(row);
            flags.add(Boolean.TRUE.equals(value.get(1)));
          }
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("Reading the join state of operator " + operatorId() + " failed", e);
        }
      }
    }
    boolean[] matched = new boolean[flags.size()];
    for (int i = 0; i < matched.length; i++) {
      matched[i] = flags.get(i);
    }
    return new Buffered(new ColumnBatch(shuffleSchemas[side], cols, storeKeys.size()),
        storeKeys.toArray(new byte[0][]), encoded.toArray(new byte[0][]), matched);
  }

  /**
   * Joins the left rows with the right rows (each: buffered rows first, then new ones), skipping
   * pairs of two buffered rows (joined in an earlier batch); marks matched rows.
   */
  private void join(ColumnBatch[] all, int bufferedLeft, int bufferedRight, boolean[][] matched, OpContext ctx,
      List<ColumnBatch> out) {
    ColumnBatch l = all[0];
    ColumnBatch r = all[1];
    if (l.numRows() == 0 || r.numRows() == 0) {
      return;
    }
    KeyTable table = new KeyTable(keyColumns(r, 1), r.numRows(), nullSafe);
    ColumnVector[] lk = keyColumns(l, 0);
    int[] hash = new int[l.numRows()];
    KeyTable.hash(lk, l.numRows(), hash);
    EvalContext eval = new EvalContext(ctx.batchTimestampMs() * 1000L);
    int[] lp = new int[CHUNK];
    int[] rp = new int[CHUNK];
    int count = 0;
    for (int i = 0; i < l.numRows(); i++) {
      if (KeyTable.hasNullKey(lk, nullSafe, i)) {
        continue;
      }
      boolean bufferedRow = i < bufferedLeft;
      for (int j = table.first(lk, i, hash[i]); j >= 0; j = table.next(lk, i, hash[i], j)) {
        if (bufferedRow && j < bufferedRight) {
          continue;
        }
        lp[count] = i;
        rp[count] = j;
        if (++count == CHUNK) {
          emitPairs(l, lp, r, rp, count, eval, matched, out);
          lp = new int[CHUNK];
          rp = new int[CHUNK];
          count = 0;
        }
      }
    }
    if (count > 0) {
      emitPairs(l, lp, r, rp, count, eval, matched, out);
    }
  }

  private void emitPairs(ColumnBatch l, int[] lp, ColumnBatch r, int[] rp, int count, EvalContext eval, boolean[][] matched, List<ColumnBatch> out) {
    if (residual != null) {
      ColumnBatch joined = JoinOutput.combined(spec.combined(), l, dataColumns[0], lp, r, dataColumns[1], rp, count);
      eval.reset(count);
      count = JoinOutput.keepTrue(residual.eval(joined, eval), lp, rp, count);
    }
    for (int k = 0; k < count; k++) {
      matched[0][lp[k]] = true;
      matched[1][rp[k]] = true;
    }
    if (count > 0) {
      out.add(output.build(l, lp, r, rp, count));
    }
  }

  /** Removes the side's rows whose state time is at or below the watermark; returns how many. */
  private long evict(StateStore store, int side, long wm, RowCodec rowCodec, OperatorMetrics metrics,
      List<ColumnBatch> out) {
    List<byte[]> indexKeys = new ArrayList<>();
    List<byte[]> rowKeys = new ArrayList<>();
    byte[] from = codec.keys().encodePrefix(List.of(2 + side));
    byte[] to = codec.keys().encodePrefix(List.of(2 + side, wm + 1));
    try (StateIterator it = store.rangeScan(from, to)) {
      while (it.hasNext()) {
        StateEntry e = it.next();
        indexKeys.add(e.key());
        rowKeys.add((byte[]) codec.decodeValue(e.value()).get(2));
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Evicting join state of operator " + operatorId() + " failed", e);
    }
    ColumnVector[] unmatched = outer[side] ? ColumnBatch.allocate(shuffleSchemas[side], 16) : null;
    int emit = 0;
    for (int k = 0; k < indexKeys.size(); k++) {
      if (outer[side]) {
        byte[] value = store.get(rowKeys.get(k));
        if (value != null) {
          List<Object> v = codec.decodeValue(value);
          if (!Boolean.TRUE.equals(v.get(1))) {
            rowCodec.decodeInto((byte[]) v.get(0), unmatched);
            emit++;
          }
        }
      }
      store.remove(rowKeys.get(k));
      store.remove(indexKeys.get(k));
    }
    metrics.rowsRemoved.add(indexKeys.size());
    if (emit > 0) {
      int[] pos = new int[emit];
      for (int i = 0; i < emit; i++) {
        pos[i] = i;
      }
      emitUnmatched(side, new ColumnBatch(shuffleSchemas[side], unmatched, emit), pos, emit, out);
    }
    return indexKeys.size();
  }

  /** Emits rows of the preserved side with nulls for the other side. */
  private void emitUnmatched(int side, ColumnBatch rows, int[] pos, int count, List<ColumnBatch> out) {
    int[] none = new int[count];
    Arrays.fill(none, -1);
    out.add(side == 0 ? output.build(rows, pos, null, none, count) : output.build(null, none, rows, pos, count));
  }

  private byte[] metaKey() {
    List<Object> key = new ArrayList<>();
    key.add(META);
    key.add(null);
    for (int k = 0; k < keyTypes.size(); k++) {
      key.add(null);
    }
    key.add(0L);
    return codec.keys().encode(key);
  }

  private long readCount(StateStore store) {
    byte[] v = store.get(metaKey());
    return v == null ? 0 : (Long) codec.decodeValue(v).get(3);
  }

  private void writeCount(StateStore store, long count) {
    if (count > 0) {
      store.put(metaKey(), codec.encodeValue(Arrays.asList(null, null, null, count)));
    } else {
      store.remove(metaKey());
    }
  }
}
