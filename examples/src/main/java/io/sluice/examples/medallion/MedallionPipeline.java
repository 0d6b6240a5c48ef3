package io.sluice.examples.medallion;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.currentTimestamp;
import static io.sluice.api.Functions.fromJson;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.Functions.toTimestamp;
import static io.sluice.api.Functions.window;

import io.sluice.api.DataFrame;
import io.sluice.api.ExpectationAction;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The medallion pipeline: Kafka topic {@code orders} (JSON) → <b>bronze</b> (raw records and Kafka
 * metadata, append) → <b>silver</b> (parsed, typed, validated by expectations, deduplicated by order
 * id within a watermark; violators quarantined) → <b>gold</b> (revenue and order counts per
 * one-minute window, country and category; update mode, so the table holds each window's latest
 * value). Each hop is its own query with its own checkpoint; silver reads bronze and gold reads
 * silver as streaming Iceberg sources.
 */
public final class MedallionPipeline {
  /** The schema orders are parsed with (plus the corrupt-record column). */
  public static final StructType ORDER_SCHEMA = DataTypes.struct(
      DataTypes.field("order_id", DataTypes.STRING),
      DataTypes.field("customer_id", DataTypes.STRING),
      DataTypes.field("country", DataTypes.STRING),
      DataTypes.field("category", DataTypes.STRING),
      DataTypes.field("amount", DataTypes.DOUBLE),
      DataTypes.field("currency", DataTypes.STRING),
      DataTypes.field("event_time", DataTypes.STRING),
      DataTypes.field("_corrupt_record", DataTypes.STRING));

  private final StreamSession session;
  private final String bootstrapServers;
  private final Path dataDir;
  private final Trigger trigger;
  private final long maxOffsetsPerTrigger;

  /**
   * Describes the pipeline.
   *
   * @param session the session
   * @param bootstrapServers Kafka
   * @param dataDir where tables and checkpoints live
   * @param trigger the hops' trigger
   * @param maxOffsetsPerTrigger records per bronze batch
   */
  public MedallionPipeline(StreamSession session, String bootstrapServers, Path dataDir, Trigger trigger,
      long maxOffsetsPerTrigger) {
    this.session = session;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.trigger = trigger;
    this.maxOffsetsPerTrigger = maxOffsetsPerTrigger;
  }

  /**
   * Path of a table.
   *
   * @param name bronze_orders, silver_orders, quarantine_orders or gold_revenue
   * @return its directory
   */
  public Path table(String name) {
    return dataDir.resolve("tables").resolve(name);
  }

  private String checkpoint(String name) {
    return dataDir.resolve("checkpoints").resolve(name).toString();
  }

  /**
   * Produces generated records to the {@code orders} topic, exactly once: a query from a memory
   * stream to the Kafka sink with its own checkpoint, so a restarted demo does not send them twice.
   *
   * @param records the records to send
   * @throws Exception if producing fails
   */
  public void produce(List<OrderGenerator.Generated> records) throws Exception {
    StructType schema = DataTypes.struct(DataTypes.field("key", DataTypes.STRING),
        DataTypes.field("value", DataTypes.STRING));
    MemoryStream stream = MemoryStream.create(session, schema);
    List<Row> rows = new ArrayList<>(records.size());
    for (OrderGenerator.Generated g : records) {
      rows.add(Row.of(g.orderId(), g.json()));
    }
    stream.addData(rows);
    StreamingQuery q = stream.toDF().writeStream()
        .queryName("generator")
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", "orders")
        .option("checkpointLocation", checkpoint("generator"))
        .trigger(Trigger.availableNow())
        .start();
    q.awaitTermination();
  }

  /**
   * Keeps producing generated orders: a background thread adds {@code perTick} orders every
   * {@code tick} to a memory stream that a generator query sends to Kafka, exactly once. The
   * generator is deterministic, so after a restart the chunks already sent (as the generator's
   * checkpoint records) are skipped and production continues where it stopped.
   *
   * @param gen the generator
   * @param perTick orders per tick
   * @param tick the interval
   * @return the generator query
   */
  public StreamingQuery produceContinuously(OrderGenerator gen, int perTick, java.time.Duration tick) {
    StructType schema = DataTypes.struct(DataTypes.field("key", DataTypes.STRING),
        DataTypes.field("value", DataTypes.STRING));
    MemoryStream stream = MemoryStream.create(session, schema);
    StreamingQuery q = stream.toDF().writeStream()
        .queryName("generator")
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", "orders")
        .option("checkpointLocation", checkpoint("generator-continuous"))
        .trigger(Trigger.processingTime(tick))
        .start();
    Thread t = new Thread(() -> {
      while (q.isActive()) {
        List<Row> rows = new ArrayList<>(perTick);
        for (OrderGenerator.Generated g : gen.next(perTick)) {
          rows.add(Row.of(g.orderId(), g.json()));
        }
        stream.addData(rows);
        try {
          Thread.sleep(tick.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "order-generator");
    t.setDaemon(true);
    t.start();
    return q;
  }

  /**
   * Starts the bronze hop: raw Kafka records with their metadata.
   *
   * @return the query
   */
  public StreamingQuery startBronze() {
    return session.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("subscribe", "orders")
        .option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
        .load()
        .select(
            col("key").cast(DataTypes.STRING).as("key"),
            col("value").cast(DataTypes.STRING).as("raw"),
            col("topic"), col("partition"), col("offset"),
            col("timestamp").as("kafka_timestamp"),
            currentTimestamp().as("ingested_at"))
        .writeStream()
        .queryName("bronze")
        .format("iceberg")
        .outputMode(OutputMode.APPEND)
        .trigger(trigger)
        .option("checkpointLocation", checkpoint("bronze"))
        .start(table("bronze_orders").toString());
  }

  /**
   * Starts the silver hop: parse, type, validate, deduplicate.
   *
   * @return the query
   */
  public StreamingQuery startSilver() {
    DataFrame parsed = session.readStream()
        .format("iceberg")
        .option("maxSnapshotsPerTrigger", 1)
        .load(table("bronze_orders").toString())
        .select(fromJson(col("raw"), ORDER_SCHEMA, Map.of("mode", "PERMISSIVE")).as("o"),
            col("partition").as("kafka_partition"), col("offset").as("kafka_offset"))
        .select(col("o.*"), col("kafka_partition"), col("kafka_offset"));
    return parsed
        .withColumn("event_time", toTimestamp(col("event_time")))
        .expect("valid_json", col("_corrupt_record").isNull(), ExpectationAction.QUARANTINE)
        .expect("has_order_id", col("order_id").isNotNull(), ExpectationAction.QUARANTINE)
        .expect("positive_amount", col("amount").gt(0), ExpectationAction.QUARANTINE)
        .expect("has_event_time", col("event_time").isNotNull(), ExpectationAction.QUARANTINE)
        .drop("_corrupt_record")
        .withWatermark("event_time", "1 minute")
        .dropDuplicatesWithinWatermark("order_id")
        .writeStream()
        .queryName("silver")
        .format("iceberg")
        .outputMode(OutputMode.APPEND)
        .trigger(trigger)
        .option("checkpointLocation", checkpoint("silver"))
        .option("quarantine.format", "iceberg")
        .option("quarantine.path", table("quarantine_orders").toString())
        .start(table("silver_orders").toString());
  }

  /**
   * Starts the gold hop: one-minute windows of revenue and order counts per country and category.
   *
   * @return the query
   */
  public StreamingQuery startGold() {
    return session.readStream()
        .format("iceberg")
        .option("maxSnapshotsPerTrigger", 1)
        .load(table("silver_orders").toString())
        .withWatermark("event_time", "30 seconds")
        .groupBy(window(col("event_time"), "1 minute"), col("country"), col("category"))
        .agg(count().as("orders"), sum(col("amount")).as("revenue"))
        .select(col("window.start").as("window_start"), col("window.end").as("window_end"),
            col("country"), col("category"), col("orders"), col("revenue"))
        .writeStream()
        .queryName("gold")
        .format("iceberg")
        .outputMode(OutputMode.UPDATE)
        .option("keyColumns", "window_start,window_end,country,category")
        .trigger(trigger)
        .option("checkpointLocation", checkpoint("gold"))
        .start(table("gold_revenue").toString());
  }

  /**
   * Reads a table as it is now.
   *
   * @param name the table name
   * @return its rows
   */
  public List<Row> read(String name) {
    if (!table(name).resolve("metadata").toFile().exists()) {
      return List.of();
    }
    return session.read().format("iceberg").load(table(name).toString()).collectAsList();
  }

}
