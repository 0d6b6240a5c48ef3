package io.sluice.api.connector;

import io.sluice.api.types.StructType;
import java.util.List;
import java.util.Map;

/**
 * A replayable streaming source: given the same start and end offsets it returns the same rows, so
 * a batch re-run after a failure reads exactly what the failed run read.
 *
 * <p>The engine calls, per batch: {@link #latestOffset(Offset, ReadLimit)} on the driver thread,
 * writes the end offset to the offset log, then {@link #planInputPartitions(Offset, Offset)} and
 * reads each partition on a task thread with {@link #createReader(InputPartition)}; after the
 * batch commits, {@link #commit(Offset)}.
 */
public interface Source extends AutoCloseable {
  /** @return the schema of the rows */
  StructType schema();

  /** @return the offset before the first batch (e.g. from a {@code startingOffsets} option) */
  Offset initialOffset();

  /**
   * The end offset of the next batch: the latest available after {@code start}, capped by the
   * limit.
   *
   * @param start the end of the previous batch
   * @param limit how much one batch may read
   * @return the end offset; equal to {@code start} when nothing is new
   */
  Offset latestOffset(Offset start, ReadLimit limit);

  /**
   * The limit the source applies to each batch from its own options (e.g.
   * {@code maxOffsetsPerTrigger}); all available by default.
   *
   * @return the limit
   */
  default ReadLimit defaultReadLimit() {
    return ReadLimit.allAvailable();
  }

  /**
   * Called once before the first batch of an available-now run: from then on, offsets past what
   * is available now must not be returned by {@link #latestOffset(Offset, ReadLimit)}.
   */
  default void prepareForAvailableNow() {}

  /**
   * The slices of {@code (start, end]} to read in parallel.
   *
   * @param start the exclusive start
   * @param end the inclusive end
   * @return the partitions
   */
  List<InputPartition> planInputPartitions(Offset start, Offset end);

  /**
   * Opens a reader for one partition; called on a task thread.
   *
   * @param partition a partition from {@link #planInputPartitions(Offset, Offset)}
   * @return the reader
   */
  PartitionReader createReader(InputPartition partition);

  /**
   * Reads an offset written by {@link Offset#json()}.
   *
   * @param json the text
   * @return the offset
   * @throws IllegalArgumentException if the text is not an offset of this source
   */
  Offset deserializeOffset(String json);

  /**
   * Everything up to {@code end} is committed and will not be read again.
   *
   * @param end the committed end offset
   */
  default void commit(Offset end) {}

  /**
   * Source-specific metrics for the progress, e.g. Kafka lag.
   *
   * @param latestConsumed the end offset of the last batch
   * @return metric name → value
   */
  default Map<String, String> metrics(Offset latestConsumed) {
    return Map.of();
  }

  /** @return a description for progress and plans, e.g. {@code RateSource[rowsPerSecond=10]} */
  String description();

  /** Releases resources. */
  @Override
  default void close() {}
}
