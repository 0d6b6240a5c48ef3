package io.sluice.examples.enrichment;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.fromJson;
import static io.sluice.api.Functions.struct;
import static io.sluice.api.Functions.toJson;

import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.connectors.MemorySink;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Kafka → Kafka enrichment, exactly once, with a stream-static join. JSON orders are read from
 * topic {@value #ORDERS_TOPIC}, parsed with {@code fromJson}, joined (left outer) with a static
 * customers table on the customer id, and written as JSON ({@code toJson(struct(...))}) keyed by
 * order id to {@value #ENRICHED_TOPIC} by the Kafka sink, whose default delivery guarantee is
 * exactly-once: each micro-batch is one Kafka transaction, committed together with the batch id,
 * so a batch re-run after a crash is not written twice. Orders of unknown customers pass through
 * without the customer fields (left outer join: null fields are omitted from the JSON); records
 * that are not JSON objects with an order id are dropped.
 *
 * <p>{@code main} starts an in-process Kafka broker unless {@code --bootstrap-servers} is given
 * (then both topics must exist or be auto-created), produces the sample orders (once: the producer
 * query has a checkpoint), runs the enrichment available-now, and prints what the output topic
 * holds, read back with a {@code read_committed} Kafka source query into the memory sink.
 *
 * <pre>
 * --bootstrap-servers host:port   use this Kafka instead of an embedded broker
 * --data-dir DIR                  checkpoints (default data/enrichment; with the embedded broker a
 *                                 temporary directory, deleted at the end, as the broker's topics
 *                                 start empty)
 * </pre>
 */
public final class EnrichmentExample {
  /** The input topic. */
  public static final String ORDERS_TOPIC = "shop-orders";
  /** The output topic. */
  public static final String ENRICHED_TOPIC = "shop-orders-enriched";

  /** The orders' JSON schema. */
  public static final StructType ORDER = DataTypes.struct(
      DataTypes.field("order_id", DataTypes.STRING),
      DataTypes.field("customer_id", DataTypes.STRING),
      DataTypes.field("amount", DataTypes.DOUBLE),
      DataTypes.field("placed_at", DataTypes.STRING));

  /** The static customers table. */
  public static final StructType CUSTOMER = DataTypes.struct(
      DataTypes.field("id", DataTypes.STRING),
      DataTypes.field("name", DataTypes.STRING),
      DataTypes.field("tier", DataTypes.STRING),
      DataTypes.field("country", DataTypes.STRING));

  /** The enriched orders' JSON schema (what the output topic's values hold). */
  public static final StructType ENRICHED = DataTypes.struct(
      DataTypes.field("order_id", DataTypes.STRING),
      DataTypes.field("customer_id", DataTypes.STRING),
      DataTypes.field("amount", DataTypes.DOUBLE),
      DataTypes.field("placed_at", DataTypes.STRING),
      DataTypes.field("customer_name", DataTypes.STRING),
      DataTypes.field("tier", DataTypes.STRING),
      DataTypes.field("country", DataTypes.STRING));

  /** The sample customers: {@code (id, name, tier, country)}. */
  public static final List<Row> CUSTOMERS = List.of(
      Row.of("c1", "Ada Lovelace", "gold", "GB"),
      Row.of("c2", "Grace Hopper", "silver", "US"),
      Row.of("c3", "Edsger Dijkstra", "bronze", "NL"),
      Row.of("c4", "Barbara Liskov", "gold", "US"));

  private EnrichmentExample() {}

  /**
   * The customers as a static DataFrame.
   *
   * @param session the session
   * @param customers rows of {@link #CUSTOMER}
   * @return the table
   */
  public static DataFrame customers(StreamSession session, List<Row> customers) {
    return session.createDataFrame(customers, CUSTOMER);
  }

  /**
   * The sample orders as Kafka records {@code (key, value)}: mostly known customers, one unknown
   * customer ({@code c9}) and one record that is not JSON.
   *
   * @return the records
   */
  public static List<Row> sampleOrders() {
    List<Row> out = new ArrayList<>();
    String[] customers = {"c1", "c2", "c3", "c4", "c9"};
    for (int i = 1; i <= 10; i++) {
      String id = String.format(Locale.ROOT, "o-%03d", i);
      out.add(Row.of(id, orderJson(id, customers[i % customers.length], 10.0 * i + 0.5,
          String.format(Locale.ROOT, "2026-01-01T09:%02d:00Z", i))));
    }
    out.add(Row.of("broken", "{not json"));
    return out;
  }

  /**
   * An order as JSON text.
   *
   * @param orderId the order id
   * @param customerId the customer id
   * @param amount the amount
   * @param placedAt when it was placed (ISO-8601 text)
   * @return the JSON
   */
  public static String orderJson(String orderId, String customerId, double amount, String placedAt) {
    return String.format(Locale.ROOT, "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%s,\"placed_at\":\"%s\"}",
        orderId, customerId, amount, placedAt);
  }

  /**
   * The enrichment: Kafka records in, {@code (key, value)} records out.
   *
   * @param kafkaRecords rows of the Kafka source
   * @param customers the static customers table ({@link #CUSTOMER})
   * @return {@code key} (the order id) and {@code value} (the enriched order as JSON)
   */
  public static DataFrame enrich(DataFrame kafkaRecords, DataFrame customers) {
    return kafkaRecords
        .select(fromJson(col("value").cast(DataTypes.STRING), ORDER).as("o"))
        .select(col("o.*"))
        .filter(col("order_id").isNotNull())
        .join(customers, col("customer_id").equalTo(col("id")), "left_outer")
        .select(col("order_id").as("key"),
            toJson(struct(col("order_id"), col("customer_id"), col("amount"), col("placed_at"),
                col("name").as("customer_name"), col("tier"), col("country"))).as("value"));
  }

  /**
   * Starts the enrichment query from {@value #ORDERS_TOPIC} to {@value #ENRICHED_TOPIC}.
   *
   * @param session the session
   * @param bootstrapServers Kafka
   * @param customers the static customers table
   * @param checkpoint its checkpoint directory
   * @param trigger its trigger
   * @param maxOffsetsPerTrigger records per batch (0: no limit)
   * @return the query
   */
  public static StreamingQuery start(StreamSession session, String bootstrapServers, DataFrame customers,
      Path checkpoint, Trigger trigger, long maxOffsetsPerTrigger) {
    return start(session, bootstrapServers, ORDERS_TOPIC, ENRICHED_TOPIC, customers, checkpoint, trigger,
        maxOffsetsPerTrigger);
  }

  /**
   * Starts the enrichment query between two topics.
   *
   * @param session the session
   * @param bootstrapServers Kafka
   * @param ordersTopic the topic of JSON orders
   * @param enrichedTopic the topic enriched orders are written to
   * @param customers the static customers table
   * @param checkpoint its checkpoint directory
   * @param trigger its trigger
   * @param maxOffsetsPerTrigger records per batch (0: no limit)
   * @return the query
   */
  public static StreamingQuery start(StreamSession session, String bootstrapServers, String ordersTopic,
      String enrichedTopic, DataFrame customers, Path checkpoint, Trigger trigger, long maxOffsetsPerTrigger) {
    var reader = session.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("subscribe", ordersTopic)
        .option("startingOffsets", "earliest");
    if (maxOffsetsPerTrigger > 0) {
      reader = reader.option("maxOffsetsPerTrigger", maxOffsetsPerTrigger);
    }
    return enrich(reader.load(), customers)
        .writeStream()
        .queryName("enrichment")
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", enrichedTopic)
        .option("deliveryGuarantee", "exactly-once")       // the default, spelled out
        .option("checkpointLocation", checkpoint.toString())
        .trigger(trigger)
        .start();
  }

  /**
   * Produces records to a topic, exactly once: a memory stream to the Kafka sink with its own
   * checkpoint, so running it again with the same checkpoint and records sends nothing new.
   *
   * @param session the session
   * @param bootstrapServers Kafka
   * @param topic the topic
   * @param records {@code (key, value)} strings
   * @param checkpoint the producer's checkpoint
   * @throws Exception if producing fails
   */
  public static void produce(StreamSession session, String bootstrapServers, String topic, List<Row> records,
      Path checkpoint) throws Exception {
    StructType schema = DataTypes.struct(DataTypes.field("key", DataTypes.STRING),
        DataTypes.field("value", DataTypes.STRING));
    try (MemoryStream stream = MemoryStream.create(session, schema)) {
      stream.addData(records);
      stream.toDF().writeStream()
          .queryName("producer")
          .format("kafka")
          .option("kafka.bootstrap.servers", bootstrapServers)
          .option("topic", topic)
          .option("checkpointLocation", checkpoint.toString())
          .trigger(Trigger.availableNow())
          .start()
          .awaitTermination();
    }
  }

  /**
   * Reads everything a topic holds now, as a {@code read_committed} consumer sees it: a Kafka source
   * query from the earliest offsets, available-now, into the memory sink (no checkpoint kept).
   *
   * @param session the session
   * @param bootstrapServers Kafka
   * @param topic the topic
   * @return rows {@code (key string, value string, partition int, offset bigint)}
   * @throws Exception if reading fails
   */
  public static List<Row> readCommitted(StreamSession session, String bootstrapServers, String topic)
      throws Exception {
    String table = "read_" + UUID.randomUUID().toString().replace('-', '_');
    StreamingQuery q = session.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("kafka.isolation.level", "read_committed")
        .option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .load()
        .select(col("key").cast(DataTypes.STRING).as("key"), col("value").cast(DataTypes.STRING).as("value"),
            col("partition"), col("offset"))
        .writeStream()
        .queryName(table)
        .format("memory")
        .outputMode(OutputMode.APPEND)
        .trigger(Trigger.availableNow())
        .start();
    try {
      q.awaitTermination();
      return MemorySink.rows(table);
    } finally {
      MemorySink.clear(table);
    }
  }

  /**
   * Runs the example.
   *
   * @param args {@code [--bootstrap-servers host:port] [--data-dir DIR]}
   * @throws Exception if a query fails
   */
  public static void main(String[] args) throws Exception {
    String bootstrap = null;
    Path dataDir = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--bootstrap-servers" -> bootstrap = args[i + 1];
        case "--data-dir" -> dataDir = Paths.get(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "'; use [--bootstrap-servers host:port] [--data-dir DIR]");
      }
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("Missing value after " + args[args.length - 1]);
    }
    EmbeddedKafka broker = null;
    Path tempDir = null;
    if (bootstrap == null) {
      System.out.println("Starting an embedded Kafka broker (pass --bootstrap-servers to use your own)...");
      broker = EmbeddedKafka.start();
      broker.createTopic(ORDERS_TOPIC, 3);
      broker.createTopic(ENRICHED_TOPIC, 3);
      bootstrap = broker.bootstrapServers();
      if (dataDir == null) {
        // A new broker has empty topics: checkpoints of an earlier run would not match them.
        tempDir = Files.createTempDirectory("sluice-enrichment");
        dataDir = tempDir;
      }
    } else if (dataDir == null) {
      dataDir = Paths.get("data/enrichment");
    }
    try (StreamSession session = StreamSession.builder().appName("enrichment")
        .config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate()) {
      System.out.println("Checkpoints in " + dataDir);
      List<Row> orders = sampleOrders();
      produce(session, bootstrap, ORDERS_TOPIC, orders, dataDir.resolve("checkpoints/producer"));
      System.out.println("Produced " + orders.size() + " records to '" + ORDERS_TOPIC + "'");

      StreamingQuery q = start(session, bootstrap, customers(session, CUSTOMERS),
          dataDir.resolve("checkpoints/enrichment"), Trigger.availableNow(), 4);
      q.awaitTermination();
      long in = q.recentProgress().stream().mapToLong(p -> p.numInputRows()).sum();
      long out = q.recentProgress().stream().mapToLong(p -> p.sink().numOutputRows()).sum();
      System.out.println("Enrichment: " + in + " records in, " + out + " out, in " + q.recentProgress().size()
          + " batches (one Kafka transaction each)");

      List<Row> enriched = new ArrayList<>(readCommitted(session, bootstrap, ENRICHED_TOPIC));
      enriched.sort(Comparator.comparing((Row r) -> (String) r.get(0)));
      System.out.println("'" + ENRICHED_TOPIC + "' holds " + enriched.size() + " committed records:");
      for (Row r : enriched) {
        System.out.println("  " + r.get(0) + "  " + r.get(1));
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (tempDir != null) {
        try (var paths = Files.walk(tempDir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }
}
