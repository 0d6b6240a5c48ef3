package io.sluice.checkpoint.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * Converts one log entry to and from the lines that follow the version line of its file.
 *
 * @param <T> the entry type
 */
public interface LogCodec<T> {
  /**
   * Encodes an entry.
   *
   * @param entry the entry
   * @return its lines, none containing a line break
   * @throws IllegalArgumentException if the entry cannot be written
   */
  List<String> encode(T entry);

  /**
   * Decodes an entry.
   *
   * @param file the file the lines come from, for messages
   * @param lines the lines after the version line
   * @return the entry
   * @throws io.sluice.api.CheckpointException naming the file if the lines are not a valid entry
   */
  T decode(Path file, List<String> lines);
}
