package io.sluice.kafka.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.kafka.KafkaOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka source's options, parsed and checked once (at {@code load()}), so a wrong option fails
 * there with a message naming it.
 *
 * @param kafkaParams the {@code kafka.*} options without the prefix (bootstrap servers included)
 * @param subscription what to read
 * @param starting where a new query starts
 * @param maxOffsetsPerTrigger the per-batch cap, or null
 * @param minOffsetsPerTrigger the per-batch minimum, or null
 * @param maxTriggerDelay the longest wait for the minimum
 * @param failOnDataLoss whether lost offsets fail the query
 * @param includeHeaders whether rows have a headers column
 * @param pollTimeoutMs how long a reader waits for records it knows exist
 * @param valueCheck the reader-side value check, or null
 * @param deadLetterTopic where failing values go, or null
 */
record SourceConfig(
    Map<String, String> kafkaParams,
    Subscription subscription,
    Starting starting,
    Long maxOffsetsPerTrigger,
    Long minOffsetsPerTrigger,
    Duration maxTriggerDelay,
    boolean failOnDataLoss,
    boolean includeHeaders,
    long pollTimeoutMs,
    ValueCheck valueCheck,
    String deadLetterTopic) {

  /** Consumer settings the source owns; Spark rejects the same ones. */
  private static final Map<String, String> FORBIDDEN = Map.of(
      "key.deserializer", "keys are always read as bytes; cast or parse the key column",
      "value.deserializer", "values are always read as bytes; cast or parse the value column",
      "enable.auto.commit", "the source never commits offsets to Kafka: the checkpoint holds them",
      "auto.offset.reset", "use the startingOffsets option");

  /** What to read. */
  sealed interface Subscription {
    /** @return a description for progress and messages */
    String describe();
  }

  /** @param topics the topics */
  record Subscribe(List<String> topics) implements Subscription {
    @Override
    public String describe() {
      return "subscribe=" + String.join(",", topics);
    }
  }

  /** @param pattern the regex on whole topic names */
  record SubscribePattern(Pattern pattern) implements Subscription {
    @Override
    public String describe() {
      return "subscribePattern=" + pattern.pattern();
    }
  }

  /** @param partitions the partitions */
  record Assign(List<TopicPartition> partitions) implements Subscription {
    @Override
    public String describe() {
      return "assign=" + partitions.stream().map(TopicPartition::toString)
          .collect(java.util.stream.Collectors.joining(","));
    }
  }

  /** Where a new query starts. */
  sealed interface Starting {}

  /** The earliest available offset of each partition. */
  record Earliest() implements Starting {}

  /** The end of each partition. */
  record Latest() implements Starting {}

  /** @param offsets per partition: an offset, -2 (earliest) or -1 (latest) */
  record Specific(Map<TopicPartition, Long> offsets) implements Starting {}

  /**
   * @param timestamp the start time for every partition, or null
   * @param perPartition per-partition start times, or null
   * @param latestIfNone start at the end of a partition without a record at or after the time
   */
  record ByTimestamp(Long timestamp, Map<TopicPartition, Long> perPartition, boolean latestIfNone)
      implements Starting {}

  static SourceConfig from(ConnectorOptions options) {
    options.checkKnown("kafka", KafkaOptions.sourceOptions(), Set.of(KafkaOptions.KAFKA_PREFIX));
    Map<String, String> kafka = kafkaParams(options, "source");
    List<String> given = Arrays.asList(
        options.get(KafkaOptions.SUBSCRIBE) != null ? KafkaOptions.SUBSCRIBE.key() : null,
        options.get(KafkaOptions.SUBSCRIBE_PATTERN) != null ? KafkaOptions.SUBSCRIBE_PATTERN.key() : null,
        options.get(KafkaOptions.ASSIGN) != null ? KafkaOptions.ASSIGN.key() : null);
    List<String> set = given.stream().filter(s -> s != null).toList();
    if (set.size() != 1) {
      throw new AnalysisException("The kafka source needs exactly one of the options 'subscribe', "
          + "'subscribePattern' or 'assign'" + (set.isEmpty() ? "" : "; got " + set));
    }
    Subscription sub;
    if (options.get(KafkaOptions.SUBSCRIBE) != null) {
      List<String> topics = Arrays.stream(options.get(KafkaOptions.SUBSCRIBE).split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (topics.isEmpty()) {
        throw new AnalysisException("Option 'subscribe' lists no topic: give comma-separated topic names");
      }
      sub = new Subscribe(topics);
    } else if (options.get(KafkaOptions.SUBSCRIBE_PATTERN) != null) {
      try {
        sub = new SubscribePattern(Pattern.compile(options.get(KafkaOptions.SUBSCRIBE_PATTERN)));
      } catch (PatternSyntaxException e) {
        throw new AnalysisException("Option 'subscribePattern' is not a valid Java regex: " + e.getMessage(), e);
      }
    } else {
      try {
        List<TopicPartition> parts = PartitionOffsets.partitionsFromJson(options.get(KafkaOptions.ASSIGN));
        if (parts.isEmpty()) {
          throw new IllegalArgumentException("no partition listed");
        }
        sub = new Assign(parts);
      } catch (IllegalArgumentException e) {
        throw new AnalysisException("Option 'assign' must be JSON like {\"topicA\":[0,1]}: " + e.getMessage(), e);
      }
    }

    Starting starting = starting(options);
    Long max = options.get(KafkaOptions.MAX_OFFSETS_PER_TRIGGER);
    Long min = options.get(KafkaOptions.MIN_OFFSETS_PER_TRIGGER);
    if (max != null && min != null && min > max) {
      throw new AnalysisException("Option 'minOffsetsPerTrigger' (" + min
          + ") must not exceed 'maxOffsetsPerTrigger' (" + max + ")");
    }
    String format = options.get(KafkaOptions.VALUE_FORMAT);
    String dlt = options.get(KafkaOptions.DEAD_LETTER_TOPIC);
    ValueCheck check = null;
    if (format != null) {
      if (dlt == null) {
        throw new AnalysisException("Option 'valueFormat' needs 'deadLetterTopic': records whose value "
            + "fails the check are written there instead of being lost");
      }
      check = ValueCheck.create(format.toLowerCase(Locale.ROOT), options.get(KafkaOptions.VALUE_SCHEMA),
          options.get(KafkaOptions.VALUE_SCHEMA_REGISTRY_URL));
    } else if (dlt != null) {
      throw new AnalysisException("Option 'deadLetterTopic' needs 'valueFormat' (json or avro): it says "
          + "which values are dead letters");
    }
    return new SourceConfig(kafka, sub, starting, max, min, options.get(KafkaOptions.MAX_TRIGGER_DELAY),
        options.get(KafkaOptions.FAIL_ON_DATA_LOSS), options.get(KafkaOptions.INCLUDE_HEADERS),
        options.get(KafkaOptions.POLL_TIMEOUT_MS), check, dlt);
  }

  private static Starting starting(ConnectorOptions options) {
    boolean latestIfNone = options.get(KafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY)
        .equalsIgnoreCase("latest");
    Long ts = options.get(KafkaOptions.STARTING_TIMESTAMP);
    if (ts != null) {
      return new ByTimestamp(ts, null, latestIfNone);
    }
    String byTs = options.get(KafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP);
    if (byTs != null) {
      try {
        return new ByTimestamp(null, PartitionOffsets.fromJson(byTs), latestIfNone);
      } catch (IllegalArgumentException e) {
        throw new AnalysisException("Option 'startingOffsetsByTimestamp' must be JSON like "
            + "{\"topic\":{\"0\":1700000000000}}: " + e.getMessage(), e);
      }
    }
    String so = options.get(KafkaOptions.STARTING_OFFSETS).trim();
    if (so.equalsIgnoreCase("earliest")) {
      return new Earliest();
    } else if (so.equalsIgnoreCase("latest")) {
      return new Latest();
    }
    try {
      Map<TopicPartition, Long> offsets = PartitionOffsets.fromJson(so);
      for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
        if (e.getValue() < -2) {
          throw new IllegalArgumentException("offset " + e.getValue() + " for " + e.getKey()
              + " (use -2 for earliest, -1 for latest)");
        }
      }
      return new Specific(offsets);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("Option 'startingOffsets' must be 'earliest', 'latest' or JSON like "
          + "{\"topic\":{\"0\":23,\"1\":-2}}: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code kafka.*} options without the prefix, checked.
   *
   * @param options the options
   * @param side "source" or "sink", for messages
   * @return the client settings, bootstrap servers included
   */
  static Map<String, String> kafkaParams(ConnectorOptions options, String side) {
    if (options.get(KafkaOptions.BOOTSTRAP_SERVERS) == null) {
      throw new AnalysisException("Option 'kafka.bootstrap.servers' is required for the kafka " + side);
    }
    Map<String, String> params = new java.util.LinkedHashMap<>();
    options.withPrefix(KafkaOptions.KAFKA_PREFIX).forEach((k, v) -> params.put(k, v));
    if (side.equals("source")) {
      for (String k : params.keySet()) {
        String reason = FORBIDDEN.get(k.toLowerCase(Locale.ROOT));
        if (reason != null) {
          throw new AnalysisException("Kafka option 'kafka." + k + "' is not supported by the source: " + reason);
        }
      }
    }
    return Map.copyOf(params);
  }
}
