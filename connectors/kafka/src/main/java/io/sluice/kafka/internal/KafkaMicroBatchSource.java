package io.sluice.kafka.internal;

import io.sluice.api.CheckpointException;
import io.sluice.api.SluiceException;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.types.StructType;
import io.sluice.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka streaming source. Offsets are, per partition, the next offset to read; the checkpoint
 * is the only record of progress (nothing is committed to Kafka).
 *
 * <p>Driver side ({@link KafkaOffsetReader}): the initial offsets are resolved once and written to
 * {@code sources/<i>/initial-offsets}, so a restart before the first commit reads the same range;
 * each trigger discovers partitions (new ones start at their earliest offset), looks up the latest
 * offsets, detects lost partitions and applies the read limits. Task side
 * ({@link KafkaPartitionReader}): one input partition per topic-partition range, read in parallel
 * with pooled consumers.
 */
final class KafkaMicroBatchSource implements Source {
  static final String INITIAL_OFFSETS_FILE = "initial-offsets";

  private final SourceConfig config;
  private final Path metadataDir;
  private final KafkaOffsetReader reader;
  private final ConsumerPool pool;
  private final LongSupplier clock;
  private final OffsetLimits.TriggerDelay triggerDelay;
  private volatile DeadLetterWriter deadLetters;
  private volatile SortedMap<TopicPartition, Long> latestSeen;
  private SortedMap<TopicPartition, Long> pinnedEnd;
  private KafkaSourceOffset initial;

  KafkaMicroBatchSource(SourceConfig config, Path metadataDir, LongSupplier clock) {
    this.config = config;
    this.metadataDir = metadataDir;
    this.clock = clock;
    this.reader = new KafkaOffsetReader(config);
    this.pool = new ConsumerPool(config.kafkaParams());
    this.triggerDelay = config.minOffsetsPerTrigger() == null ? null
        : new OffsetLimits.TriggerDelay(config.minOffsetsPerTrigger(), config.maxTriggerDelay().toMillis());
  }

  @Override
  public StructType schema() {
    return RecordColumns.schema(config.includeHeaders());
  }

  @Override
  public synchronized Offset initialOffset() {
    if (initial == null) {
      initial = metadataDir == null ? KafkaSourceOffset.of(resolveStart()) : readOrWriteInitial();
    }
    return initial;
  }

  private KafkaSourceOffset readOrWriteInitial() {
    Path file = metadataDir.resolve(INITIAL_OFFSETS_FILE);
    if (!Files.exists(file)) {
      KafkaSourceOffset resolved = KafkaSourceOffset.of(resolveStart());
      try {
        AtomicFiles.writeNew(file, ("v1\n" + resolved.json() + "\n").getBytes(StandardCharsets.UTF_8));
        return resolved;
      } catch (FileAlreadyExistsException e) {
        // Written by an earlier run that stopped before its first batch committed: use that.
      } catch (IOException e) {
        throw new CheckpointException("Cannot write the Kafka source's initial offsets to " + file + ": "
            + e.getMessage(), e);
      }
    }
    String text = new String(AtomicFiles.read(file), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", 3);
    if (lines.length < 2 || !lines[0].trim().equals("v1")) {
      throw new CheckpointException("Corrupt Kafka initial offsets file " + file + ": expected 'v1' and a JSON line");
    }
    try {
      return KafkaSourceOffset.of(PartitionOffsets.fromJson(lines[1].trim()));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("Corrupt Kafka initial offsets file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Resolves {@code startingOffsets} / {@code startingTimestamp} to concrete offsets. */
  private SortedMap<TopicPartition, Long> resolveStart() {
    SortedSet<TopicPartition> parts = reader.partitions();
    SourceConfig.Starting s = config.starting();
    if (s instanceof SourceConfig.Earliest) {
      return reader.earliest(parts);
    } else if (s instanceof SourceConfig.Latest) {
      return reader.latest(parts);
    } else if (s instanceof SourceConfig.Specific sp) {
      checkCovers("startingOffsets", sp.offsets().keySet(), parts);
      SortedMap<TopicPartition, Long> earliest = reader.earliest(parts);
      SortedMap<TopicPartition, Long> latest = reader.latest(parts);
      SortedMap<TopicPartition, Long> out = PartitionOffsets.newMap();
      sp.offsets().forEach((tp, o) -> out.put(tp, o == -2 ? earliest.get(tp) : o == -1 ? latest.get(tp) : o));
      return out;
    }
    SourceConfig.ByTimestamp bt = (SourceConfig.ByTimestamp) s;
    Map<TopicPartition, Long> times = new LinkedHashMap<>();
    if (bt.perPartition() != null) {
      checkCovers("startingOffsetsByTimestamp", bt.perPartition().keySet(), parts);
      times.putAll(bt.perPartition());
    } else {
      parts.forEach(tp -> times.put(tp, bt.timestamp()));
    }
    SortedMap<TopicPartition, Long> out = reader.forTimestamps(times);
    List<TopicPartition> none = out.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey).toList();
    if (!none.isEmpty()) {
      if (!bt.latestIfNone()) {
        throw new SluiceException("Kafka partitions " + none + " have no record at or after the starting "
            + "timestamp; set startingOffsetsByTimestampStrategy=latest to start them at their end");
      }
      out.putAll(reader.latest(none));
    }
    return out;
  }

  private static void checkCovers(String option, Set<TopicPartition> given, SortedSet<TopicPartition> parts) {
    Set<TopicPartition> missing = new TreeSet<>(PartitionOffsets.ORDER);
    missing.addAll(parts);
    missing.removeAll(given);
    Set<TopicPartition> extra = new TreeSet<>(PartitionOffsets.ORDER);
    extra.addAll(given);
    extra.removeAll(parts);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new SluiceException("Option '" + option + "' must list exactly the subscribed partitions "
          + parts + (missing.isEmpty() ? "" : "; missing " + missing)
          + (extra.isEmpty() ? "" : "; not subscribed or not existing " + extra));
    }
  }

  @Override
  public ReadLimit defaultReadLimit() {
    List<ReadLimit> limits = new ArrayList<>();
    if (config.minOffsetsPerTrigger() != null) {
      limits.add(new ReadLimit.MinRows(config.minOffsetsPerTrigger(), config.maxTriggerDelay()));
    }
    if (config.maxOffsetsPerTrigger() != null) {
      limits.add(new ReadLimit.MaxRows(config.maxOffsetsPerTrigger()));
    }
    return limits.isEmpty() ? ReadLimit.allAvailable() : limits.size() == 1 ? limits.get(0)
        : new ReadLimit.Composite(limits);
  }

  @Override
  public void prepareForAvailableNow() {
    pinnedEnd = reader.latest(reader.partitions());
  }

  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    SortedMap<TopicPartition, Long> from = KafkaSourceOffset.from(start).offsets();
    SortedSet<TopicPartition> parts = reader.partitions();
    SortedMap<TopicPartition, Long> available = reader.latest(parts);
    // Lag is measured against the real end, even when available-now reads less.
    latestSeen = available;
    SortedMap<TopicPartition, Long> latest = available;
    if (pinnedEnd != null) {
      latest = PartitionOffsets.newMap();
      for (Map.Entry<TopicPartition, Long> e : pinnedEnd.entrySet()) {
        if (available.containsKey(e.getKey())) {
          latest.put(e.getKey(), Math.min(e.getValue(), available.get(e.getKey())));
        }
      }
    }
    for (Map.Entry<TopicPartition, Long> e : from.entrySet()) {
      if (!latest.containsKey(e.getKey()) && (pinnedEnd == null || !parts.contains(e.getKey()))) {
        DataLoss.report(config.failOnDataLoss(), "partition " + e.getKey() + " no longer exists (topic "
            + "deleted?); its records from offset " + e.getValue() + " on are lost");
      }
    }
    SortedMap<TopicPartition, Long> begin = PartitionOffsets.newMap();
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : latest.keySet()) {
      if (from.containsKey(tp)) {
        begin.put(tp, from.get(tp));
      } else {
        added.add(tp);
      }
    }
    // New partitions of subscribed topics are read from their earliest offset.
    begin.putAll(reader.earliest(added));
    if (config.failOnDataLoss()) {
      for (Map.Entry<TopicPartition, Long> e : latest.entrySet()) {
        long b = begin.get(e.getKey());
        if (e.getValue() < b) {
          DataLoss.report(true, movedBack(e.getKey(), b, e.getValue()));
        }
      }
    }
    if (pinnedEnd == null && triggerDelay != null && minRows(limit) != null
        && triggerDelay.delay(OffsetLimits.available(begin, latest), clock.getAsLong())) {
      return start;
    }
    long max = maxRows(limit);
    SortedMap<TopicPartition, Long> end = max == Long.MAX_VALUE ? latest
        : OffsetLimits.capByMaxOffsets(max, begin, latest);
    return KafkaSourceOffset.of(end);
  }

  private static String movedBack(TopicPartition tp, long next, long latest) {
    return "partition " + tp + "'s latest offset " + latest + " is before the next offset to read " + next
        + " (the topic was probably deleted and recreated): records of the old partition from offset "
        + next + " on are lost";
  }

  private static long maxRows(ReadLimit limit) {
    if (limit instanceof ReadLimit.MaxRows m) {
      return m.maxRows();
    } else if (limit instanceof ReadLimit.Composite c) {
      long min = Long.MAX_VALUE;
      for (ReadLimit l : c.limits()) {
        min = Math.min(min, maxRows(l));
      }
      return min;
    }
    return Long.MAX_VALUE;
  }

  private static ReadLimit.MinRows minRows(ReadLimit limit) {
    if (limit instanceof ReadLimit.MinRows m) {
      return m;
    } else if (limit instanceof ReadLimit.Composite c) {
      for (ReadLimit l : c.limits()) {
        if (l instanceof ReadLimit.MinRows m) {
          return m;
        }
      }
    }
    return null;
  }

  @Override
  public List<InputPartition> planInputPartitions(Offset start, Offset end) {
    SortedMap<TopicPartition, Long> from = KafkaSourceOffset.from(start).offsets();
    SortedMap<TopicPartition, Long> until = KafkaSourceOffset.from(end).offsets();
    List<TopicPartition> added = until.keySet().stream().filter(tp -> !from.containsKey(tp)).toList();
    SortedMap<TopicPartition, Long> addedStart = reader.earliest(added);
    List<InputPartition> out = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> e : until.entrySet()) {
      TopicPartition tp = e.getKey();
      long u = e.getValue();
      long f = from.containsKey(tp) ? from.get(tp) : addedStart.getOrDefault(tp, u);
      if (u < f) {
        DataLoss.report(config.failOnDataLoss(), movedBack(tp, f, u));
        // Skipping: read the new partition from its start.
        f = Math.min(u, reader.earliest(List.of(tp)).get(tp));
      }
      if (u > f) {
        out.add(new KafkaInputPartition(tp, f, u));
      }
    }
    TestHooks.fire(TestHooks.AFTER_OFFSET_WRITE);
    return out;
  }

  @Override
  public PartitionReader createReader(InputPartition partition) {
    return new KafkaPartitionReader((KafkaInputPartition) partition, pool, config, deadLetters());
  }

  private DeadLetterWriter deadLetters() {
    if (config.deadLetterTopic() == null) {
      return null;
    }
    DeadLetterWriter w = deadLetters;
    if (w == null) {
      synchronized (this) {
        if (deadLetters == null) {
          deadLetters = new DeadLetterWriter(config.deadLetterTopic(), config.kafkaParams());
        }
        w = deadLetters;
      }
    }
    return w;
  }

  @Override
  public Offset deserializeOffset(String json) {
    return KafkaSourceOffset.of(PartitionOffsets.fromJson(json));
  }

  /**
   * Consumer lag after the batch: per partition, latest offset (as last looked up) minus the end
   * of the batch, as Spark's {@code minOffsetsBehindLatest}, {@code maxOffsetsBehindLatest},
   * {@code avgOffsetsBehindLatest}; and each partition's lag as
   * {@code offsetsBehindLatest.<topic>.<partition>} (the engine exports it as
   * {@code sluice_kafka_consumer_lag{topic, partition}}).
   */
  @Override
  public Map<String, String> metrics(Offset latestConsumed) {
    SortedMap<TopicPartition, Long> latest = latestSeen;
    if (latest == null || latestConsumed == null) {
      return Map.of();
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long sum = 0;
    int n = 0;
    Map<String, String> perPartition = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, Long> e : KafkaSourceOffset.from(latestConsumed).offsets().entrySet()) {
      Long l = latest.get(e.getKey());
      if (l == null) {
        continue;
      }
      long lag = Math.max(0, l - e.getValue());
      perPartition.put("offsetsBehindLatest." + e.getKey().topic() + "." + e.getKey().partition(), Long.toString(lag));
      min = Math.min(min, lag);
      max = Math.max(max, lag);
      sum += lag;
      n++;
    }
    if (n == 0) {
      return Map.of();
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("avgOffsetsBehindLatest", Double.toString((double) sum / n));
    m.put("maxOffsetsBehindLatest", Long.toString(max));
    m.put("minOffsetsBehindLatest", Long.toString(min));
    m.putAll(perPartition);
    return m;
  }

  @Override
  public String description() {
    return "KafkaSource[" + config.subscription().describe() + "]";
  }

  @Override
  public void close() {
    pool.close();
    reader.close();
    DeadLetterWriter w = deadLetters;
    if (w != null) {
      w.close();
    }
  }
}
