package io.sluice.api.connector;

import java.util.Map;

/**
 * Receives each micro-batch's output. {@link #addBatch(long, SinkBatch)} must be idempotent per
 * batch id: after a failure the engine re-runs a batch with the same id and the same rows, and a
 * sink that already committed that id must not write it again.
 */
public interface Sink extends AutoCloseable {
  /**
   * Writes one batch.
   *
   * @param batchId the batch id
   * @param batch the rows
   * @throws Exception to fail the batch (and the query)
   */
  void addBatch(long batchId, SinkBatch batch) throws Exception;

  /** @return a description for progress and plans */
  String description();

  /** @return sink-specific metrics for the progress */
  default Map<String, String> metrics() {
    return Map.of();
  }

  /** Releases resources. */
  @Override
  default void close() {}
}
