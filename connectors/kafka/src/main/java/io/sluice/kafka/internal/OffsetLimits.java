package io.sluice.kafka.internal;

import java.util.Map;
import java.util.SortedMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Pure helpers that size a batch: {@code maxOffsetsPerTrigger} split across partitions and the
 * {@code minOffsetsPerTrigger} / {@code maxTriggerDelay} wait. Kept free of Kafka calls so they can
 * be tested with tables of inputs.
 */
final class OffsetLimits {
  private OffsetLimits() {}

  /**
   * Offsets available between two positions, summed over partitions (partitions that moved back
   * count zero).
   */
  static long available(Map<TopicPartition, Long> from, Map<TopicPartition, Long> until) {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : until.entrySet()) {
      Long begin = from.get(e.getKey());
      if (begin != null && e.getValue() > begin) {
        total += e.getValue() - begin;
      }
    }
    return total;
  }

  /**
   * Caps {@code until} so a batch reads about {@code limit} offsets, each partition getting a share
   * proportional to what it has available: {@code floor(limit * size / total)}, or 1 when the
   * share is below one so that small partitions are not starved (the batch may then exceed the
   * limit by a few offsets, as Spark's does). Limit 10 over partitions with 100 and 1 available
   * gives 9 and 1.
   *
   * @param limit the most offsets in the batch
   * @param from each partition's start (every key of {@code until} must be present)
   * @param until each partition's latest offset
   * @return each partition's end offset
   */
  static SortedMap<TopicPartition, Long> capByMaxOffsets(
      long limit, Map<TopicPartition, Long> from, Map<TopicPartition, Long> until) {
    SortedMap<TopicPartition, Long> out = PartitionOffsets.newMap();
    double total = available(from, until);
    for (Map.Entry<TopicPartition, Long> e : until.entrySet()) {
      long end = e.getValue();
      long begin = from.get(e.getKey());
      long size = end - begin;
      if (total < 1 || size <= 0) {
        out.put(e.getKey(), end);
        continue;
      }
      double share = limit * (size / total);
      long n = (long) (share < 1 ? Math.ceil(share) : Math.floor(share));
      long capped = n > Long.MAX_VALUE - begin ? Long.MAX_VALUE : begin + n;
      out.put(e.getKey(), Math.min(end, capped));
    }
    return out;
  }

  /**
   * The {@code minOffsetsPerTrigger} wait: a batch is delayed while fewer than {@code minOffsets}
   * are available and less than {@code maxDelayMs} passed since the last batch. The first batch of
   * a run is never delayed (as in Spark). Not thread-safe: the driver thread owns it.
   */
  static final class TriggerDelay {
    private final long minOffsets;
    private final long maxDelayMs;
    private long lastBatchMs;
    private boolean first = true;

    TriggerDelay(long minOffsets, long maxDelayMs) {
      this.minOffsets = minOffsets;
      this.maxDelayMs = maxDelayMs;
    }

    /**
     * Whether to skip this trigger; a batch that is not delayed restarts the delay clock.
     *
     * @param available offsets available now
     * @param nowMs the current time
     * @return true to run no batch now
     */
    boolean delay(long available, long nowMs) {
      if (!first && available < minOffsets && nowMs - lastBatchMs < maxDelayMs) {
        return true;
      }
      first = false;
      lastBatchMs = nowMs;
      return false;
    }
  }
}
