package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.state.StateEntry;
import io.sluice.state.StateField;
import io.sluice.state.StateIterator;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dropDuplicates} and {@code dropDuplicatesWithinWatermark}: the first row of each key is
 * emitted, later ones dropped. With a watermarked event-time column among the keys, keys are
 * stored event time first and evicted by a range scan once the watermark passes them; within the
 * watermark, a key expires at its first event time plus the watermark delay.
 */
public final class DeduplicateOperator extends StatefulOperator {
  private final StructType input;
  private final int[] keyColumns;
  private final boolean withinWatermark;
  /** Position in {@link #keyColumns} of the event-time key, or -1 (plain dedup). */
  private final int eventTimeKey;
  /** Input column of the event time used for late rows and expiry, or -1. */
  private final int eventTimeColumn;
  private final long delayMs;
  private final StateSchema schema;

  /**
   * Plans the operator.
   *
   * @param operatorId its id
   * @param node the logical node
   * @param input the input schema
   * @param eventTime the input's event-time columns
   */
  public DeduplicateOperator(int operatorId, LogicalPlan.Deduplicate node, StructType input,
      Map<String, EventTime> eventTime) {
    super(operatorId);
    this.input = input;
    this.withinWatermark = node.withinWatermark();
    List<String> names = node.columns().isEmpty() ? input.fieldNames() : node.columns();
    keyColumns = new int[names.size()];
    int etKey = -1;
    int etCol = -1;
    long delay = 0;
    for (int k = 0; k < names.size(); k++) {
      int idx = input.indexOf(names.get(k));
      if (idx < 0) {
        throw new AnalysisException("Cannot deduplicate on column '" + names.get(k)
            + "': it does not exist. Available columns: " + input.fieldNames());
      }
      keyColumns[k] = idx;
      EventTime et = eventTime.get(input.field(idx).name());
      if (et != null && !et.isWindow() && etKey < 0 && !withinWatermark) {
        etKey = k;
        etCol = idx;
        delay = et.delayMs();
      }
    }
    if (withinWatermark) {
      for (Map.Entry<String, EventTime> e : eventTime.entrySet()) {
        if (!e.getValue().isWindow() && input.indexOf(e.getKey()) >= 0) {
          etCol = input.indexOf(e.getKey());
          delay = e.getValue().delayMs();
          break;
        }
      }
      if (etCol < 0) {
        throw new AnalysisException("dropDuplicatesWithinWatermark needs a watermark: call "
            + "withWatermark(eventTimeColumn, delay) before it");
      }
    }
    this.eventTimeKey = etKey;
    this.eventTimeColumn = etCol;
    this.delayMs = delay;
    List<StateField> keyFields = new ArrayList<>();
    List<Integer> order = keyOrder();
    for (int k : order) {
      keyFields.add(StateField.optional("k" + k, StateValues.fieldType(input.field(keyColumns[k]).type())));
    }
    this.schema = new StateSchema(keyFields,
        List.of(withinWatermark ? StateField.required("expiresAtMicros", io.sluice.state.FieldType.LONG)
            : StateField.required("seen", io.sluice.state.FieldType.BOOLEAN)));
  }

  /** Key columns in state order: the event-time key first, so eviction is a range scan. */
  private List<Integer> keyOrder() {
    List<Integer> order = new ArrayList<>();
    if (eventTimeKey >= 0) {
      order.add(eventTimeKey);
    }
    for (int k = 0; k < keyColumns.length; k++) {
      if (k != eventTimeKey) {
        order.add(k);
      }
    }
    return order;
  }

  @Override
  public String name() {
    return withinWatermark ? "dedupeWithinWatermark" : "dedupe";
  }

  @Override
  public String describe() {
    List<String> names = new ArrayList<>();
    for (int c : keyColumns) {
      names.add(input.field(c).name());
    }
    return (withinWatermark ? "DeduplicateWithinWatermark " : "Deduplicate ") + names
        + (eventTimeColumn >= 0 ? " (watermark on " + input.field(eventTimeColumn).name() + ")" : "");
  }

  @Override
  public StructType outputSchema() {
    return input;
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
    return schema;
  }

  @Override
  public boolean usesWatermark() {
    return eventTimeColumn >= 0;
  }

  @Override
  public List<ColumnBatch> preShuffle(int side, List<ColumnBatch> in, OpContext ctx, OperatorMetrics metrics) {
    if (eventTimeColumn < 0 || ctx.lateWatermarkMs() <= 0) {
      return in;
    }
    List<ColumnBatch> out = new ArrayList<>(in.size());
    long late = ctx.lateWatermarkMicros();
    for (ColumnBatch b : in) {
      LongVector ts = (LongVector) b.column(eventTimeColumn);
      int[] keep = new int[b.numRows()];
      int n = 0;
      for (int i = 0; i < b.numRows(); i++) {
        if (ts.isNull(i) || ts.get(i) > late) {
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

  @Override
  public List<ColumnBatch> process(int partition, List<List<ColumnBatch>> inputs, StateStore store,
      OpContext ctx, OperatorMetrics metrics) {
    long t0 = System.nanoTime();
    List<ColumnBatch> out = new ArrayList<>();
    List<Integer> order = keyOrder();
    for (ColumnBatch b : inputs.get(0)) {
      ColumnVector[] cols = new ColumnVector[keyColumns.length];
      for (int k = 0; k < cols.length; k++) {
        cols[k] = b.column(keyColumns[k]);
      }
      int[] keep = new int[b.numRows()];
      int n = 0;
      List<Object> key = new ArrayList<>(order.size());
      for (int i = 0; i < b.numRows(); i++) {
        key.clear();
        for (int k : order) {
          key.add(StateValues.toState(cols[k].getObject(i), cols[k].type()));
        }
        byte[] encoded = codec.keys().encode(key);
        Object value;
        if (withinWatermark) {
          LongVector ts = (LongVector) b.column(eventTimeColumn);
          value = ts.isNull(i) ? Long.MAX_VALUE : ts.get(i) + delayMs * 1000L;
        } else {
          value = Boolean.TRUE;
        }
        // One read per row: a put is visible to the next read of the same batch, so repeats within
        // the batch are found too.
        if (!store.putIfAbsent(encoded, codec.encodeValue(List.of(value)))) {
          continue;
        }
        metrics.rowsUpdated.increment();
        keep[n++] = i;
      }
      if (n > 0) {
        out.add(StateValues.keep(b, keep, n));
      }
    }
    metrics.updateTimeMs.add((System.nanoTime() - t0) / 1_000_000);
    long t1 = System.nanoTime();
    evict(store, ctx, metrics);
    metrics.removalTimeMs.add((System.nanoTime() - t1) / 1_000_000);
    return out;
  }

  private void evict(StateStore store, OpContext ctx, OperatorMetrics metrics) {
    if (eventTimeColumn < 0 || ctx.evictWatermarkMs() <= 0) {
      return;
    }
    long wm = ctx.evictWatermarkMicros();
    List<byte[]> expired = new ArrayList<>();
    if (withinWatermark) {
      try (StateIterator it = store.iterator()) {
        while (it.hasNext()) {
          StateEntry e = it.next();
          long expiresAt = (Long) codec.decodeValue(e.value()).get(0);
          if (expiresAt <= wm) {
            expired.add(e.key());
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("Evicting dedup state of operator " + operatorId() + " failed", e);
      }
    } else {
      // Keys start with the event time: everything at or below the watermark is one range.
      byte[] to = codec.keys().encodePrefix(List.of(wm + 1));
      try (StateIterator it = store.rangeScan(null, to)) {
        while (it.hasNext()) {
          expired.add(it.next().key());
        }
      } catch (Exception e) {
        throw new IllegalStateException("Evicting dedup state of operator " + operatorId() + " failed", e);
      }
    }
    for (byte[] k : expired) {
      store.removeExisting(k);
    }
    metrics.rowsRemoved.add(expired.size());
  }
}
