package io.sluice.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The driver side of the source: which partitions the subscription covers now, and their earliest,
 * latest or by-time offsets, through one Kafka {@link Admin} client. Used by the query's driver
 * thread only.
 */
final class KafkaOffsetReader implements AutoCloseable {
  private static final long TIMEOUT_MS = 60_000;

  private final SourceConfig.Subscription subscription;
  private final Admin admin;
  private final ListOffsetsOptions listOptions;

  KafkaOffsetReader(SourceConfig config) {
    this.subscription = config.subscription();
    this.admin = Admin.create(adminProperties(config.kafkaParams()));
    String isolation = config.kafkaParams().getOrDefault("isolation.level", "read_uncommitted");
    // With read_committed the end of a partition is its last stable offset, as a consumer sees it.
    this.listOptions = new ListOffsetsOptions(isolation.toLowerCase(Locale.ROOT).equals("read_committed")
        ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
  }

  /** Keeps only the settings an admin client knows, so it does not warn about consumer settings. */
  static Properties adminProperties(Map<String, String> kafkaParams) {
    Set<String> known = AdminClientConfig.configNames();
    Properties p = new Properties();
    kafkaParams.forEach((k, v) -> {
      if (known.contains(k)) {
        p.put(k, v);
      }
    });
    return p;
  }

  /** @return the partitions the subscription covers now, sorted */
  SortedSet<TopicPartition> partitions() {
    SortedSet<TopicPartition> out = new TreeSet<>(PartitionOffsets.ORDER);
    if (subscription instanceof SourceConfig.Assign a) {
      out.addAll(a.partitions());
      return out;
    }
    Collection<String> topics;
    if (subscription instanceof SourceConfig.Subscribe s) {
      topics = s.topics();
    } else {
      java.util.regex.Pattern pattern = ((SourceConfig.SubscribePattern) subscription).pattern();
      topics = get(admin.listTopics().listings(), "listing topics").stream()
          .map(TopicListing::name).filter(n -> pattern.matcher(n).matches()).toList();
    }
    if (topics.isEmpty()) {
      return out;
    }
    Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics).topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
      try {
        TopicDescription d = e.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition())));
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("Cannot describe Kafka topic " + e.getKey() + ": " + ex.getCause(), ex);
        }
        // A subscribed topic that does not exist (yet) has no partitions to read.
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted describing topic " + e.getKey(), ex);
      } catch (TimeoutException ex) {
        throw new IllegalStateException("Timed out describing Kafka topic " + e.getKey(), ex);
      }
    }
    return out;
  }

  SortedMap<TopicPartition, Long> earliest(Collection<TopicPartition> tps) {
    return list(tps, OffsetSpec.earliest(), "earliest");
  }

  SortedMap<TopicPartition, Long> latest(Collection<TopicPartition> tps) {
    return list(tps, OffsetSpec.latest(), "latest");
  }

  /**
   * The first offset at or after a time in each partition.
   *
   * @return partition → offset, or -1 where no record is that recent
   */
  SortedMap<TopicPartition, Long> forTimestamps(Map<TopicPartition, Long> times) {
    SortedMap<TopicPartition, Long> out = PartitionOffsets.newMap();
    if (times.isEmpty()) {
      return out;
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    times.forEach((tp, t) -> request.put(tp, OffsetSpec.forTimestamp(t)));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
        get(admin.listOffsets(request, listOptions).all(), "looking up offsets by timestamp for " + times.keySet());
    r.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private SortedMap<TopicPartition, Long> list(Collection<TopicPartition> tps, OffsetSpec spec, String what) {
    SortedMap<TopicPartition, Long> out = PartitionOffsets.newMap();
    if (tps.isEmpty()) {
      return out;
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    tps.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
        get(admin.listOffsets(request, listOptions).all(), "looking up " + what + " offsets of " + tps);
    r.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private static <T> T get(KafkaFuture<T> f, String what) {
    try {
      return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka failed " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out after " + TIMEOUT_MS + " ms " + what, e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }


  static List<TopicPartition> sorted(Collection<TopicPartition> tps) {
    return tps.stream().sorted(PartitionOffsets.ORDER).toList();
  }
}
