package io.sluice.checkpoint.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temp files ({@code .<name>.<uuid>.tmp}) that {@link io.sluice.checkpoint.AtomicFiles} leaves when
 * the process dies between writing and renaming. They were never renamed, so they were never part
 * of the checkpoint, and deleting them is safe while the checkpoint is locked.
 */
public final class LeftoverTempFiles {
  private LeftoverTempFiles() {}

  /**
   * Tells whether a file name is a temp file name.
   *
   * @param name the file name
   * @return true for {@code .*.tmp}
   */
  public static boolean isTempFile(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  /**
   * Deletes the temp files directly in {@code dir} (not in subdirectories).
   *
   * @param dir the directory
   * @return how many were deleted
   * @throws IOException if the directory cannot be listed or a file cannot be deleted
   */
  public static int deleteIn(Path dir) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (isTempFile(f.getFileName().toString())
            && Files.isRegularFile(f)
            && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    }
    return deleted;
  }
}
