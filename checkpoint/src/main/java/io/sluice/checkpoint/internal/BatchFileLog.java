package io.sluice.checkpoint.internal;

import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A directory of one file per batch, named by the batch id in plain decimal. Files are written once
 * through {@link AtomicFiles#writeNew}; any other file in the directory (temp files, editor
 * backups) is ignored.
 *
 * @param <T> the entry type
 */
public final class BatchFileLog<T> {
  private final Path dir;
  private final LogCodec<T> codec;
  private final Runnable ensureOpen;

  /**
   * Creates the log over an existing directory.
   *
   * @param dir the directory
   * @param codec the entry format
   * @param ensureOpen called before every operation; throws if the owning checkpoint is closed
   */
  public BatchFileLog(Path dir, LogCodec<T> codec, Runnable ensureOpen) {
    this.dir = dir;
    this.codec = codec;
    this.ensureOpen = ensureOpen;
  }

  /** @return the directory */
  public Path dir() {
    return dir;
  }

  /**
   * Writes the entry of a batch, once.
   *
   * @param batchId the batch id, at least 0
   * @param entry the entry
   * @throws IllegalArgumentException if {@code batchId} is negative or the entry cannot be encoded
   * @throws CheckpointException if the batch file exists already, or on an I/O failure
   */
  public void write(long batchId, T entry) {
    ensureOpen.run();
    checkBatchId(batchId);
    byte[] bytes = LogFormat.encode(codec.encode(entry));
    Path file = file(batchId);
    try {
      AtomicFiles.writeNew(file, bytes);
    } catch (FileAlreadyExistsException e) {
      throw new CheckpointException(
          "Cannot write " + file + ": batch " + batchId + " was already written by another writer."
              + " Is another query running on checkpoint " + dir.getParent() + "? Each query needs"
              + " its own checkpointLocation.",
          e);
    } catch (IOException e) {
      throw new CheckpointException("Cannot write checkpoint file " + file + ": " + e, e);
    }
  }

  /**
   * Reads the entry of a batch.
   *
   * @param batchId the batch id
   * @return the entry, or empty if the batch has no file
   * @throws CheckpointException naming the file if it cannot be read or parsed
   */
  public Optional<T> get(long batchId) {
    ensureOpen.run();
    if (batchId < 0) {
      return Optional.empty();
    }
    Path file = file(batchId);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CheckpointException("Cannot read checkpoint file " + file + ": " + e, e);
    }
    return Optional.of(codec.decode(file, LogFormat.decode(file, bytes)));
  }

  /**
   * Lists the batch ids that have a file.
   *
   * @return the ids, ascending
   * @throws CheckpointException if the directory cannot be listed
   */
  public SortedSet<Long> batchIds() {
    ensureOpen.run();
    SortedSet<Long> ids = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        long id = parseBatchId(f.getFileName().toString());
        if (id >= 0 && Files.isRegularFile(f)) {
          ids.add(id);
        }
      }
    } catch (IOException e) {
      throw new CheckpointException("Cannot list checkpoint directory " + dir + ": " + e, e);
    }
    return ids;
  }

  /**
   * Returns the highest batch id that has a file.
   *
   * @return the id, or empty if the log is empty
   * @throws CheckpointException if the directory cannot be listed
   */
  public OptionalLong latestBatchId() {
    SortedSet<Long> ids = batchIds();
    return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.last());
  }

  /**
   * Deletes the files of every batch below {@code thresholdBatchId}, except the latest file, which
   * a restart always needs.
   *
   * @param thresholdBatchId the lowest batch id to keep
   * @return how many files were deleted
   * @throws CheckpointException on an I/O failure
   */
  public int purgeBelow(long thresholdBatchId) {
    SortedSet<Long> ids = batchIds();
    if (ids.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (long id : ids.headSet(Math.min(thresholdBatchId, ids.last()))) {
      Path file = file(id);
      try {
        if (Files.deleteIfExists(file)) {
          deleted++;
        }
      } catch (IOException e) {
        throw new CheckpointException("Cannot delete old checkpoint file " + file + ": " + e, e);
      }
    }
    return deleted;
  }

  private Path file(long batchId) {
    return dir.resolve(Long.toString(batchId));
  }

  private static void checkBatchId(long batchId) {
    if (batchId < 0) {
      throw new IllegalArgumentException("batchId must be >= 0, got " + batchId);
    }
  }

  /**
   * Parses a file name as a batch id. Only the canonical spelling counts ({@code 7}, not
   * {@code 007} or {@code +7}), so that every id maps to exactly one file name.
   *
   * @param name the file name
   * @return the id, or -1 if the name is not a batch id
   */
  static long parseBatchId(String name) {
    if (name.isEmpty() || name.length() > 19 || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    if (name.length() > 1 && name.charAt(0) == '0') {
      return -1;
    }
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
