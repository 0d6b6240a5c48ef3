package io.sluice.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The write-ahead entry of one batch ({@code offsets/<N>}): what the batch reads and with which
 * watermark and time it runs, so that a restart re-runs it identically.
 *
 * @param batchWatermarkMs the event-time watermark the batch runs with, epoch millis
 * @param batchTimestampMs the processing time of the batch, epoch millis
 * @param conf the settings that shape state (shuffle partitions, state provider, ...), which win
 *     over the session's on restart; keys and values non-null; copied, iterated in key order
 * @param sourceOffsets the end offset of each source, in source order, each one JSON text, or
 *     {@code null} for a source that had no offset yet; copied, unmodifiable
 */
public record OffsetEntry(
    long batchWatermarkMs,
    long batchTimestampMs,
    Map<String, String> conf,
    List<String> sourceOffsets) {

  /**
   * Creates the entry, copying the collections.
   *
   * @param batchWatermarkMs the event-time watermark the batch runs with, epoch millis
   * @param batchTimestampMs the processing time of the batch, epoch millis
   * @param conf the settings that shape state; keys and values non-null
   * @param sourceOffsets the end offset of each source as JSON, or null for none yet
   * @throws NullPointerException if {@code conf} or {@code sourceOffsets} is null, or {@code conf}
   *     holds a null key or value
   */
  public OffsetEntry {
    Objects.requireNonNull(conf, "conf");
    Objects.requireNonNull(sourceOffsets, "sourceOffsets");
    TreeMap<String, String> sortedConf = new TreeMap<>();
    conf.forEach(
        (k, v) ->
            sortedConf.put(
                Objects.requireNonNull(k, "conf key"),
                Objects.requireNonNull(v, () -> "conf value of " + k)));
    conf = Collections.unmodifiableMap(sortedConf);
    // List.copyOf would reject the null elements that mean "no offset yet".
    sourceOffsets = Collections.unmodifiableList(new ArrayList<>(sourceOffsets));
  }

  /**
   * @param batchWatermarkMs the new watermark
   * @return a copy with that watermark
   */
  public OffsetEntry withBatchWatermarkMs(long batchWatermarkMs) {
    return new OffsetEntry(batchWatermarkMs, batchTimestampMs, conf, sourceOffsets);
  }

  /**
   * @param batchTimestampMs the new batch timestamp
   * @return a copy with that timestamp
   */
  public OffsetEntry withBatchTimestampMs(long batchTimestampMs) {
    return new OffsetEntry(batchWatermarkMs, batchTimestampMs, conf, sourceOffsets);
  }

  /**
   * @param conf the new conf
   * @return a copy with that conf
   */
  public OffsetEntry withConf(Map<String, String> conf) {
    return new OffsetEntry(batchWatermarkMs, batchTimestampMs, conf, sourceOffsets);
  }

  /**
   * @param sourceOffsets the new source offsets
   * @return a copy with those offsets
   */
  public OffsetEntry withSourceOffsets(List<String> sourceOffsets) {
    return new OffsetEntry(batchWatermarkMs, batchTimestampMs, conf, sourceOffsets);
  }
}
