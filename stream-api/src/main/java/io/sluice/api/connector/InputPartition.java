package io.sluice.api.connector;

/**
 * One slice of a batch's input that a single task reads, e.g. one Kafka partition's offset range.
 * Implementations are immutable values carrying what the reader needs.
 */
public interface InputPartition {
  /** @return a short description for logs and plans */
  default String describe() {
    return toString();
  }
}
