package io.sluice.api.connector;

import io.sluice.api.data.ColumnBatch;

/**
 * Reads one {@link InputPartition} as a sequence of column batches. Used by one task thread.
 */
public interface PartitionReader extends AutoCloseable {
  /**
   * The next batch.
   *
   * @return the batch, or null at the end of the partition
   * @throws Exception on a read failure (fails the micro-batch, which is retried from the
   *     checkpoint on restart)
   */
  ColumnBatch next() throws Exception;

  /** Releases the reader's resources; failures are the reader's to log. */
  @Override
  default void close() {}
}
