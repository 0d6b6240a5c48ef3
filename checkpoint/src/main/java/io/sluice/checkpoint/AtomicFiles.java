package io.sluice.checkpoint;

import io.sluice.api.CheckpointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes checkpoint files safely by construction: the bytes go to a temporary file in the same
 * directory, are fsynced, and the file is atomically renamed to its final name; the directory is
 * fsynced after. A reader sees either the whole file or none of it.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code target}, failing if {@code target} already exists.
   *
   * @param target the final path
   * @param bytes the content
   * @throws FileAlreadyExistsException if the target exists (somebody else wrote it first)
   * @throws IOException on an I/O failure; the target is then absent
   */
  public static void writeNew(Path target, byte[] bytes) throws IOException {
    write(target, bytes, false);
  }

  /**
   * Writes {@code bytes} to {@code target}, replacing it atomically if it exists.
   *
   * @param target the final path
   * @param bytes the content
   * @throws IOException on an I/O failure; the previous content is then intact
   */
  public static void writeReplacing(Path target, byte[] bytes) throws IOException {
    write(target, bytes, true);
  }

  private static void write(Path target, byte[] bytes, boolean replace) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (!replace) {
        // A hard link fails if the target exists, which a rename would silently overwrite.
        try {
          Files.createLink(target, tmp);
        } catch (UnsupportedOperationException e) {
          if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
          }
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
      } else {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Fsyncs a directory so a rename inside it survives a crash. Ignored where the platform cannot.
   *
   * @param dir the directory
   */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot open a directory for reading; the rename is still atomic there.
    }
  }

  /**
   * Reads a whole file, wrapping a failure in a {@link CheckpointException} naming the file.
   *
   * @param file the file
   * @return its bytes
   */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CheckpointException("Cannot read checkpoint file " + file + ": " + e.getMessage(), e);
    }
  }
}
