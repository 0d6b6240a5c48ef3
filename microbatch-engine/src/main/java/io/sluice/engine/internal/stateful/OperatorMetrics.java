package io.sluice.engine.internal.stateful;

import io.sluice.api.StateOperatorProgress;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one stateful operator for one batch, summed over its partitions' tasks. */
public final class OperatorMetrics {
  /** Keys written in this batch. */
  public final LongAdder rowsUpdated = new LongAdder();
  /** Keys removed (evicted or deleted) in this batch. */
  public final LongAdder rowsRemoved = new LongAdder();
  /** Input rows dropped as later than the watermark. */
  public final LongAdder droppedByWatermark = new LongAdder();
  /** Rows in state after the batch. */
  public final LongAdder rowsTotal = new LongAdder();
  /** Memory used by the state after the batch. */
  public final LongAdder memoryBytes = new LongAdder();
  /** Time spent committing state. */
  public final LongAdder commitTimeMs = new LongAdder();
  /** Time spent updating state. */
  public final LongAdder updateTimeMs = new LongAdder();
  /** Time spent evicting. */
  public final LongAdder removalTimeMs = new LongAdder();

  /**
   * The progress record.
   *
   * @param operatorName the operator's name
   * @param partitions its partitions (= state store instances)
   * @return the progress
   */
  public StateOperatorProgress toProgress(String operatorName, int partitions) {
    return new StateOperatorProgress(operatorName, rowsTotal.sum(), rowsUpdated.sum(), updateTimeMs.sum(),
        rowsRemoved.sum(), removalTimeMs.sum(), commitTimeMs.sum(), memoryBytes.sum(),
        droppedByWatermark.sum(), partitions, partitions, Map.of());
  }
}
