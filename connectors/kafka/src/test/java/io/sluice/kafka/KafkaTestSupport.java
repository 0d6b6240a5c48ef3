package io.sluice.kafka;

import io.sluice.api.StreamSession;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing, reading and deleting records on the test broker. */
public final class KafkaTestSupport implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaTestSupport(EmbeddedKafka kafka) {
    this.kafka = kafka;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public static StreamSession session() {
    return StreamSession.builder().appName("kafka-it").getOrCreate();
  }

  static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** Sends {@code key-i}/{@code value-i} for i in [from, to) to one partition and waits for the acks. */
  public void produce(String topic, int partition, int from, int to) {
    for (int i = from; i < to; i++) {
      send(topic, partition, "k" + i, "v" + i, null, null);
    }
    flush();
  }

  public void send(String topic, Integer partition, String key, String value, Long timestamp, Map<String, String> headers) {
    sendBytes(topic, partition, utf8(key), utf8(value), timestamp, headers);
  }

  public void sendBytes(String topic, Integer partition, byte[] key, byte[] value, Long timestamp, Map<String, String> headers) {
    RecordHeaders h = new RecordHeaders();
    if (headers != null) {
      headers.forEach((k, v) -> h.add(k, utf8(v)));
    }
    producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value, h), (md, e) -> {
      if (e != null) {
        throw new IllegalStateException(e);
      }
    });
  }

  public void flush() {
    producer.flush();
  }

  /** Deletes a partition's records before an offset (as retention would). */
  public void deleteRecordsBefore(String topic, int partition, long offset) throws Exception {
    kafka.admin().deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset)))
        .all().get(30, TimeUnit.SECONDS);
  }

  /**
   * Reads every record of a topic from the start until {@code expected} were read or nothing came
   * for a while after the end offsets were reached.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted, int expected) throws Exception {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
          .map(pi -> new TopicPartition(topic, pi.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          out.add(r);
        }
        boolean atEnd = tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        if (atEnd && out.size() >= expected) {
          break;
        }
      }
    }
    return out;
  }

  public static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }
}
