package io.sluice.lakehouse.internal;

import io.sluice.api.connector.Offset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The position of an Iceberg streaming source: everything appended up to and including snapshot
 * {@code snapshotId} has been read. {@code snapshotId = -1} means nothing has been read.
 * {@code scanAll} marks a first batch that read the whole content of {@code snapshotId} (its
 * history before it was expired, or never streamed) rather than that snapshot's appends only.
 * Written as {@code {"snapshotId":N,"scanAll":false}}.
 *
 * @param snapshotId the last snapshot read, or -1
 * @param scanAll whether the batch ending here read the whole snapshot
 */
public record SnapshotOffset(long snapshotId, boolean scanAll) implements Offset {
  private static final Pattern JSON = Pattern.compile(
      "\\s*\\{\\s*\"snapshotId\"\\s*:\\s*(-?\\d+)\\s*(?:,\\s*\"scanAll\"\\s*:\\s*(true|false)\\s*)?}\\s*");

  /** Nothing read yet. */
  public static final SnapshotOffset NONE = new SnapshotOffset(-1, false);

  @Override
  public String json() {
    return "{\"snapshotId\":" + snapshotId + ",\"scanAll\":" + scanAll + "}";
  }

  /**
   * Parses {@link #json()}.
   *
   * @param json the text
   * @return the offset
   * @throws IllegalArgumentException if it is not a snapshot offset
   */
  public static SnapshotOffset parse(String json) {
    Matcher m = JSON.matcher(json);
    if (!m.matches()) {
      throw new IllegalArgumentException("Not an iceberg source offset {\"snapshotId\":N,\"scanAll\":B}: " + json);
    }
    return new SnapshotOffset(Long.parseLong(m.group(1)), Boolean.parseBoolean(m.group(2)));
  }

  /**
   * Converts an offset the engine hands back.
   *
   * @param offset ours, or one read back from the log, or null for "nothing read"
   * @return the snapshot offset
   */
  public static SnapshotOffset of(Offset offset) {
    if (offset == null) {
      return NONE;
    }
    return offset instanceof SnapshotOffset s ? s : parse(offset.json());
  }

  @Override
  public String toString() {
    return json();
  }
}
