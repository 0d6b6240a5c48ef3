package io.sluice.kafka;

import io.sluice.api.ConfigOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Options of the {@code kafka} source and sink ({@code readStream().format("kafka")},
 * {@code writeStream().format("kafka")}). Keys are Spark's option names with Spark's meanings,
 * matched case-insensitively; any option starting with {@code kafka.} is passed, without the
 * prefix, to the Kafka consumer, producer and admin clients (e.g. {@code kafka.security.protocol}).
 * An unknown option fails {@code load()} / {@code start()} with an
 * {@link io.sluice.api.AnalysisException} listing the known ones.
 *
 * <p>The Avro functions ({@link AvroFunctions}) take their own options, listed there.
 */
public final class KafkaOptions {
  private KafkaOptions() {}

  /** Prefix of the options passed to the Kafka clients. */
  public static final String KAFKA_PREFIX = "kafka.";

  /** The Kafka bootstrap servers ({@code host:port,...}); required by the source and the sink. */
  public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOption.stringOption(
      "kafka.bootstrap.servers", null, "Kafka bootstrap servers, host:port[,host:port]; required");

  // ---------------------------------------------------------------- source

  /** Source: a comma-separated list of topics to read. Exactly one of subscribe/subscribePattern/assign. */
  public static final ConfigOption<String> SUBSCRIBE = ConfigOption.stringOption("subscribe", null,
      "source: comma-separated topics to read; new partitions are picked up from their earliest offset");

  /** Source: a Java regex; every topic whose whole name matches is read, including topics created later. */
  public static final ConfigOption<String> SUBSCRIBE_PATTERN = ConfigOption.stringOption(
      "subscribePattern", null, "source: Java regex of topic names to read (topics created later too)");

  /** Source: the exact partitions to read, as JSON: {@code {"topicA":[0,1],"topicB":[2]}}. */
  public static final ConfigOption<String> ASSIGN = ConfigOption.stringOption("assign", null,
      "source: JSON {\"topic\":[partitions]} of the exact partitions to read");

  /**
   * Source: where a new query starts: {@code latest} (default), {@code earliest}, or JSON
   * {@code {"topic":{"0":23,"1":-2}}} with -2 for earliest and -1 for latest (every partition of
   * the subscription must be listed). Resolved once, when the query first starts, and kept in the
   * checkpoint; a restarted query continues from the checkpoint.
   */
  public static final ConfigOption<String> STARTING_OFFSETS = ConfigOption.stringOption(
      "startingOffsets", "latest",
      "source: earliest, latest (default) or JSON {\"topic\":{\"0\":23,\"1\":-2}} (-2 earliest, -1 latest)");

  /**
   * Source: start every partition at the first record whose timestamp is at or after this epoch
   * millisecond timestamp. Wins over {@link #STARTING_OFFSETS}.
   */
  public static final ConfigOption<Long> STARTING_TIMESTAMP = ConfigOption.longOption("startingTimestamp",
      null, "source: epoch ms; each partition starts at its first record with a timestamp >= this");

  /** Source: per-partition start timestamps as JSON {@code {"topic":{"0":1700000000000}}}. */
  public static final ConfigOption<String> STARTING_OFFSETS_BY_TIMESTAMP = ConfigOption.stringOption(
      "startingOffsetsByTimestamp", null,
      "source: JSON {\"topic\":{\"0\":epochMs}}: each partition starts at its first record at or after that time");

  /**
   * Source: what to do when a partition has no record at or after the start timestamp:
   * {@code error} (default, fail) or {@code latest} (start at the end of the partition).
   */
  public static final ConfigOption<String> STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY = ConfigOption.stringOption(
      "startingOffsetsByTimestampStrategy", "error",
      "source: error (default) or latest, when a partition has no record at or after the start timestamp")
      .withValidator(s -> Set.of("error", "latest").contains(s.toLowerCase(Locale.ROOT)), "error or latest");

  /**
   * Source: the most offsets one batch reads, split across partitions in proportion to what each
   * has available (a partition with anything available gets at least one).
   */
  public static final ConfigOption<Long> MAX_OFFSETS_PER_TRIGGER = ConfigOption.longOption(
      "maxOffsetsPerTrigger", null, "source: the most offsets one batch reads (default: all available)")
      .withValidator(v -> v > 0, "a positive number");

  /**
   * Source: a batch waits until at least this many offsets are available, unless
   * {@link #MAX_TRIGGER_DELAY} passed since the last batch. Ignored by {@code availableNow} and
   * {@code once} triggers.
   */
  public static final ConfigOption<Long> MIN_OFFSETS_PER_TRIGGER = ConfigOption.longOption(
      "minOffsetsPerTrigger", null, "source: the fewest offsets a batch waits for, up to maxTriggerDelay")
      .withValidator(v -> v > 0, "a positive number");

  /** Source: the longest a batch waits for {@link #MIN_OFFSETS_PER_TRIGGER} (default 15 minutes). */
  public static final ConfigOption<Duration> MAX_TRIGGER_DELAY = ConfigOption.durationOption(
      "maxTriggerDelay", Duration.ofMinutes(15), "source: the longest a batch waits for minOffsetsPerTrigger")
      .withValidator(d -> !d.isNegative(), "a non-negative duration");

  /**
   * Source: fail the query when data may have been lost (offsets deleted by retention or
   * {@code deleteRecords}, a topic deleted or recreated). With {@code false}, the lost range is
   * logged and skipped.
   */
  public static final ConfigOption<Boolean> FAIL_ON_DATA_LOSS = ConfigOption.booleanOption(
      "failOnDataLoss", true, "source: fail when offsets were deleted or a topic recreated (default true)");

  /** Source: add the {@code headers} column, {@code array<struct<key:string,value:binary>>}. */
  public static final ConfigOption<Boolean> INCLUDE_HEADERS = ConfigOption.booleanOption(
      "includeHeaders", false, "source: add a headers column array<struct<key:string,value:binary>>");

  /** Source: how long a reader waits for records it knows exist before failing the batch. */
  public static final ConfigOption<Long> POLL_TIMEOUT_MS = ConfigOption.longOption(
      "kafkaConsumer.pollTimeoutMs", 120_000L,
      "source: ms a reader waits for records known to exist before failing the batch (default 120000)")
      .withValidator(v -> v > 0, "a positive number of milliseconds");

  /**
   * Source: check each record's {@code value} in the reader: {@code json} (a well-formed JSON
   * object) or {@code avro} (decodes with {@link #VALUE_SCHEMA}, or with the Confluent wire format
   * when {@link #VALUE_SCHEMA_REGISTRY_URL} is set). Records that fail go to
   * {@link #DEAD_LETTER_TOPIC} (required with this option) and are not returned.
   */
  public static final ConfigOption<String> VALUE_FORMAT = ConfigOption.stringOption("valueFormat", null,
      "source: json or avro: check each value in the reader; failures go to deadLetterTopic")
      .withValidator(s -> Set.of("json", "avro").contains(s.toLowerCase(Locale.ROOT)), "json or avro");

  /** Source: the Avro schema (JSON) the values of {@code valueFormat=avro} are written with. */
  public static final ConfigOption<String> VALUE_SCHEMA = ConfigOption.stringOption("valueSchema", null,
      "source: Avro schema JSON of the values, for valueFormat=avro");

  /**
   * Source: a schema-registry URL: {@code valueFormat=avro} values are in the Confluent wire format
   * (magic byte 0, 4-byte schema id) and their schemas are fetched by id.
   */
  public static final ConfigOption<String> VALUE_SCHEMA_REGISTRY_URL = ConfigOption.stringOption(
      "valueSchemaRegistryUrl", null,
      "source: schema-registry URL; valueFormat=avro values are Confluent-framed, schemas fetched by id");

  /**
   * Source: the topic that records failing the {@link #VALUE_FORMAT} check are written to, with
   * their key, value and headers, plus headers {@code sluice.error}, {@code sluice.source.topic},
   * {@code sluice.source.partition}, {@code sluice.source.offset}. At-least-once: a re-run batch
   * may write a dead letter again.
   */
  public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOption.stringOption(
      "deadLetterTopic", null, "source: topic receiving records whose value fails the valueFormat check");

  // ---------------------------------------------------------------- sink

  /** Sink: the topic to write to, for rows without a {@code topic} column (the option wins). */
  public static final ConfigOption<String> TOPIC = ConfigOption.stringOption("topic", null,
      "sink: the topic to write every row to (else each row's topic column)");

  /**
   * Sink: {@code exactly-once} (default: each batch in one Kafka transaction, committed together
   * with a marker of the batch id, so a replayed batch is skipped) or {@code at-least-once}
   * (idempotent producer, no transactions: a batch replayed after a crash is written again).
   */
  public static final ConfigOption<String> DELIVERY_GUARANTEE = ConfigOption.stringOption(
      "deliveryGuarantee", "exactly-once", "sink: exactly-once (default, transactions) or at-least-once")
      .withValidator(s -> Set.of("exactly-once", "at-least-once").contains(s.toLowerCase(Locale.ROOT)),
          "exactly-once or at-least-once");

  /**
   * Sink: the prefix of the sink's {@code transactional.id}, completed with the query id (default
   * {@code sluice-}). Two queries must never share a transactional id.
   */
  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOption.stringOption(
      "transactionalIdPrefix", "sluice-", "sink: prefix of the transactional.id, completed with the query id");

  /**
   * Sink, exactly-once: the topic whose partition 0 carries the batch markers (committed offsets of
   * the consumer group {@code sluice-sink-<query id>}); it holds no records. Created with one
   * partition if missing.
   */
  public static final ConfigOption<String> MARKER_TOPIC = ConfigOption.stringOption("markerTopic",
      "sluice-sink-markers", "sink: topic whose partition 0 carries exactly-once batch markers (no records)");

  /** @return the options the source reads (besides {@code kafka.*}) */
  public static List<ConfigOption<?>> sourceOptions() {
    return List.of(BOOTSTRAP_SERVERS, SUBSCRIBE, SUBSCRIBE_PATTERN, ASSIGN, STARTING_OFFSETS,
        STARTING_TIMESTAMP, STARTING_OFFSETS_BY_TIMESTAMP, STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY,
        MAX_OFFSETS_PER_TRIGGER, MIN_OFFSETS_PER_TRIGGER, MAX_TRIGGER_DELAY, FAIL_ON_DATA_LOSS,
        INCLUDE_HEADERS, POLL_TIMEOUT_MS, VALUE_FORMAT, VALUE_SCHEMA, VALUE_SCHEMA_REGISTRY_URL,
        DEAD_LETTER_TOPIC);
  }

  /** @return the options the sink reads (besides {@code kafka.*}) */
  public static List<ConfigOption<?>> sinkOptions() {
    return List.of(BOOTSTRAP_SERVERS, TOPIC, DELIVERY_GUARANTEE, TRANSACTIONAL_ID_PREFIX, MARKER_TOPIC);
  }
}
