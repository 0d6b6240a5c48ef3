package io.sluice.checkpoint;

import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.internal.BatchFileLog;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;

/**
 * The commit log of a checkpoint ({@code commits/<N>}): the entry of batch N is written once the
 * batch and its sink commit are done, and never changes. Offsets N without commits N means batch N
 * must be re-run with the same offsets. Obtain it from {@link Checkpoint#commits()}; it is usable
 * while the checkpoint is open, from any thread.
 */
public final class CommitLog {
  private final BatchFileLog<CommitEntry> log;

  CommitLog(BatchFileLog<CommitEntry> log) {
    this.log = log;
  }

  BatchFileLog<CommitEntry> log() {
    return log;
  }

  /**
   * Writes the entry of a batch atomically: a reader sees the whole file or none of it.
   *
   * @param batchId the batch id, at least 0
   * @param entry the entry
   * @throws CheckpointException if batch {@code batchId} was already written (by
   *     another writer: two queries on one checkpoint?), or on an I/O failure
   * @throws IllegalArgumentException if {@code batchId} is negative
   * @throws IllegalStateException if the checkpoint is closed
   */
  public void write(long batchId, CommitEntry entry) {
    log.write(batchId, entry);
  }

  /**
   * Reads the entry of a batch.
   *
   * @param batchId the batch id
   * @return the entry, or empty if the batch was never committed or has been purged
   * @throws CheckpointException naming the file and what is wrong if it cannot be read or
   *     parsed, or was written by a newer version of Sluice
   * @throws IllegalStateException if the checkpoint is closed
   */
  public Optional<CommitEntry> get(long batchId) {
    return log.get(batchId);
  }

  /**
   * Returns the highest batch id committed.
   *
   * @return the id, or empty if no batch was committed
   * @throws CheckpointException if the directory cannot be listed
   * @throws IllegalStateException if the checkpoint is closed
   */
  public OptionalLong latestBatchId() {
    return log.latestBatchId();
  }

  /**
   * Lists the batch ids committed and not purged.
   *
   * @return the ids, ascending; a new modifiable set
   * @throws CheckpointException if the directory cannot be listed
   * @throws IllegalStateException if the checkpoint is closed
   */
  public SortedSet<Long> batchIds() {
    return log.batchIds();
  }
}
