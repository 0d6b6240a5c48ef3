package io.sluice.kafka.internal;

import io.sluice.api.SluiceException;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.data.ColumnBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka sink. Exactly-once (default): one transactional producer per query
 * ({@code transactional.id = <prefix><query id>}) writes each batch in one transaction, and in the
 * same transaction commits a marker of the batch: offset {@code N + 1} for partition 0 of the
 * marker topic in the consumer group {@code sluice-sink-<query id>}. When the engine replays batch
 * N after a crash, the sink reads the group's committed offset (with {@code requireStable}, after
 * {@code initTransactions} fenced the crashed producer and aborted its open transaction) and skips
 * N if it is already committed. {@code read_committed} consumers therefore see every row exactly
 * once. At-least-once: an idempotent producer, flushed per batch.
 */
final class KafkaSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final long ADMIN_TIMEOUT_MS = 60_000;

  private final SinkConfig config;
  private final RowEncoder encoder;
  private final String transactionalId;
  private final String markerGroup;
  private final TopicPartition marker;
  private KafkaProducer<byte[], byte[]> producer;
  private long lastCommittedBatch = -1;
  private long skipped;

  /**
   * @param config the options
   * @param encoder the row layout
   * @param queryId the query id, stable across restarts
   */
  KafkaSink(SinkConfig config, RowEncoder encoder, UUID queryId) {
    this.config = config;
    this.encoder = encoder;
    this.transactionalId = config.transactionalIdPrefix() + queryId;
    this.markerGroup = "sluice-sink-" + queryId;
    this.marker = new TopicPartition(config.markerTopic(), 0);
  }

  @Override
  public void addBatch(long batchId, SinkBatch batch) {
    if (producer == null) {
      producer = config.exactlyOnce() ? openTransactional() : openIdempotent();
    }
    if (config.exactlyOnce() && batchId <= lastCommittedBatch) {
      skipped++;
      LOG.info("Kafka sink skips batch {}: it was committed before (last committed batch {})", batchId,
          lastCommittedBatch);
      return;
    }
    AtomicReference<SendError> error = new AtomicReference<>();
    try {
      if (config.exactlyOnce()) {
        producer.beginTransaction();
      }
      for (List<ColumnBatch> part : batch.partitions()) {
        for (ColumnBatch b : part) {
          for (int row = 0; row < b.numRows(); row++) {
            send(encoder.record(b, row), error);
          }
        }
      }
      producer.flush();
      throwIfFailed(batchId, error);
      if (config.exactlyOnce()) {
        TestHooks.fire(TestHooks.MID_TRANSACTION);
        producer.sendOffsetsToTransaction(
            Map.of(marker, new OffsetAndMetadata(batchId + 1, "sluice batch " + batchId)),
            new ConsumerGroupMetadata(markerGroup));
        producer.commitTransaction();
        lastCommittedBatch = batchId;
        TestHooks.fire(TestHooks.AFTER_SINK_COMMIT);
      }
    } catch (RuntimeException e) {
      SendError first = error.get();
      abandonProducer();
      if (e instanceof SinkWriteException) {
        throw e;
      }
      throw new SinkWriteException("Kafka sink failed writing batch " + batchId
          + (first != null ? " to topic " + first.topic + " partition " + first.partition() : "")
          + ": " + (first != null ? first.error : e), first != null ? first.error : e);
    }
  }

  private void send(ProducerRecord<byte[], byte[]> r, AtomicReference<SendError> error) {
    try {
      producer.send(r, (md, e) -> {
        if (e != null) {
          error.compareAndSet(null, new SendError(r.topic(),
              r.partition() != null ? r.partition() : md != null ? md.partition() : -1, e));
        }
      });
    } catch (KafkaException e) {
      error.compareAndSet(null, new SendError(r.topic(), r.partition() != null ? r.partition() : -1, e));
      throw e;
    }
  }

  private static void throwIfFailed(long batchId, AtomicReference<SendError> error) {
    SendError e = error.get();
    if (e != null) {
      throw new SinkWriteException("Kafka sink failed writing batch " + batchId + " to topic " + e.topic
          + " partition " + e.partition() + ": " + e.error, e.error);
    }
  }

  /** The first failed send: where it went and why. */
  private record SendError(String topic, int partitionNumber, Exception error) {
    String partition() {
      return partitionNumber < 0 ? "(not yet assigned)" : Integer.toString(partitionNumber);
    }
  }

  /** A failed batch; the query stops and re-runs the batch on restart. */
  static final class SinkWriteException extends SluiceException {
    private static final long serialVersionUID = 1L;

    SinkWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Kafka producers can be unusable after an error (fenced, aborted): start over with a new one. */
  private void abandonProducer() {
    KafkaProducer<byte[], byte[]> p = producer;
    producer = null;
    if (p != null) {
      try {
        p.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("Closing a failed Kafka producer failed", e);
      }
    }
  }

  private Properties producerProperties() {
    Set<String> known = ProducerConfig.configNames();
    Properties p = new Properties();
    config.kafkaParams().forEach((k, v) -> {
      if (known.contains(k)) {
        p.put(k, v);
      }
    });
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    return p;
  }

  private KafkaProducer<byte[], byte[]> openIdempotent() {
    return new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Opens the query's transactional producer: {@code initTransactions} fences any earlier
   * incarnation and aborts its open transaction; then the last committed batch is read.
   */
  private KafkaProducer<byte[], byte[]> openTransactional() {
    Properties props = producerProperties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    try (Admin admin = Admin.create(KafkaOffsetReader.adminProperties(config.kafkaParams()))) {
      ensureMarkerTopic(admin);
      KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
      try {
        p.initTransactions();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(markerGroup,
                new ListConsumerGroupOffsetsOptions().requireStable(true))
            .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        OffsetAndMetadata m = committed.get(marker);
        lastCommittedBatch = m == null ? -1 : m.offset() - 1;
        return p;
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        p.close(Duration.ZERO);
        throw new SinkWriteException("Kafka sink cannot start transactional producer '" + transactionalId
            + "' or read its committed batch from group " + markerGroup + ": " + e, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkWriteException("interrupted opening the Kafka sink", e);
    }
  }

  /** The marker partition must exist for the group offset commit; it never holds records. */
  private void ensureMarkerTopic(Admin admin) throws InterruptedException {
    try {
      admin.createTopics(List.of(new NewTopic(config.markerTopic(), Optional.of(1), Optional.empty())))
          .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new SinkWriteException("Kafka sink cannot create its marker topic '" + config.markerTopic()
            + "' (create it with 1 partition, or set the option markerTopic): " + e.getCause(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new SinkWriteException("Timed out creating the Kafka sink's marker topic " + config.markerTopic(), e);
    }
  }

  @Override
  public String description() {
    return "KafkaSink[" + (config.topic() != null ? "topic=" + config.topic() + ", " : "")
        + (config.exactlyOnce() ? "exactly-once" : "at-least-once") + "]";
  }

  @Override
  public Map<String, String> metrics() {
    return config.exactlyOnce() ? Map.of("skippedReplayedBatches", Long.toString(skipped)) : Map.of();
  }

  @Override
  public void close() {
    KafkaProducer<byte[], byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(Duration.ofSeconds(10));
    }
  }
}
