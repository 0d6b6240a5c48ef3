package io.sluice.engine.internal.stateful;

import io.sluice.api.OutputMode;

/**
 * What a stateful operator knows of the batch it runs in.
 *
 * @param batchId the batch id (the state version opened is {@code batchId})
 * @param batchTimestampMs the batch's processing time
 * @param lateWatermarkMs rows with event time at or below this are late (the previous batch's
 *     watermark, Spark 3.4+'s "watermark for late events")
 * @param evictWatermarkMs state whose event time the watermark passed is emitted/evicted (this
 *     batch's watermark)
 * @param outputMode the query's output mode
 * @param noDataBatch true when the batch runs only because the watermark moved
 */
public record OpContext(
    long batchId,
    long batchTimestampMs,
    long lateWatermarkMs,
    long evictWatermarkMs,
    OutputMode outputMode,
    boolean noDataBatch) {

  /** @return the late-row threshold in microseconds */
  public long lateWatermarkMicros() {
    return lateWatermarkMs * 1000L;
  }

  /** @return the eviction threshold in microseconds */
  public long evictWatermarkMicros() {
    return evictWatermarkMs * 1000L;
  }
}
