package io.sluice.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The progress of one micro-batch, with Spark Structured Streaming's field names and JSON shape.
 *
 * @param id the query id
 * @param runId the run id
 * @param name the query name, or null
 * @param timestamp when the trigger started
 * @param batchId the batch id
 * @param batchDuration the batch's wall-clock duration in ms
 * @param numInputRows rows read from all sources
 * @param inputRowsPerSecond rows arrived per second since the previous batch
 * @param processedRowsPerSecond rows processed per second of this batch
 * @param durationMs time per phase: {@code latestOffset}, {@code walCommit},
 *     {@code queryPlanning}, {@code addBatch}, {@code commitOffsets}, {@code triggerExecution}
 * @param eventTime {@code min}, {@code max}, {@code avg} event time and {@code watermark}, as
 *     ISO-8601 text; empty for queries without event time
 * @param stateOperators one entry per stateful operator
 * @param sources one entry per source
 * @param sink the sink
 * @param expectations per expectation, the rows that passed and failed in this batch
 */
public record StreamingQueryProgress(
    UUID id,
    UUID runId,
    String name,
    Instant timestamp,
    long batchId,
    long batchDuration,
    long numInputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    Map<String, Long> durationMs,
    Map<String, String> eventTime,
    List<StateOperatorProgress> stateOperators,
    List<SourceProgress> sources,
    SinkProgress sink,
    List<ExpectationProgress> expectations) {
  /** Copies the collections. */
  public StreamingQueryProgress {
    expectations = expectations == null ? List.of() : List.copyOf(expectations);
    durationMs = Map.copyOf(durationMs);
    eventTime = Map.copyOf(eventTime);
    stateOperators = List.copyOf(stateOperators);
    sources = List.copyOf(sources);
  }

  /** @return compact JSON, Spark's shape */
  public String toJson() {
    return ProgressJson.write(this, false);
  }

  /** @return indented JSON, Spark's shape */
  public String prettyJson() {
    return ProgressJson.write(this, true);
  }

  @Override
  public String toString() {
    return prettyJson();
  }
}
