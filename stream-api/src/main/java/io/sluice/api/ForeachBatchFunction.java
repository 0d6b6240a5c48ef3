package io.sluice.api;

/**
 * Receives each micro-batch's output as a batch {@link DataFrame}. It must be idempotent per
 * {@code batchId}: after a failure the same batch may be handed over again with the same rows.
 */
@FunctionalInterface
public interface ForeachBatchFunction {
  /**
   * Handles one batch.
   *
   * @param batch the batch's rows, a bounded DataFrame
   * @param batchId the batch id
   * @throws Exception to fail the query
   */
  void call(DataFrame batch, long batchId) throws Exception;
}
