package io.sluice.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.internal.BatchFileLog;
import io.sluice.checkpoint.internal.CheckpointLock;
import io.sluice.checkpoint.internal.CommitEntryCodec;
import io.sluice.checkpoint.internal.LeftoverTempFiles;
import io.sluice.checkpoint.internal.LogFormat;
import io.sluice.checkpoint.internal.OffsetEntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A query's checkpoint directory, opened for exclusive use by one running query:
 *
 * <pre>
 * &lt;root&gt;/
 *   .lock          held while open
 *   metadata       {"id":"&lt;query id&gt;"}, written once
 *   offsets/&lt;N&gt;    {@link OffsetLog}
 *   commits/&lt;N&gt;    {@link CommitLog}
 *   sources/&lt;i&gt;/   {@link #sourceDir(int)}
 *   state/         {@link #stateDir()}
 * </pre>
 *
 * <p>Every file is written to a temp file, fsynced and atomically renamed (see {@link
 * AtomicFiles}), so a crash leaves each file whole or absent. The methods are safe to call from
 * several threads. After {@link #close()}, every method but {@link #root()} and {@code close}
 * throws {@link IllegalStateException}.
 */
public final class Checkpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
  private static final String METADATA = "metadata";

  private final Path root;
  private final CheckpointLock lock;
  private final OffsetLog offsets;
  private final CommitLog commits;
  private volatile boolean closed;
  private String queryId;

  private Checkpoint(Path root, CheckpointLock lock) {
    this.root = root;
    this.lock = lock;
    this.offsets =
        new OffsetLog(
            new BatchFileLog<>(root.resolve("offsets"), new OffsetEntryCodec(), this::ensureOpen));
    this.commits =
        new CommitLog(
            new BatchFileLog<>(root.resolve("commits"), new CommitEntryCodec(), this::ensureOpen));
  }

  /**
   * Opens a checkpoint directory, creating it and its {@code offsets/} and {@code commits/}
   * directories if missing, and locks it for this query until {@link #close()}. The lock is an OS
   * file lock on {@code <root>/.lock}, so it is released if the process dies. Temp files a crash
   * left in the root, {@code offsets/} and {@code commits/} are deleted.
   *
   * @param root the checkpoint location
   * @return the open checkpoint
   * @throws CheckpointException if another query (in this JVM or another process) has the
   *     checkpoint open, or if the directory cannot be created or locked
   */
  public static Checkpoint open(Path root) {
    Path dir = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    Optional<CheckpointLock> lock;
    try {
      Files.createDirectories(dir);
      lock = CheckpointLock.tryAcquire(dir);
    } catch (IOException e) {
      throw new CheckpointException("Cannot open checkpoint " + dir + ": " + e, e);
    }
    if (lock.isEmpty()) {
      throw new CheckpointException(
          "Checkpoint " + dir + " is in use by another running query (id "
              + readQueryIdForMessage(dir) + "). Stop that query first, or use another"
              + " checkpointLocation.");
    }
    try {
      int removed = 0;
      for (Path d : new Path[] {dir, dir.resolve("offsets"), dir.resolve("commits")}) {
        Files.createDirectories(d);
        removed += LeftoverTempFiles.deleteIn(d);
      }
      if (removed > 0) {
        LOG.info("Deleted {} temp file(s) left by interrupted writes in checkpoint {}", removed, dir);
      }
    } catch (IOException | RuntimeException e) {
      try {
        lock.get().close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new CheckpointException("Cannot open checkpoint " + dir + ": " + e, e);
    }
    LOG.debug("Opened checkpoint {}", dir);
    return new Checkpoint(dir, lock.get());
  }

  /** @return the checkpoint directory, absolute and normalized */
  public Path root() {
    return root;
  }

  /**
   * Returns the id of the query this checkpoint belongs to: the one in {@code metadata}, or, on
   * first use, {@code newId.get()}, which is then written to {@code metadata} atomically, once. The
   * id stays the same for the life of the checkpoint, across restarts.
   *
   * @param newId supplies the id of a new query, e.g. a random UUID; called at most once
   * @return the query id
   * @throws CheckpointException if {@code metadata} cannot be read, parsed or written
   * @throws IllegalArgumentException if {@code newId} supplies a null or blank id
   * @throws IllegalStateException if the checkpoint is closed
   */
  public synchronized String queryId(Supplier<String> newId) {
    ensureOpen();
    if (queryId == null) {
      Path file = root.resolve(METADATA);
      Optional<String> existing = readQueryId(file);
      if (existing.isPresent()) {
        queryId = existing.get();
      } else {
        String id = newId.get();
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException("query id must not be blank, got '" + id + "'");
        }
        byte[] bytes =
            LogFormat.toJson(LogFormat.newObject().put("id", id)).getBytes(StandardCharsets.UTF_8);
        try {
          AtomicFiles.writeNew(file, bytes);
          queryId = id;
        } catch (FileAlreadyExistsException e) {
          // Cannot happen under the lock unless something outside Sluice wrote it; theirs wins.
          queryId = readQueryId(file).orElseThrow(() -> LogFormat.corrupt(file, "it vanished"));
        } catch (IOException e) {
          throw new CheckpointException("Cannot write checkpoint file " + file + ": " + e, e);
        }
      }
    }
    return queryId;
  }

  /** @return the write-ahead log of batch offsets */
  public OffsetLog offsets() {
    ensureOpen();
    return offsets;
  }

  /** @return the log of committed batches */
  public CommitLog commits() {
    ensureOpen();
    return commits;
  }

  /**
   * Returns the directory where state stores keep their files, creating it if missing.
   *
   * @return {@code <root>/state}
   * @throws CheckpointException if the directory cannot be created
   * @throws IllegalStateException if the checkpoint is closed
   */
  public Path stateDir() {
    ensureOpen();
    return createDirectory(root.resolve("state"));
  }

  /**
   * Returns the directory where a source keeps its own log (e.g. the files it discovered),
   * creating it if missing.
   *
   * @param index the source's position in the query, from 0
   * @return {@code <root>/sources/<index>}
   * @throws IllegalArgumentException if {@code index} is negative
   * @throws CheckpointException if the directory cannot be created
   * @throws IllegalStateException if the checkpoint is closed
   */
  public Path sourceDir(int index) {
    ensureOpen();
    if (index < 0) {
      throw new IllegalArgumentException("source index must be >= 0, got " + index);
    }
    return createDirectory(root.resolve("sources").resolve(Integer.toString(index)));
  }

  /**
   * Deletes the offset and commit entries of batches older than {@code latestBatchId -
   * minBatchesToRetain + 1}, so that the last {@code minBatchesToRetain} batches remain. Nothing
   * else is deleted (state, sources and metadata are untouched), and the latest entry of each log
   * is always kept, since a restart needs it.
   *
   * @param latestBatchId the latest batch id
   * @param minBatchesToRetain how many batches to keep, at least 1 (see {@link
   *     CheckpointOptions#MIN_BATCHES_TO_RETAIN})
   * @throws IllegalArgumentException if {@code minBatchesToRetain} is below 1
   * @throws CheckpointException if a file cannot be deleted
   * @throws IllegalStateException if the checkpoint is closed
   */
  public void purge(long latestBatchId, int minBatchesToRetain) {
    ensureOpen();
    CheckpointOptions.MIN_BATCHES_TO_RETAIN.validate(minBatchesToRetain);
    long threshold = latestBatchId - minBatchesToRetain + 1;
    // Offsets first: an old offsets entry without its commit is harmless, as neither is the latest.
    int deleted = offsets.log().purgeBelow(threshold) + commits.log().purgeBelow(threshold);
    if (deleted > 0) {
      LOG.debug("Purged {} log file(s) of batches below {} in checkpoint {}", deleted, threshold, root);
    }
  }

  /**
   * Releases the lock; another query may then open the checkpoint. Idempotent.
   *
   * @throws CheckpointException if the lock cannot be released
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.close();
    } catch (IOException e) {
      throw new CheckpointException("Cannot release the lock of checkpoint " + root + ": " + e, e);
    }
    LOG.debug("Closed checkpoint {}", root);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + root + (closed ? ", closed]" : "]");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Checkpoint " + root + " is closed");
    }
  }

  private static Path createDirectory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CheckpointException("Cannot create checkpoint directory " + dir + ": " + e, e);
    }
  }

  private static Optional<String> readQueryId(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CheckpointException("Cannot read checkpoint file " + file + ": " + e, e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw LogFormat.corrupt(file, "the file is empty");
    }
    JsonNode json = LogFormat.requireObject(file, 1, text);
    JsonNode id = json.get("id");
    if (id == null || !id.isTextual() || id.textValue().isBlank()) {
      throw LogFormat.corrupt(file, "field 'id' should be a non-empty string");
    }
    return Optional.of(id.textValue());
  }

  /** Best effort: the conflict message matters more than a damaged metadata file. */
  private static String readQueryIdForMessage(Path root) {
    try {
      return readQueryId(root.resolve(METADATA)).orElse("not yet assigned");
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}
