package io.sluice.api;

import java.util.Map;

/**
 * One stateful operator's part of a batch's progress, with Spark's field names.
 *
 * @param operatorName e.g. {@code stateStoreSave}, {@code dedupe}, {@code symmetricHashJoin}
 * @param numRowsTotal rows in state after the batch
 * @param numRowsUpdated rows updated by the batch
 * @param allUpdatesTimeMs time spent updating
 * @param numRowsRemoved rows evicted or removed
 * @param allRemovalsTimeMs time spent removing
 * @param commitTimeMs time spent committing state
 * @param memoryUsedBytes memory used by the state
 * @param numRowsDroppedByWatermark input rows dropped as late
 * @param numShufflePartitions the operator's partitions
 * @param numStateStoreInstances state stores used
 * @param customMetrics store-specific metrics
 */
public record StateOperatorProgress(
    String operatorName,
    long numRowsTotal,
    long numRowsUpdated,
    long allUpdatesTimeMs,
    long numRowsRemoved,
    long allRemovalsTimeMs,
    long commitTimeMs,
    long memoryUsedBytes,
    long numRowsDroppedByWatermark,
    long numShufflePartitions,
    long numStateStoreInstances,
    Map<String, Long> customMetrics) {
  /** Copies the metrics. */
  public StateOperatorProgress {
    customMetrics = customMetrics == null ? Map.of() : Map.copyOf(customMetrics);
  }
}
