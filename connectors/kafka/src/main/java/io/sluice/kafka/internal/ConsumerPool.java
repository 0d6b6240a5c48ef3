package io.sluice.kafka.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Idle Kafka consumers of one source, reused across batches: a task borrows one, assigns and seeks
 * it to its range, and gives it back, so a batch does not pay for new connections and metadata.
 * A consumer is used by one task at a time; one that failed is closed instead of returned.
 */
final class ConsumerPool implements AutoCloseable {
  private final Properties props;
  private final ConcurrentLinkedDeque<KafkaConsumer<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  ConsumerPool(Map<String, String> kafkaParams) {
    Set<String> known = ConsumerConfig.configNames();
    Properties p = new Properties();
    kafkaParams.forEach((k, v) -> {
      if (known.contains(k)) {
        p.put(k, v);
      }
    });
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Out-of-range positions must surface (data loss), never silently jump.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "4096");
    // A reader drains one partition; the consumer fetches it again only when its buffer is empty,
    // so bigger fetches mean fewer waits (8 MiB instead of Kafka's 1 MiB; user settings win).
    p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
    this.props = p;
  }

  KafkaConsumer<byte[], byte[]> borrow() {
    KafkaConsumer<byte[], byte[]> c = idle.pollFirst();
    return c != null ? c : new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  void giveBack(KafkaConsumer<byte[], byte[]> consumer, boolean healthy) {
    if (healthy && !closed) {
      idle.addFirst(consumer);
      if (!closed) {
        return;
      }
      idle.remove(consumer);
    }
    consumer.close(Duration.ZERO);
  }

  @Override
  public void close() {
    closed = true;
    for (KafkaConsumer<byte[], byte[]> c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      c.close(Duration.ZERO);
    }
  }
}
