package io.sluice.kafka.internal;

import io.sluice.api.connector.Offset;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka source's offset: for each partition, the next offset to read, written as Spark writes
 * it: {@code {"topic":{"0":23,"1":10}}}.
 *
 * @param offsets partition → next offset to read, sorted
 */
record KafkaSourceOffset(SortedMap<TopicPartition, Long> offsets) implements Offset {
  KafkaSourceOffset {
    SortedMap<TopicPartition, Long> copy = PartitionOffsets.newMap();
    copy.putAll(offsets);
    offsets = Collections.unmodifiableSortedMap(copy);
  }

  static KafkaSourceOffset of(Map<TopicPartition, Long> offsets) {
    SortedMap<TopicPartition, Long> m = PartitionOffsets.newMap();
    m.putAll(offsets);
    return new KafkaSourceOffset(m);
  }

  /** Reads an offset the engine hands back (ours, or one read from the log as plain JSON). */
  static KafkaSourceOffset from(Offset offset) {
    return offset instanceof KafkaSourceOffset k ? k : of(PartitionOffsets.fromJson(offset.json()));
  }

  @Override
  public String json() {
    return PartitionOffsets.toJson(offsets);
  }

  @Override
  public String toString() {
    return json();
  }
}
