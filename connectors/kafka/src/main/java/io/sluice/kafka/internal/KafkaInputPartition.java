package io.sluice.kafka.internal;

import io.sluice.api.connector.InputPartition;
import org.apache.kafka.common.TopicPartition;

/**
 * One task's slice of a batch: the offsets {@code [fromOffset, untilOffset)} of one partition.
 *
 * @param topicPartition the partition
 * @param fromOffset the first offset to read
 * @param untilOffset the offset after the last one to read
 */
record KafkaInputPartition(TopicPartition topicPartition, long fromOffset, long untilOffset)
    implements InputPartition {
  @Override
  public String describe() {
    return topicPartition + " [" + fromOffset + ", " + untilOffset + ")";
  }
}
