package io.sluice.checkpoint.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a checkpoint directory, held as an OS file lock on {@code <root>/.lock}
 * against other processes, and in a JVM-wide set of roots against this process: the OS lock is
 * held per process, so a second {@code tryLock} in the same JVM would throw instead of reporting
 * the conflict.
 *
 * <p>The lock file is never deleted: deleting it would let two processes lock two different files
 * under the same name.
 */
public final class CheckpointLock implements AutoCloseable {
  private static final Set<Path> LOCKED_ROOTS = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private CheckpointLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Tries to lock a checkpoint directory.
   *
   * @param root the directory, which must exist
   * @return the lock, or empty if this JVM or another process holds it
   * @throws IOException if the lock file cannot be opened or locked
   */
  public static Optional<CheckpointLock> tryAcquire(Path root) throws IOException {
    // The real path, so that two spellings of one directory (symlinks, "..") conflict.
    Path key = root.toRealPath();
    if (!LOCKED_ROOTS.add(key)) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              key.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // Locked in this JVM by code that bypassed this class.
        lock = null;
      }
      if (lock == null) {
        channel.close();
        LOCKED_ROOTS.remove(key);
        return Optional.empty();
      }
      return Optional.of(new CheckpointLock(key, channel, lock));
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      LOCKED_ROOTS.remove(key);
      throw e;
    }
  }

  /**
   * Releases the lock. Call once.
   *
   * @throws IOException if releasing fails; the root is unregistered in this JVM regardless
   */
  @Override
  public void close() throws IOException {
    try {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    } finally {
      LOCKED_ROOTS.remove(key);
    }
  }
}
