package io.sluice.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records whose value failed the source's {@code valueFormat} check to the dead-letter
 * topic: key, value and headers as read, plus {@code sluice.error}, {@code sluice.source.topic},
 * {@code sluice.source.partition}, {@code sluice.source.offset}. One idempotent producer shared by
 * the source's tasks (Kafka producers are thread-safe). At-least-once: a re-run batch writes its
 * dead letters again.
 */
final class DeadLetterWriter implements AutoCloseable {
  static final String ERROR_HEADER = "sluice.error";

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> error = new AtomicReference<>();

  DeadLetterWriter(String topic, Map<String, String> kafkaParams) {
    this.topic = topic;
    Set<String> known = ProducerConfig.configNames();
    Properties p = new Properties();
    kafkaParams.forEach((k, v) -> {
      if (known.contains(k)) {
        p.put(k, v);
      }
    });
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  void send(ConsumerRecord<byte[], byte[]> r, String why) {
    RecordHeaders h = new RecordHeaders();
    for (Header header : r.headers()) {
      h.add(header);
    }
    h.add(ERROR_HEADER, why.getBytes(StandardCharsets.UTF_8));
    h.add("sluice.source.topic", r.topic().getBytes(StandardCharsets.UTF_8));
    h.add("sluice.source.partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
    h.add("sluice.source.offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), h), (md, e) -> {
      if (e != null) {
        error.compareAndSet(null, e);
      }
    });
  }

  /**
   * Waits until every dead letter sent so far is acknowledged.
   *
   * @throws IllegalStateException naming the topic if any write failed
   */
  void flush() {
    producer.flush();
    Exception e = error.get();
    if (e != null) {
      throw new IllegalStateException("Writing dead letters to Kafka topic " + topic + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
