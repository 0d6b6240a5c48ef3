package io.sluice.engine.internal.stateful.session;

import io.sluice.api.AnalysisException;
import io.sluice.api.Durations;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.IntVector;
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
import io.sluice.engine.internal.stateful.OpContext;
import io.sluice.engine.internal.stateful.OperatorMetrics;
import io.sluice.engine.internal.stateful.StateValues;
import io.sluice.engine.internal.stateful.session.SessionMerger.Merged;
import io.sluice.engine.internal.stateful.session.SessionMerger.Piece;
import io.sluice.state.StateCodec;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming aggregation grouped by {@code sessionWindow(ts, gap)} (and other keys), with Spark's
 * {@code session_window} semantics: a row at time t opens the session [t, t + gap); within a key,
 * sessions that overlap or touch (next start at or before the current end) merge into
 * [min start, max end). The gap is a constant or a per-row column (bigint microseconds, int, or a
 * string like {@code "5 seconds"}); rows with a null time, or a null, unparsable or non-positive
 * gap, are dropped as in Spark.
 *
 * <p><b>Before the shuffle</b> each task drops late rows (a row is late when its own session's end
 * {@code t + gap} is at or below the previous batch's watermark, the predicate Spark applies to the
 * session window column), aggregates rows per (key, [t, t + gap)) with the vectorized
 * {@link GroupedAggregator}, then merges each key's overlapping sessions into partial sessions. The
 * shuffle is hashed on the grouping keys without the session, so all of a key's sessions meet in one
 * partition.
 *
 * <p><b>After the shuffle</b> each key's partial sessions are merged with the key's stored sessions
 * they overlap (one range scan, see {@link SessionStateLayout}); a bridging row can merge several
 * stored sessions into one. Append emits a session once the watermark passes its end and drops its
 * state; complete emits every session each batch and keeps all state; update is rejected, as in
 * Spark. Progress counts sessions: {@code numRowsTotal} is the number of open sessions (the store
 * holds two entries per session), {@code numRowsUpdated} the sessions written, {@code
 * numRowsRemoved} those evicted or absorbed by a merge.
 */
public final class SessionWindowAggregation {
  /** The session window column's type, as Spark's {@code session_window}. */
  public static final StructType SESSION_TYPE = DataTypes.struct(
      DataTypes.field("start", DataTypes.TIMESTAMP), DataTypes.field("end", DataTypes.TIMESTAMP));

  private final BoundExpr time;
  private final String timeSql;
  /** The constant gap in microseconds, or 0 when {@link #gapExpr} gives it per row. */
  private final long fixedGapMicros;
  private final BoundExpr gapExpr;
  private final String gapSql;
  /** Index in the grouping key of the session window. */
  private final int sessionKey;
  /** Per grouping key, its expression; null at {@link #sessionKey}. */
  private final List<BoundExpr> keyExprs = new ArrayList<>();
  private final StructType keySchema;
  private final int[] groupKeyColumns;
  private final AggregateFunctions functions;
  private final StructType shuffleSchema;
  private final StructType outputSchema;
  /** The watermark on the time column, or null. */
  private final EventTime watermark;
  private final Map<String, EventTime> outputEventTime = new HashMap<>();
  private final SessionStateLayout layout;
  /** The query's output mode, known once {@link #checkOutputMode} accepted it. */
  private volatile OutputMode mode;

  /**
   * Whether an aggregation groups by a session window.
   *
   * @param node the aggregation
   * @return true if one of its grouping expressions is {@code session_window(...)}
   */
  public static boolean isSessionAggregate(LogicalPlan.Aggregate node) {
    return node.groupingExprs().stream().anyMatch(g -> sessionCall(g) != null);
  }

  private static Expr.Call sessionCall(Expr g) {
    Expr inner = g instanceof Expr.Alias a ? a.child() : g;
    return inner instanceof Expr.Call c && c.name().equals("session_window") ? c : null;
  }

  /**
   * Resolves the aggregation.
   *
   * @param node the aggregation, grouped by one session window
   * @param input the input schema
   * @param eventTime the input's event-time columns
   * @throws AnalysisException for a bad session window (not a timestamp, a bad gap, two of them, or
   *     combined with {@code window(...)}), or any error of the keys and aggregates
   */
  public SessionWindowAggregation(LogicalPlan.Aggregate node, StructType input, Map<String, EventTime> eventTime) {
    List<StructField> keyFields = new ArrayList<>();
    BoundExpr t = null;
    String tSql = null;
    long fixedGap = 0;
    BoundExpr gap = null;
    String gSql = null;
    int sKey = -1;
    EventTime wm = null;
    for (Expr g : node.groupingExprs()) {
      String alias = g instanceof Expr.Alias a ? a.name() : null;
      Expr.Call c = sessionCall(g);
      if (c != null) {
        if (sKey >= 0) {
          throw new AnalysisException("Only one sessionWindow(...) per groupBy is allowed: " + g.sql());
        }
        if (c.args().size() != 2) {
          throw new AnalysisException("sessionWindow(...) takes a time column and a gap: " + g.sql());
        }
        t = ExprResolver.resolve(c.args().get(0), input);
        tSql = c.args().get(0).sql();
        if (t.type() != DataTypes.TIMESTAMP) {
          throw new AnalysisException("sessionWindow(...) needs a timestamp column, got "
              + t.type().simpleString() + ": " + tSql + "; cast it with toTimestamp(...) first");
        }
        Expr gapArg = c.args().get(1);
        gSql = gapArg.sql();
        if (gapArg instanceof Expr.Literal l) {
          fixedGap = constantGap(l, g);
        } else {
          gap = ExprResolver.resolve(gapArg, input);
          DataType gt = gap.type();
          if (gt != DataTypes.LONG && gt != DataTypes.INT && gt != DataTypes.STRING) {
            throw new AnalysisException("The gap of sessionWindow(...) must be a bigint (microseconds) or a "
                + "string like '5 seconds', got " + gt.simpleString() + ": " + gSql);
          }
        }
        sKey = keyFields.size();
        keyExprs.add(null);
        String name = alias != null ? alias : "session_window";
        keyFields.add(new StructField(name, SESSION_TYPE, false));
        if (c.args().get(0) instanceof Expr.ColumnRef r && r.path().size() == 1) {
          EventTime et = Planner.eventTimeOf(eventTime, r.name());
          if (et != null && !et.isWindow()) {
            wm = et;
            outputEventTime.put(name, new EventTime(et.delayMs(), true));
          }
        }
        continue;
      }
      Expr inner = g instanceof Expr.Alias a ? a.child() : g;
      if (inner instanceof Expr.Call w && w.name().equals("window")) {
        throw new AnalysisException("window(...) and sessionWindow(...) cannot be combined in one groupBy "
            + "(as in Spark): group by one of them");
      }
      BoundExpr k = ExprResolver.resolve(g, input);
      keyExprs.add(k);
      keyFields.add(new StructField(alias != null ? alias : k.name(), k.type(), k.nullable()));
    }
    this.time = t;
    this.timeSql = tSql;
    this.fixedGapMicros = fixedGap;
    this.gapExpr = gap;
    this.gapSql = gSql;
    this.sessionKey = sKey;
    this.watermark = wm;
    this.keySchema = new StructType(keyFields);
    this.groupKeyColumns = new int[keyFields.size() - 1];
    List<StructField> groupFields = new ArrayList<>();
    List<String> groupNames = new ArrayList<>();
    for (int k = 0, j = 0; k < keyFields.size(); k++) {
      if (k != sKey) {
        groupKeyColumns[j++] = k;
        groupFields.add(keyFields.get(k));
        groupNames.add("k" + k);
      }
    }
    this.functions = new AggregateFunctions(node.aggregateExprs(), input);
    List<StructField> shuffle = new ArrayList<>(keyFields);
    shuffle.addAll(functions.bufferSchema().fields());
    this.shuffleSchema = new StructType(shuffle);
    List<StructField> out = new ArrayList<>(keyFields);
    out.addAll(functions.resultSchema().fields());
    this.outputSchema = new StructType(out);
    this.layout = new SessionStateLayout(groupFields, groupNames, functions.bufferSchema());
  }

  private static long constantGap(Expr.Literal l, Expr g) {
    long micros;
    if (l.value() instanceof Number n) {
      micros = n.longValue();
    } else if (l.value() instanceof String s) {
      try {
        micros = Durations.parse(s).toNanos() / 1000;
      } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
        throw new AnalysisException("The gap of sessionWindow(...) is not a duration: " + g.sql()
            + " (" + e.getMessage() + ")");
      }
    } else {
      throw new AnalysisException("The gap of sessionWindow(...) must be a duration such as '5 minutes', "
          + "got " + l.sql() + ": " + g.sql());
    }
    // Spark would silently drop every row; a constant gap that can never open a session is a bug.
    if (micros <= 0) {
      throw new AnalysisException("The gap of sessionWindow(...) must be positive: " + g.sql());
    }
    return micros;
  }


  /** @return the grouping key schema (the session window at its position in the groupBy) */
  public StructType keySchema() {
    return keySchema;
  }

  /** @return the aggregates */
  public AggregateFunctions functions() {
    return functions;
  }

  /** @return the rows the shuffle carries: grouping keys, then partial buffers */
  public StructType shuffleSchema() {
    return shuffleSchema;
  }

  /** @return the grouping keys without the session window, which pick the partition */
  public int[] shuffleKeyColumns() {
    return groupKeyColumns.clone();
  }

  /** @return the output: grouping keys, then aggregate results */
  public StructType outputSchema() {
    return outputSchema;
  }

  /** @return the state layout's schema */
  public StateSchema stateSchema() {
    return layout.schema();
  }

  /** @return the output's event-time column (the session window) when the time has a watermark */
  public Map<String, EventTime> outputEventTime() {
    return outputEventTime;
  }

  /** @return true if the time column has a watermark, so sessions can be emitted and evicted */
  public boolean hasWatermark() {
    return watermark != null;
  }

  /**
   * Whether a moved watermark alone needs a batch: in append mode, to emit and evict the sessions it
   * closed. Complete mode keeps every session, so, as in Spark, it runs no batches without data.
   *
   * @return true if the operator acts on the watermark
   */
  public boolean usesWatermark() {
    return watermark != null && mode != OutputMode.COMPLETE;
  }

  /**
   * Binds the state codec.
   *
   * @param codec the codec of the recorded state schema
   */
  public void bind(StateCodec codec) {
    layout.bind(codec);
  }

  /** @return the operator's description for explain */
  public String describe() {
    return "SessionWindowAggregate keys=" + keySchema.fieldNames() + " session=" + keySchema.field(sessionKey).name()
        + "(" + timeSql + ", gap " + (gapExpr == null ? Duration.ofNanos(fixedGapMicros * 1000) : gapSql) + ")"
        + " aggregates=" + functions.resultSchema().fieldNames()
        + (watermark != null ? " (event time " + keySchema.field(sessionKey).name() + ")" : "");
  }

  /**
   * The analyzer's rules: update is not supported (as in Spark), append needs a watermark.
   *
   * @param mode the query's output mode
   * @throws AnalysisException if the mode is not supported
   */
  public void checkOutputMode(OutputMode mode) {
    if (mode == OutputMode.UPDATE) {
      throw new AnalysisException("Update output mode is not supported for session windows "
          + "(sessionWindow(...)), as in Spark: a session's result changes as later rows extend or merge it. "
          + "Use append output mode (with withWatermark(\"" + timeSql + "\", delay)) to emit each session "
          + "once it closes, or complete output mode");
    }
    if (mode == OutputMode.APPEND && watermark == null) {
      throw new AnalysisException("Append output mode is not supported for a streaming aggregation without "
          + "a watermark on a grouping key: declare withWatermark(\"" + timeSql + "\", delay) on the time "
          + "column of sessionWindow(...), or use complete output mode");
    }
    this.mode = mode;
  }

  // ------------------------------------------------------------------ before the shuffle

  /**
   * Drops late and invalid rows, aggregates the rest into partial sessions per key.
   *
   * @param in the task's batches
   * @param ctx the batch context
   * @param metrics counts the late rows
   * @return partial sessions, of {@link #shuffleSchema()}
   */
  public List<ColumnBatch> preShuffle(List<ColumnBatch> in, OpContext ctx, OperatorMetrics metrics) {
    GroupedAggregator partial = new GroupedAggregator(functions, keySchema);
    EvalContext ectx = new EvalContext(ctx.batchTimestampMs() * 1000L);
    long late = watermark != null && ctx.lateWatermarkMs() > 0 ? ctx.lateWatermarkMicros() : Long.MIN_VALUE;
    Map<String, Long> parsedGaps = new HashMap<>();
    long dropped = 0;
    for (ColumnBatch raw : in) {
      int n = raw.numRows();
      ectx.reset(n);
      LongVector ts = (LongVector) time.eval(raw, ectx);
      ColumnVector gaps = gapExpr == null ? null : gapExpr.eval(raw, ectx);
      int[] keep = new int[n];
      LongVector starts = new LongVector(DataTypes.TIMESTAMP, n);
      LongVector ends = new LongVector(DataTypes.TIMESTAMP, n);
      int count = 0;
      for (int i = 0; i < n; i++) {
        long gap = gaps == null ? fixedGapMicros : gapOf(gaps, i, parsedGaps);
        if (ts.isNull(i) || gap <= 0) {
          continue;
        }
        long start = ts.get(i);
        long end = start + gap;
        if (end < start) {
          end = Long.MAX_VALUE;
        }
        if (end <= late) {
          dropped++;
          continue;
        }
        keep[count++] = i;
        starts.append(start);
        ends.append(end);
      }
      if (count == 0) {
        continue;
      }
      ColumnBatch b = StateValues.keep(raw, keep, count);
      ectx.reset(count);
      ColumnVector[] keys = new ColumnVector[keyExprs.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = k == sessionKey
            ? new StructVector(SESSION_TYPE, new ColumnVector[] {starts, ends}, count)
            : keyExprs.get(k).eval(b, ectx);
      }
      partial.addInput(keys, b, null, ectx);
    }
    metrics.droppedByWatermark.add(dropped);
    if (partial.numGroups() == 0) {
      return List.of();
    }
    // Merge each key's overlapping sessions already here, so the shuffle carries few rows.
    ColumnVector[] cols = ColumnBatch.allocate(shuffleSchema, partial.numGroups());
    int rows = 0;
    for (KeyGroup kg : groupByKey(partial).values()) {
      for (Merged m : SessionMerger.merge(kg.sortedPieces(), functions)) {
        for (int k = 0, j = 0; k < keySchema.size(); k++) {
          cols[k].appendObject(k == sessionKey ? sessionRow(m.start(), m.end()) : kg.values.get(j++));
        }
        for (int i = 0; i < m.buffer().size(); i++) {
          cols[keySchema.size() + i].appendObject(m.buffer().get(i));
        }
        rows++;
      }
    }
    return List.of(new ColumnBatch(shuffleSchema, cols, rows));
  }

  /** A row's gap in microseconds; 0 (dropped) when null or not a duration. */
  private static long gapOf(ColumnVector gaps, int i, Map<String, Long> parsed) {
    if (gaps.isNull(i)) {
      return 0;
    }
    if (gaps instanceof LongVector l) {
      return l.get(i);
    } else if (gaps instanceof IntVector iv) {
      return iv.get(i);
    }
    String s = ((BytesVector) gaps).getString(i);
    Long micros = parsed.get(s);
    if (micros == null) {
      try {
        micros = Durations.parse(s).toNanos() / 1000;
      } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
        micros = 0L; // Spark casts an invalid interval string to null, and drops the row
      }
      parsed.put(s, micros);
    }
    return micros;
  }

  private static Row sessionRow(long start, long end) {
    return Row.withSchema(SESSION_TYPE, Timestamps.fromMicros(start), Timestamps.fromMicros(end));
  }

  /** The partial sessions of one grouping key (without the session window). */
  private static final class KeyGroup {
    final List<Object> values;
    final List<Object> stateKey;
    final byte[] prefix;
    final List<Piece> pieces = new ArrayList<>();
    long maxEnd = Long.MIN_VALUE;

    KeyGroup(List<Object> values, List<Object> stateKey, byte[] prefix) {
      this.values = values;
      this.stateKey = stateKey;
      this.prefix = prefix;
    }

    void add(Piece p) {
      pieces.add(p);
      maxEnd = Math.max(maxEnd, p.end());
    }

    List<Piece> sortedPieces() {
      pieces.sort(SessionMerger.BY_START);
      return pieces;
    }
  }

  /**
   * Splits an aggregator's groups (key, session) by key. Keys are compared by their state encoding,
   * so values without a value equality (binary) group correctly.
   */
  private Map<ByteBuffer, KeyGroup> groupByKey(GroupedAggregator agg) {
    Map<ByteBuffer, KeyGroup> groups = new LinkedHashMap<>();
    for (int g = 0; g < agg.numGroups(); g++) {
      List<Object> key = agg.keyValues(g);
      Row session = (Row) key.remove(sessionKey);
      List<Object> stateKey = layout.toStateKey(key);
      byte[] prefix = layout.keyPrefix(stateKey);
      KeyGroup kg = groups.computeIfAbsent(ByteBuffer.wrap(prefix), b -> new KeyGroup(key, stateKey, prefix));
      kg.add(new Piece(Timestamps.toMicros((Instant) session.get(0)),
          Timestamps.toMicros((Instant) session.get(1)), agg.bufferValues(g), false));
    }
    return groups;
  }

  // ------------------------------------------------------------------ after the shuffle

  /**
   * Merges the partition's partial sessions with the stored ones and emits by output mode.
   *
   * @param input the partition's partial sessions
   * @param store the partition's state store
   * @param ctx the batch context
   * @param metrics the operator's counters
   * @return the output rows, of {@link #outputSchema()}
   */
  public List<ColumnBatch> process(List<ColumnBatch> input, StateStore store, OpContext ctx,
      OperatorMetrics metrics) {
    long t0 = System.nanoTime();
    GroupedAggregator merged = new GroupedAggregator(functions, keySchema);
    for (ColumnBatch b : input) {
      merged.addPartial(b);
    }
    for (KeyGroup kg : groupByKey(merged).values()) {
      // Stored sessions starting after the new pieces' latest end cannot touch them.
      List<Piece> all = layout.sessionsOf(store, kg.prefix, kg.stateKey, kg.maxEnd);
      all.addAll(kg.pieces);
      all.sort(SessionMerger.BY_START); // stable: a stored session goes first on an equal start
      for (Merged m : SessionMerger.merge(all, functions)) {
        if (!m.changed()) {
          continue;
        }
        for (Piece p : m.stored()) {
          layout.remove(store, kg.stateKey, p.start(), p.end());
        }
        layout.put(store, kg.stateKey, m.start(), m.end(), m.buffer());
        metrics.rowsUpdated.increment();
        metrics.rowsRemoved.add(Math.max(0, m.stored().size() - 1));
      }
    }
    metrics.updateTimeMs.add((System.nanoTime() - t0) / 1_000_000);
    long t1 = System.nanoTime();
    List<Row> out = new ArrayList<>();
    OutputMode mode = ctx.outputMode();
    if (mode == OutputMode.COMPLETE) {
      layout.forEach(store, (key, start, end, buffer) -> out.add(resultRow(key, start, end, buffer)));
    } else if (watermark != null && ctx.evictWatermarkMs() > 0) {
      long removed = layout.evict(store, ctx.evictWatermarkMicros(),
          mode == OutputMode.APPEND ? (key, start, end, buffer) -> out.add(resultRow(key, start, end, buffer)) : null);
      metrics.rowsRemoved.add(removed);
    }
    metrics.removalTimeMs.add((System.nanoTime() - t1) / 1_000_000);
    // The runner adds the store's row count after the commit; the store holds two entries per
    // session, and progress reports sessions (as Spark's session state does).
    metrics.rowsTotal.add(-(store.metrics().rows() / 2));
    return out.isEmpty() ? List.of() : List.of(ColumnBatch.fromRows(outputSchema, out));
  }

  private Row resultRow(List<Object> stateKey, long start, long end, List<Object> buffer) {
    Object[] results = functions.finish(buffer);
    Object[] values = new Object[keySchema.size() + results.length];
    for (int k = 0, j = 0; k < keySchema.size(); k++) {
      values[k] = k == sessionKey ? sessionRow(start, end) : layout.fromState(stateKey, j++);
    }
    System.arraycopy(results, 0, values, keySchema.size(), results.length);
    return Row.of(values);
  }
}
