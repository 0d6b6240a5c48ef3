package io.sluice.engine.internal.tws;

import io.sluice.api.Row;
import io.sluice.api.StatefulProcessor;
import io.sluice.api.TimeMode;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.stateful.OperatorMetrics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of {@code transformWithState} on one partition: each key's new rows go to
 * {@link StatefulProcessor#handleInputRows} in one call (in arrival order), then the due timers fire
 * in timer order (time, then key), each deleted before {@link StatefulProcessor#handleExpiredTimer}
 * sees it; last, each key's state is written once if it changed.
 *
 * <p>The due timers are those in the store when the firing starts, input calls' registrations
 * included; a timer that a timer call registers at or before the firing time fires in the next
 * batch (for processing time the driver runs that batch at once).
 */
public final class TwsPartitionBatch {
  private final TwsStore store;
  private final StatefulProcessor processor;
  private final StructType outputSchema;
  private final int[] keyColumns;
  private final KeyContext.Clocks clocks;
  private final Map<ByteBuffer, KeyContext> contexts = new HashMap<>();
  private final List<Row> output = new ArrayList<>();

  /**
   * Prepares the batch.
   *
   * @param store the partition's store
   * @param processor the user's processor
   * @param outputSchema the schema its rows must have
   * @param keyColumns the input's key column indexes
   * @param timeMode the time mode
   * @param processingTimeMs the batch timestamp
   * @param watermarkMs the batch's (eviction) watermark
   */
  public TwsPartitionBatch(TwsStore store, StatefulProcessor processor, StructType outputSchema, int[] keyColumns,
      TimeMode timeMode, long processingTimeMs, long watermarkMs) {
    this.store = store;
    this.processor = processor;
    this.outputSchema = outputSchema;
    this.keyColumns = keyColumns;
    this.clocks = new KeyContext.Clocks(timeMode, processingTimeMs, watermarkMs);
  }

  /**
   * Runs the batch.
   *
   * @param input the partition's rows
   * @param fireUpToMs timers at or before this fire; {@link Long#MIN_VALUE} for none
   * @param metrics the operator's counters
   * @return the output rows
   */
  public List<ColumnBatch> run(List<ColumnBatch> input, long fireUpToMs, OperatorMetrics metrics) {
    long t0 = System.nanoTime();
    Map<ByteBuffer, List<Row>> groups = group(input);
    for (Map.Entry<ByteBuffer, List<Row>> g : groups.entrySet()) {
      KeyContext ctx = contexts.get(g.getKey());
      collect(processor.handleInputRows(ctx.key(), g.getValue().iterator(), ctx, ctx), "handleInputRows",
          ctx.key());
    }
    metrics.updateTimeMs.add((System.nanoTime() - t0) / 1_000_000);
    long t1 = System.nanoTime();
    if (fireUpToMs != Long.MIN_VALUE) {
      for (TwsStore.Timer timer : store.dueTimers(fireUpToMs)) {
        // A call for an earlier timer may have deleted this one.
        if (!store.deleteTimer(timer.stateKey(), timer.timerMs())) {
          continue;
        }
        KeyContext ctx = context(timer.stateKey(), null);
        collect(processor.handleExpiredTimer(ctx.key(), timer.timerMs(), ctx, ctx), "handleExpiredTimer",
            ctx.key());
      }
    }
    for (KeyContext ctx : contexts.values()) {
      switch (ctx.flush()) {
        case UPDATED -> metrics.rowsUpdated.increment();
        case REMOVED -> metrics.rowsRemoved.increment();
        default -> { }
      }
    }
    metrics.removalTimeMs.add((System.nanoTime() - t1) / 1_000_000);
    if (output.isEmpty()) {
      return List.of();
    }
    try {
      return List.of(ColumnBatch.fromRows(outputSchema, output));
    } catch (RuntimeException e) {
      throw new IllegalStateException("transformWithState: the rows of " + processor.getClass().getName()
          + " do not fit the output schema " + outputSchema.simpleString() + ": " + e, e);
    }
  }

  /** Groups rows by key, keys in order of first arrival, rows in arrival order. */
  private Map<ByteBuffer, List<Row>> group(List<ColumnBatch> input) {
    Map<ByteBuffer, List<Row>> groups = new LinkedHashMap<>();
    for (ColumnBatch b : input) {
      ColumnVector[] cols = new ColumnVector[keyColumns.length];
      for (int k = 0; k < cols.length; k++) {
        cols[k] = b.column(keyColumns[k]);
      }
      for (int i = 0; i < b.numRows(); i++) {
        Object[] key = new Object[cols.length];
        for (int k = 0; k < cols.length; k++) {
          key[k] = cols[k].getObject(i);
        }
        List<Object> stateKey = store.layout().toStateKey(key);
        ByteBuffer id = ByteBuffer.wrap(store.layout().groupKey(stateKey));
        List<Row> rows = groups.get(id);
        if (rows == null) {
          rows = new ArrayList<>();
          groups.put(id, rows);
          context(stateKey, Row.withSchema(store.layout().keySchema(), key));
        }
        rows.add(b.row(i));
      }
    }
    return groups;
  }

  private KeyContext context(List<Object> stateKey, Row keyRow) {
    ByteBuffer id = ByteBuffer.wrap(store.layout().groupKey(stateKey));
    return contexts.computeIfAbsent(id, k -> new KeyContext(store, clocks,
        keyRow != null ? keyRow : store.layout().toKeyRow(stateKey), stateKey));
  }

  private void collect(Iterator<Row> rows, String call, Row key) {
    if (rows == null) {
      return;
    }
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r == null || r.size() != outputSchema.size()) {
        throw new IllegalStateException("transformWithState: " + processor.getClass().getName() + "." + call
            + " for key " + key + " returned the row " + r + ", but the output schema "
            + outputSchema.simpleString() + " has " + outputSchema.size() + " fields");
      }
      output.add(r);
    }
  }
}
