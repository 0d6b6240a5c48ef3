package io.sluice.checkpoint;

import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.internal.BatchFileLog;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;

/**
 * The write-ahead log of a checkpoint ({@code offsets/<N>}): the entry of batch N is written before
 * the batch runs and never changes. Obtain it from {@link Checkpoint#offsets()}; it is usable while
 * the checkpoint is open, from any thread.
 */
public final class OffsetLog {
  private final BatchFileLog<OffsetEntry> log;

  OffsetLog(BatchFileLog<OffsetEntry> log) {
    this.log = log;
  }

  BatchFileLog<OffsetEntry> log() {
    return log;
  }

  /**
   * Writes the entry of a batch atomically: a reader sees the whole file or none of it. A source
   * offset spread over several lines is written on one line, with each line break replaced by a
   * space (the same JSON value).
   *
   * @param batchId the batch id, at least 0
   * @param entry the entry
   * @throws CheckpointException if batch {@code batchId} was already written (by another writer:
   *     two queries on one checkpoint?), or on an I/O failure
   * @throws IllegalArgumentException if {@code batchId} is negative or a source offset is not one
   *     JSON value
   * @throws IllegalStateException if the checkpoint is closed
   */
  public void write(long batchId, OffsetEntry entry) {
    log.write(batchId, entry);
  }

  /**
   * Reads the entry of a batch.
   *
   * @param batchId the batch id
   * @return the entry, or empty if the batch was never written or has been purged
   * @throws CheckpointException naming the file and what is wrong if it cannot be read or parsed,
   *     or was written by a newer version of Sluice
   * @throws IllegalStateException if the checkpoint is closed
   */
  public Optional<OffsetEntry> get(long batchId) {
    return log.get(batchId);
  }

  /**
   * Returns the highest batch id written.
   *
   * @return the id, or empty if no batch was written
   * @throws CheckpointException if the directory cannot be listed
   * @throws IllegalStateException if the checkpoint is closed
   */
  public OptionalLong latestBatchId() {
    return log.latestBatchId();
  }

  /**
   * Lists the batch ids written and not purged.
   *
   * @return the ids, ascending; a new modifiable set
   * @throws CheckpointException if the directory cannot be listed
   * @throws IllegalStateException if the checkpoint is closed
   */
  public SortedSet<Long> batchIds() {
    return log.batchIds();
  }
}
