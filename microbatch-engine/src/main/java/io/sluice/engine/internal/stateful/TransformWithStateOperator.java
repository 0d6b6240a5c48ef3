package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.StatefulProcessor;
import io.sluice.api.TimeMode;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.engine.internal.tws.TwsPartitionBatch;
import io.sluice.engine.internal.tws.TwsStateLayout;
import io.sluice.engine.internal.tws.TwsStore;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * {@code transformWithState}: the input is hash-partitioned by the key columns; per partition and
 * batch each key's rows go to the user's {@link StatefulProcessor} in one call, then the due
 * timers fire (processing-time timers at or before the batch timestamp, event-time timers at or
 * before the batch's watermark). State and timers share the partition's store
 * ({@link TwsStateLayout}).
 *
 * <p>In {@link TimeMode#EVENT_TIME} the input needs a watermark: rows at or below the previous
 * batch's watermark are dropped as late before the shuffle, and a moved watermark runs a batch
 * without data. In {@link TimeMode#PROCESSING_TIME} a timer that becomes due runs a batch without
 * data ({@link #nextProcessingTimeDueMs}).
 *
 * <p>With a processor factory, each partition gets its own processor (made on first use in a query
 * run); with one processor instance, that instance serves every partition, so its methods may be
 * called from several threads at once. Either way it must keep nothing per key in fields.
 */
public final class TransformWithStateOperator extends StatefulOperator {
  private final StructType input;
  private final StatefulProcessor processor;
  private final java.util.function.Supplier<StatefulProcessor> factory;
  private final java.util.Map<Integer, StatefulProcessor> perPartition = new java.util.concurrent.ConcurrentHashMap<>();
  private final StructType outputSchema;
  private final TimeMode timeMode;
  private final int[] keyColumns;
  private final TwsStateLayout layout;
  /** Input column whose watermark makes rows late (EVENT_TIME mode), or -1. */
  private final int eventTimeColumn;
  /** Per partition, its earliest timer after its last batch; filled lazily after a (re)start. */
  private final Map<Integer, Long> earliestTimer = new ConcurrentHashMap<>();

  /**
   * Plans the operator.
   *
   * @param operatorId its id
   * @param node the node
   * @param input the input schema
   * @param eventTime the input's event-time columns
   * @throws AnalysisException if a key column is missing, or EVENT_TIME mode has no watermark
   */
  public TransformWithStateOperator(int operatorId, LogicalPlan.TransformWithState node, StructType input,
      Map<String, EventTime> eventTime) {
    super(operatorId);
    this.input = input;
    this.processor = node.processor();
    this.factory = node.processorFactory();
    this.outputSchema = node.outputSchema();
    this.timeMode = node.timeMode() == null ? TimeMode.NONE : node.timeMode();
    if (node.keyColumns().isEmpty()) {
      throw new AnalysisException("transformWithState needs at least one key column; available columns: "
          + input.fieldNames());
    }
    keyColumns = new int[node.keyColumns().size()];
    List<StructField> keyFields = new ArrayList<>();
    for (int k = 0; k < keyColumns.length; k++) {
      String name = node.keyColumns().get(k);
      int idx = input.indexOf(name);
      if (idx < 0) {
        throw new AnalysisException("transformWithState key column '" + name + "' does not exist. Available "
            + "columns: " + input.fieldNames());
      }
      keyColumns[k] = idx;
      keyFields.add(input.field(idx));
    }
    int etCol = -1;
    if (timeMode == TimeMode.EVENT_TIME) {
      for (int i = 0; i < input.size() && etCol < 0; i++) {
        for (String name : eventTime.keySet()) {
          if (name.equalsIgnoreCase(input.field(i).name())) {
            etCol = i;
            break;
          }
        }
      }
      if (etCol < 0) {
        throw new AnalysisException("transformWithState with TimeMode.EVENT_TIME needs withWatermark(...) on its "
            + "input: call withWatermark(eventTimeColumn, delay) before transformWithState, or use "
            + "TimeMode.PROCESSING_TIME");
      }
    }
    this.eventTimeColumn = etCol;
    StructType stateSchema = processor.stateSchema();
    this.layout = new TwsStateLayout(new StructType(keyFields),
        stateSchema == null ? StructType.empty() : stateSchema);
  }

  @Override
  public String name() {
    return "transformWithState";
  }

  @Override
  public String describe() {
    return "TransformWithState keys=" + layout.keySchema().fieldNames() + " processor="
        + processor.getClass().getSimpleName() + " timeMode=" + timeMode
        + (eventTimeColumn >= 0 ? " (watermark on " + input.field(eventTimeColumn).name() + ")" : "");
  }

  @Override
  public StructType outputSchema() {
    return outputSchema;
  }

  @Override
  public StructType shuffleSchema(int side) {
    return input;
  }

  @Override
  public int[] shuffleKeyColumns(int side) {
    return keyColumns;
  }

  @Override
  public StateSchema stateSchema() {
    return layout.schema();
  }

  @Override
  public boolean usesWatermark() {
    return timeMode == TimeMode.EVENT_TIME;
  }

  @Override
  public void checkOutputMode(OutputMode mode) {
    if (mode == OutputMode.COMPLETE) {
      throw new AnalysisException("transformWithState does not support Complete output mode: use append or "
          + "update");
    }
  }

  @Override
  public List<ColumnBatch> preShuffle(int side, List<ColumnBatch> in, OpContext ctx, OperatorMetrics metrics) {
    if (eventTimeColumn < 0 || ctx.lateWatermarkMs() <= 0) {
      return in;
    }
    long late = ctx.lateWatermarkMicros();
    List<ColumnBatch> out = new ArrayList<>(in.size());
    for (ColumnBatch b : in) {
      ColumnVector ts = b.column(eventTimeColumn);
      int[] keep = new int[b.numRows()];
      int n = 0;
      for (int i = 0; i < b.numRows(); i++) {
        long t = eventTimeMicros(ts, i);
        if (t == Long.MIN_VALUE || t > late) {
          keep[n++] = i;
        }
      }
      metrics.droppedByWatermark.add(b.numRows() - n);
      if (n > 0) {
        out.add(StateValues.keep(b, keep, n));
      }
    }
    return out;
  }

  /** A row's event time in micros: the timestamp, or a window's end; MIN_VALUE if null. */
  private static long eventTimeMicros(ColumnVector v, int i) {
    if (v.isNull(i)) {
      return Long.MIN_VALUE;
    }
    if (v instanceof StructVector s) {
      ColumnVector end = s.child(1);
      return end.isNull(i) ? Long.MIN_VALUE : ((LongVector) end).get(i);
    }
    return v.type() == DataTypes.TIMESTAMP ? ((LongVector) v).get(i) : Long.MIN_VALUE;
  }

  @Override
  public List<ColumnBatch> process(int partition, List<List<ColumnBatch>> inputs, StateStore store, OpContext ctx,
      OperatorMetrics metrics) {
    long fireUpTo = switch (timeMode) {
      case PROCESSING_TIME -> ctx.batchTimestampMs();
      case EVENT_TIME -> ctx.evictWatermarkMs() > 0 ? ctx.evictWatermarkMs() : Long.MIN_VALUE;
      case NONE -> Long.MIN_VALUE;
    };
    TwsStore tws = new TwsStore(layout, codec, store);
    StatefulProcessor partitionProcessor = factory == null ? processor
        : perPartition.computeIfAbsent(partition, p -> factory.get());
    List<ColumnBatch> out = new TwsPartitionBatch(tws, partitionProcessor, outputSchema, keyColumns, timeMode,
        ctx.batchTimestampMs(), ctx.evictWatermarkMs()).run(inputs.get(0), fireUpTo, metrics);
    if (timeMode == TimeMode.PROCESSING_TIME) {
      earliestTimer.put(partition, tws.earliestTimerMs());
    }
    return out;
  }

  /**
   * The earliest processing-time timer of any partition, so the driver runs a batch without data
   * when it is due. After a (re)start each partition's store is read once to find it; then each
   * batch keeps it up to date.
   */
  @Override
  public long nextProcessingTimeDueMs(int partitions, IntFunction<StateStore> stores) {
    if (timeMode != TimeMode.PROCESSING_TIME) {
      return Long.MAX_VALUE;
    }
    long min = Long.MAX_VALUE;
    for (int p = 0; p < partitions; p++) {
      Long t = earliestTimer.get(p);
      if (t == null) {
        StateStore store = stores.apply(p);
        try {
          t = new TwsStore(layout, codec, store).earliestTimerMs();
        } finally {
          store.abort();
        }
        earliestTimer.put(p, t);
      }
      min = Math.min(min, t);
    }
    return min;
  }
}
