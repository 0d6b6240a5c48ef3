package io.sluice.api;

import java.util.Map;

/**
 * The sink's part of a batch's progress.
 *
 * @param description the sink
 * @param numOutputRows rows written, or -1 if unknown
 * @param metrics sink-specific metrics
 */
public record SinkProgress(String description, long numOutputRows, Map<String, String> metrics) {
  /** Copies the metrics. */
  public SinkProgress {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
