package io.sluice.kafka.internal;

import io.sluice.api.connector.PartitionReader;
import io.sluice.api.data.ColumnBatch;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one partition's offsets {@code [from, until)} with a pooled consumer ({@code assign} +
 * {@code seek}) into column batches of up to {@link ColumnBatch#DEFAULT_ROWS} rows.
 *
 * <p>Offsets may have gaps (compaction, transaction markers, aborted records under
 * {@code read_committed}): the reader follows the consumer's position, not a count. A start that
 * retention already deleted is data loss (fail, or skip to the earliest offset). Records it knows
 * exist but cannot fetch within {@code kafkaConsumer.pollTimeoutMs} fail the batch.
 */
final class KafkaPartitionReader implements PartitionReader {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaInputPartition part;
  private final TopicPartition tp;
  private final ConsumerPool pool;
  private final SourceConfig config;
  private final DeadLetterWriter deadLetters;
  private final RecordColumns columns;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Iterator<ConsumerRecord<byte[], byte[]>> buffered = java.util.Collections.emptyIterator();
  private long position;
  private boolean healthy = true;
  private boolean done;

  KafkaPartitionReader(KafkaInputPartition part, ConsumerPool pool, SourceConfig config, DeadLetterWriter deadLetters) {
    this.part = part;
    this.tp = part.topicPartition();
    this.pool = pool;
    this.config = config;
    this.deadLetters = deadLetters;
    this.position = part.fromOffset();
    this.columns = new RecordColumns(config.includeHeaders(),
        (int) Math.min(ColumnBatch.DEFAULT_ROWS, Math.max(1, part.untilOffset() - part.fromOffset())));
  }

  @Override
  public ColumnBatch next() {
    if (done) {
      return null;
    }
    if (consumer == null) {
      consumer = pool.borrow();
      healthy = false;
      consumer.assign(List.of(tp));
      consumer.seek(tp, position);
      healthy = true;
    }
    long deadline = System.nanoTime() + config.pollTimeoutMs() * 1_000_000L;
    while (position < part.untilOffset() && columns.rows() < ColumnBatch.DEFAULT_ROWS) {
      if (buffered.hasNext()) {
        ConsumerRecord<byte[], byte[]> r = buffered.next();
        if (r.offset() < position) {
          continue;
        }
        if (r.offset() >= part.untilOffset()) {
          position = part.untilOffset();
          break;
        }
        position = r.offset() + 1;
        String error = config.valueCheck() == null ? null : config.valueCheck().check(r.value());
        if (error == null) {
          columns.add(r);
        } else {
          deadLetters.send(r, error);
        }
        deadline = System.nanoTime() + config.pollTimeoutMs() * 1_000_000L;
        continue;
      }
      ConsumerRecords<byte[], byte[]> records;
      try {
        healthy = false;
        records = consumer.poll(POLL);
        healthy = true;
      } catch (OffsetOutOfRangeException e) {
        skipLostRange();
        continue;
      }
      buffered = records.records(tp).iterator();
      if (!buffered.hasNext()) {
        // Control records and aborted transactions move the position without returning records.
        long pos = consumer.position(tp);
        if (pos > position) {
          position = Math.min(pos, part.untilOffset());
          deadline = System.nanoTime() + config.pollTimeoutMs() * 1_000_000L;
        } else if (System.nanoTime() > deadline) {
          healthy = false;
          throw new IllegalStateException("Timed out after " + config.pollTimeoutMs() + " ms reading Kafka "
              + "partition " + tp + " at offset " + position + " (this batch reads up to offset "
              + part.untilOffset() + "); raise kafkaConsumer.pollTimeoutMs if the broker is slow");
        }
      }
    }
    if (position >= part.untilOffset()) {
      done = true;
      if (deadLetters != null) {
        deadLetters.flush();
      }
    }
    if (columns.rows() == 0) {
      return done ? null : next();
    }
    return columns.flush(ColumnBatch.DEFAULT_ROWS);
  }

  /** The position was deleted (retention, deleteRecords) or is past the end (topic recreated). */
  private void skipLostRange() {
    long earliest = consumer.beginningOffsets(Set.of(tp)).get(tp);
    if (earliest > position) {
      long lostUntil = Math.min(earliest, part.untilOffset());
      DataLoss.report(config.failOnDataLoss(), "partition " + tp + " lost offsets [" + position + ", "
          + lostUntil + "): they were deleted (retention or deleteRecords) before they were read; the "
          + "earliest available offset is " + earliest);
      position = lostUntil;
    } else {
      DataLoss.report(config.failOnDataLoss(), "partition " + tp + " has no offset " + position
          + " (the topic was probably deleted and recreated); offsets [" + position + ", "
          + part.untilOffset() + ") cannot be read");
      position = part.untilOffset();
    }
    buffered = java.util.Collections.emptyIterator();
    if (position < part.untilOffset()) {
      consumer.seek(tp, position);
    }
  }

  @Override
  public void close() {
    if (consumer != null) {
      pool.giveBack(consumer, healthy);
      consumer = null;
    }
  }
}
