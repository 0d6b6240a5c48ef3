package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.data.Timestamps;
import io.sluice.api.plan.Expr;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.agg.AggregateFunctions;
import io.sluice.engine.internal.agg.GroupedAggregator;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.expr.ExprResolver;
import io.sluice.engine.internal.plan.Planner;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.engine.internal.stateful.session.SessionWindowAggregation;
import io.sluice.state.FieldType;
import io.sluice.state.StateCodec;
import io.sluice.state.StateEntry;
import io.sluice.state.StateField;
import io.sluice.state.StateIterator;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming aggregation: {@code groupBy(keys).agg(...)}, with event-time windows.
 *
 * <p>Before the shuffle each input task drops late rows, assigns windows (a sliding window copies a
 * row into each window containing it) and aggregates partially; after the shuffle each partition
 * merges the partials, reads and writes each key's state once, and emits by output mode: append
 * emits a window once the watermark passes its end and drops its state; update emits the keys this
 * batch changed and drops expired state silently; complete emits the whole result every batch.
 *
 * <p>State keys start with the event time (window end, or the grouping timestamp), so the keys the
 * watermark passed are one range scan.
 *
 * <p>A {@code groupBy(sessionWindow(...), ...)} runs a {@link SessionWindowAggregation} instead:
 * sessions merge across rows and batches, so they cannot be assigned before the shuffle.
 */
public final class AggregateOperator extends StatefulOperator {
  private static final StructType WINDOW_TYPE = DataTypes.struct(
      DataTypes.field("start", DataTypes.TIMESTAMP), DataTypes.field("end", DataTypes.TIMESTAMP));

  /** A window(...) grouping key. */
  private record WindowSpec(BoundExpr time, long durationMicros, long slideMicros, long startMicros) {}

  private final StructType input;
  private final List<BoundExpr> keyExprs = new ArrayList<>();
  /** Index in the key of the window, or -1. */
  private final int windowKey;
  private final WindowSpec window;
  /** Index in the key of the event-time key (a window or a watermarked timestamp), or -1. */
  private final int eventTimeKey;
  private final long eventTimeDelayMs;
  private final StructType keySchema;
  private final AggregateFunctions functions;
  private final StructType outputSchema;
  private final StructType shuffleSchema;
  private final StateSchema stateSchema;
  private final Map<String, EventTime> outputEventTime = new HashMap<>();
  /** The session window aggregation this operator runs, or null. */
  private final SessionWindowAggregation session;

  /**
   * Plans the operator.
   *
   * @param operatorId its id
   * @param node the logical node
   * @param input the input schema
   * @param eventTime the input's event-time columns
   */
  public AggregateOperator(int operatorId, LogicalPlan.Aggregate node, StructType input,
      Map<String, EventTime> eventTime) {
    super(operatorId);
    this.input = input;
    if (SessionWindowAggregation.isSessionAggregate(node)) {
      this.session = new SessionWindowAggregation(node, input, eventTime);
      this.windowKey = -1;
      this.window = null;
      this.eventTimeKey = -1;
      this.eventTimeDelayMs = 0;
      this.keySchema = session.keySchema();
      this.functions = session.functions();
      this.outputSchema = session.outputSchema();
      this.shuffleSchema = session.shuffleSchema();
      this.stateSchema = session.stateSchema();
      outputEventTime.putAll(session.outputEventTime());
      return;
    }
    this.session = null;
    List<StructField> keyFields = new ArrayList<>();
    int wKey = -1;
    WindowSpec w = null;
    int etKey = -1;
    long etDelay = 0;
    for (Expr g : node.groupingExprs()) {
      String alias = g instanceof Expr.Alias a ? a.name() : null;
      Expr inner = g instanceof Expr.Alias a ? a.child() : g;
      if (inner instanceof Expr.Call c && c.name().equals("window")) {
        if (w != null) {
          throw new AnalysisException("Only one window(...) per groupBy is allowed: " + g.sql());
        }
        BoundExpr time = ExprResolver.resolve(c.args().get(0), input);
        if (time.type() != DataTypes.TIMESTAMP) {
          throw new AnalysisException("window(...) needs a timestamp column, got "
              + time.type().simpleString() + ": " + c.args().get(0).sql());
        }
        long dur = literalLong(c.args().get(1));
        long slide = literalLong(c.args().get(2));
        long start = literalLong(c.args().get(3));
        if (dur <= 0 || slide <= 0 || slide > dur) {
          throw new AnalysisException("window(...) needs a positive duration and a slide between 0 and "
              + "the duration: " + g.sql());
        }
        w = new WindowSpec(time, dur, slide, Math.floorMod(start, slide));
        wKey = keyFields.size();
        keyExprs.add(null);
        String name = alias != null ? alias : "window";
        keyFields.add(new StructField(name, WINDOW_TYPE, false));
        String timeCol = c.args().get(0) instanceof Expr.ColumnRef r ? r.name() : null;
        EventTime et = timeCol == null ? null : Planner.eventTimeOf(eventTime, timeCol);
        if (et != null) {
          etKey = wKey;
          etDelay = et.delayMs();
          outputEventTime.put(name, new EventTime(et.delayMs(), true));
        }
        continue;
      }
      BoundExpr k = ExprResolver.resolve(g, input);
      keyExprs.add(k);
      String name = alias != null ? alias : k.name();
      keyFields.add(new StructField(name, k.type(), k.nullable()));
      if (etKey < 0 && inner instanceof Expr.ColumnRef r && k.type() == DataTypes.TIMESTAMP) {
        EventTime et = Planner.eventTimeOf(eventTime, r.name());
        if (et != null && !et.isWindow()) {
          etKey = keyFields.size() - 1;
          etDelay = et.delayMs();
          outputEventTime.put(name, et);
        } else if (et != null) {
          etKey = keyFields.size() - 1;
          etDelay = et.delayMs();
          outputEventTime.put(name, et);
        }
      } else if (etKey < 0 && inner instanceof Expr.ColumnRef r && Planner.eventTimeOf(eventTime, r.name()) != null
          && Planner.eventTimeOf(eventTime, r.name()).isWindow()) {
        // Grouping by an upstream window column: its end is the event time.
        etKey = keyFields.size() - 1;
        etDelay = Planner.eventTimeOf(eventTime, r.name()).delayMs();
        outputEventTime.put(name, Planner.eventTimeOf(eventTime, r.name()));
      }
    }
    this.windowKey = wKey;
    this.window = w;
    this.eventTimeKey = etKey;
    this.eventTimeDelayMs = etDelay;
    this.keySchema = new StructType(keyFields);
    this.functions = new AggregateFunctions(node.aggregateExprs(), input);
    List<StructField> out = new ArrayList<>(keyFields);
    out.addAll(functions.resultSchema().fields());
    this.outputSchema = new StructType(out);
    List<StructField> shuffle = new ArrayList<>(keyFields);
    shuffle.addAll(functions.bufferSchema().fields());
    this.shuffleSchema = new StructType(shuffle);
    this.stateSchema = buildStateSchema();
  }

  private static long literalLong(Expr e) {
    if (e instanceof Expr.Literal l && l.value() instanceof Number n) {
      return n.longValue();
    }
    throw new AnalysisException("window(...) durations must be constants: " + e.sql());
  }


  private StateSchema buildStateSchema() {
    List<StateField> keys = new ArrayList<>();
    if (eventTimeKey >= 0) {
      keys.add(StateField.required("eventTimeMicros", FieldType.LONG));
    }
    for (int k = 0; k < keySchema.size(); k++) {
      DataType t = keySchema.field(k).type();
      if (k == windowKey || isWindowStruct(t)) {
        keys.add(StateField.optional("k" + k + "_start", FieldType.LONG));
        keys.add(StateField.optional("k" + k + "_end", FieldType.LONG));
      } else {
        keys.add(StateField.optional("k" + k, StateValues.fieldType(t)));
      }
    }
    List<StateField> values = new ArrayList<>();
    StructType buffers = functions.bufferSchema();
    for (int i = 0; i < buffers.size(); i++) {
      values.add(StateField.optional("b" + i, StateValues.fieldType(buffers.field(i).type())));
    }
    return new StateSchema(keys, values);
  }

  private static boolean isWindowStruct(DataType t) {
    return t instanceof StructType st && st.size() == 2 && st.field(0).type() == DataTypes.TIMESTAMP
        && st.field(1).type() == DataTypes.TIMESTAMP && st.field(1).name().equals("end");
  }

  /** @return the event-time columns of the output (the window, or the grouping timestamp) */
  public Map<String, EventTime> outputEventTime() {
    return outputEventTime;
  }

  /** @return true if the grouping key carries event time (so state can be evicted) */
  public boolean hasEventTimeKey() {
    return session != null ? session.hasWatermark() : eventTimeKey >= 0;
  }

  @Override
  public void bind(StateCodec c) {
    super.bind(c);
    if (session != null) {
      session.bind(c);
    }
  }

  @Override
  public String name() {
    // Spark's names: stateStoreSave, or sessionWindowStateStoreSaveExec for session windows
    return session != null ? "sessionWindowStateStoreSaveExec" : "stateStoreSave";
  }

  @Override
  public String describe() {
    if (session != null) {
      return session.describe();
    }
    return "StreamingAggregate keys=" + keySchema.fieldNames() + " aggregates="
        + functions.resultSchema().fieldNames()
        + (eventTimeKey >= 0 ? " (event time " + keySchema.field(eventTimeKey).name() + ")" : "");
  }

  @Override
  public StructType outputSchema() {
    return outputSchema;
  }

  @Override
  public StructType shuffleSchema(int side) {
    return shuffleSchema;
  }

  @Override
  public int[] shuffleKeyColumns(int side) {
    if (session != null) {
      return session.shuffleKeyColumns();
    }
    int[] idx = new int[keySchema.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return idx;
  }

  @Override
  public StateSchema stateSchema() {
    return stateSchema;
  }

  @Override
  public boolean usesWatermark() {
    return session != null ? session.usesWatermark() : eventTimeKey >= 0;
  }

  @Override
  public void checkOutputMode(OutputMode mode) {
    if (session != null) {
      session.checkOutputMode(mode);
      return;
    }
    if (mode == OutputMode.APPEND && eventTimeKey < 0) {
      throw new AnalysisException("Append output mode is not supported for a streaming aggregation without "
          + "a watermark on a grouping key: declare withWatermark(eventTimeColumn, delay) and group by that "
          + "column or a window(...) over it, or use update or complete output mode");
    }
  }

  // ------------------------------------------------------------------ before the shuffle

  @Override
  public List<ColumnBatch> preShuffle(int side, List<ColumnBatch> in, OpContext ctx, OperatorMetrics metrics) {
    if (session != null) {
      return session.preShuffle(in, ctx, metrics);
    }
    GroupedAggregator partial = new GroupedAggregator(functions, keySchema);
    EvalContext ectx = new EvalContext(ctx.batchTimestampMs() * 1000L);
    long late = ctx.lateWatermarkMs() > 0 ? ctx.lateWatermarkMicros() : Long.MIN_VALUE;
    for (ColumnBatch raw : in) {
      ColumnBatch b = raw;
      ColumnVector windows = null;
      if (window != null) {
        ectx.reset(raw.numRows());
        Expanded e = assignWindows(raw, (LongVector) window.time().eval(raw, ectx));
        b = e.batch();
        windows = e.windows();
      }
      ectx.reset(b.numRows());
      ColumnVector[] keys = new ColumnVector[keyExprs.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = k == windowKey ? windows : keyExprs.get(k).eval(b, ectx);
      }
      boolean[] skip = null;
      if (eventTimeKey >= 0 && late != Long.MIN_VALUE) {
        skip = new boolean[b.numRows()];
        long dropped = 0;
        for (int i = 0; i < b.numRows(); i++) {
          long t = eventTimeOf(keys[eventTimeKey], i);
          if (t != Long.MIN_VALUE && t <= late) {
            skip[i] = true;
            dropped++;
          }
        }
        metrics.droppedByWatermark.add(dropped);
      }
      partial.addInput(keys, b, skip, ectx);
    }
    return partial.numGroups() == 0 ? List.of() : List.of(partial.toPartial());
  }

  /** Event time of key row i in micros: a window's end, or the timestamp; MIN_VALUE if null. */
  private static long eventTimeOf(ColumnVector key, int i) {
    if (key.isNull(i)) {
      return Long.MIN_VALUE;
    }
    if (key instanceof StructVector s) {
      ColumnVector end = s.child(1);
      return end.isNull(i) ? Long.MIN_VALUE : ((LongVector) end).get(i);
    }
    return ((LongVector) key).get(i);
  }

  private record Expanded(ColumnBatch batch, ColumnVector windows) {}

  /** Assigns each row the windows [start, end) containing its time; rows with a null time are dropped. */
  private Expanded assignWindows(ColumnBatch b, LongVector time) {
    int n = b.numRows();
    long dur = window.durationMicros();
    long slide = window.slideMicros();
    long offset = window.startMicros();
    long[] ts = time.values();
    if (dur == slide && !time.mayHaveNulls()) {
      // Tumbling, no nulls: one window per row, the batch itself is kept.
      LongVector starts = new LongVector(DataTypes.TIMESTAMP, n);
      LongVector ends = new LongVector(DataTypes.TIMESTAMP, n);
      for (int i = 0; i < n; i++) {
        long s = ts[i] - Math.floorMod(ts[i] - offset, slide);
        starts.append(s);
        ends.append(s + dur);
      }
      return new Expanded(b, new StructVector(WINDOW_TYPE, new ColumnVector[] {starts, ends}, n));
    }
    int perRow = (int) ((dur + slide - 1) / slide);
    int[] positions = new int[n * perRow];
    LongVector starts = new LongVector(DataTypes.TIMESTAMP, n * perRow);
    LongVector ends = new LongVector(DataTypes.TIMESTAMP, n * perRow);
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (time.isNull(i)) {
        continue;
      }
      long t = ts[i];
      long lastStart = t - Math.floorMod(t - offset, slide);
      for (long s = lastStart; s > t - dur; s -= slide) {
        positions[count++] = i;
        starts.append(s);
        ends.append(s + dur);
      }
    }
    StructVector w = new StructVector(WINDOW_TYPE, new ColumnVector[] {starts, ends}, count);
    ColumnBatch expanded = count == n && perRow == 1 ? b : b.select(positions, count);
    return new Expanded(expanded, w);
  }

  // ------------------------------------------------------------------ after the shuffle

  @Override
  public List<ColumnBatch> process(int partition, List<List<ColumnBatch>> inputs, StateStore store,
      OpContext ctx, OperatorMetrics metrics) {
    if (session != null) {
      return session.process(inputs.get(0), store, ctx, metrics);
    }
    long t0 = System.nanoTime();
    GroupedAggregator merged = new GroupedAggregator(functions, keySchema);
    for (ColumnBatch b : inputs.get(0)) {
      merged.addPartial(b);
    }
    List<Row> out = new ArrayList<>();
    OutputMode mode = ctx.outputMode();
    for (int g = 0; g < merged.numGroups(); g++) {
      List<Object> key = merged.keyValues(g);
      byte[] stateKey = encodeKey(key);
      List<Object> buffer = merged.bufferValues(g);
      byte[] previous = store.get(stateKey);
      if (previous != null) {
        buffer = functions.merge(decodeBuffer(previous), buffer);
      }
      store.put(stateKey, encodeBuffer(buffer));
      metrics.rowsUpdated.increment();
      if (mode == OutputMode.UPDATE) {
        out.add(resultRow(key, buffer));
      }
    }
    metrics.updateTimeMs.add((System.nanoTime() - t0) / 1_000_000);
    long t1 = System.nanoTime();
    if (mode == OutputMode.COMPLETE) {
      try (StateIterator it = store.iterator()) {
        while (it.hasNext()) {
          StateEntry e = it.next();
          out.add(resultRow(decodeKey(e.key()), decodeBuffer(e.value())));
        }
      }
    } else if (eventTimeKey >= 0 && ctx.evictWatermarkMs() > 0) {
      // Keys at or below the watermark: one range scan over the event-time prefix.
      byte[] to = codec.keys().encodePrefix(List.of(ctx.evictWatermarkMicros() + 1));
      List<byte[]> expired = new ArrayList<>();
      try (StateIterator it = store.rangeScan(null, to)) {
        while (it.hasNext()) {
          StateEntry e = it.next();
          expired.add(e.key());
          if (mode == OutputMode.APPEND) {
            out.add(resultRow(decodeKey(e.key()), decodeBuffer(e.value())));
          }
        }
      }
      for (byte[] k : expired) {
        store.removeExisting(k);
      }
      metrics.rowsRemoved.add(expired.size());
    }
    metrics.removalTimeMs.add((System.nanoTime() - t1) / 1_000_000);
    return out.isEmpty() ? List.of() : List.of(ColumnBatch.fromRows(outputSchema, out));
  }

  private Row resultRow(List<Object> key, List<Object> buffer) {
    Object[] results = functions.finish(buffer);
    Object[] values = new Object[key.size() + results.length];
    for (int i = 0; i < key.size(); i++) {
      values[i] = key.get(i);
    }
    System.arraycopy(results, 0, values, key.size(), results.length);
    return Row.of(values);
  }

  private byte[] encodeKey(List<Object> key) {
    List<Object> fields = new ArrayList<>(stateSchema.keyFields().size());
    if (eventTimeKey >= 0) {
      Object k = key.get(eventTimeKey);
      fields.add(k instanceof Row w ? Timestamps.toMicros((Instant) w.get(1)) : Timestamps.toMicros((Instant) k));
    }
    for (int k = 0; k < key.size(); k++) {
      DataType t = keySchema.field(k).type();
      Object v = key.get(k);
      if (k == windowKey || isWindowStruct(t)) {
        Row w = (Row) v;
        fields.add(w == null ? null : StateValues.toState(w.get(0), DataTypes.TIMESTAMP));
        fields.add(w == null ? null : StateValues.toState(w.get(1), DataTypes.TIMESTAMP));
      } else {
        fields.add(StateValues.toState(v, t));
      }
    }
    return codec.keys().encode(fields);
  }

  private List<Object> decodeKey(byte[] bytes) {
    List<Object> fields = codec.keys().decode(bytes);
    List<Object> key = new ArrayList<>(keySchema.size());
    int f = eventTimeKey >= 0 ? 1 : 0;
    for (int k = 0; k < keySchema.size(); k++) {
      DataType t = keySchema.field(k).type();
      if (k == windowKey || isWindowStruct(t)) {
        Object s = fields.get(f++);
        Object e = fields.get(f++);
        key.add(s == null ? null : Row.withSchema((StructType) t,
            StateValues.fromState(s, DataTypes.TIMESTAMP), StateValues.fromState(e, DataTypes.TIMESTAMP)));
      } else {
        key.add(StateValues.fromState(fields.get(f++), t));
      }
    }
    return key;
  }

  private byte[] encodeBuffer(List<Object> buffer) {
    StructType types = functions.bufferSchema();
    List<Object> values = new ArrayList<>(buffer.size());
    for (int i = 0; i < buffer.size(); i++) {
      values.add(StateValues.toState(buffer.get(i), types.field(i).type()));
    }
    return codec.encodeValue(values);
  }

  private List<Object> decodeBuffer(byte[] bytes) {
    StructType types = functions.bufferSchema();
    List<Object> raw = codec.decodeValue(bytes);
    List<Object> values = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      values.add(StateValues.fromState(raw.get(i), types.field(i).type()));
    }
    return values;
  }
}
