package io.sluice.api;

import java.util.Map;

/**
 * One source's part of a batch's progress.
 *
 * @param description the source, e.g. {@code KafkaV2[Subscribe[orders]]}
 * @param startOffset the offset (JSON) the batch started after, or null
 * @param endOffset the offset (JSON) the batch read up to
 * @param latestOffset the latest offset (JSON) the source reported
 * @param numInputRows rows read
 * @param inputRowsPerSecond rows arrived per second since the previous batch
 * @param processedRowsPerSecond rows processed per second of this batch
 * @param metrics source-specific metrics (e.g. Kafka lag)
 */
public record SourceProgress(
    String description,
    String startOffset,
    String endOffset,
    String latestOffset,
    long numInputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    Map<String, String> metrics) {
  /** Copies the metrics. */
  public SourceProgress {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
