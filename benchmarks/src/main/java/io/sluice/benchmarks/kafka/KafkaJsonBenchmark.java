package io.sluice.benchmarks.kafka;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.concat;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.struct;
import static io.sluice.api.Functions.toJson;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.fromJson;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.Functions.window;
import static io.sluice.api.types.DataTypes.field;

import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Kafka source throughput: N JSON events (~100 bytes each) pre-loaded into a 4-partition topic,
 * then one available-now query: Kafka source → {@code fromJson} → filter → project, counted in a
 * {@code foreachBatch} sink. Reports events/s of the query (pre-loading is timed separately).
 *
 * <p>Usage: {@code KafkaJsonBenchmark [--events N] [--partitions P] [--bootstrap host:port]
 * [--topic T] [--maxOffsetsPerTrigger M] [--windowed]}. Without {@code --bootstrap} an embedded
 * broker is started in this JVM (it then shares the machine's cores with the query); with it, the
 * topic ({@code --topic}) must exist with P partitions, or the broker must auto-create topics.
 */
public final class KafkaJsonBenchmark {
  static final StructType EVENT = DataTypes.struct(field("id", DataTypes.LONG), field("user", DataTypes.STRING),
      field("page", DataTypes.STRING), field("amount", DataTypes.DOUBLE), field("ts", DataTypes.TIMESTAMP));

  private KafkaJsonBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Keep the embedded broker's and the clients' INFO logs out of the measurement.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    long events = 5_000_000;
    int partitions = 4;
    String bootstrap = null;
    String topic = null;
    long maxOffsets = 1_000_000;
    boolean windowed = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--events" -> events = Long.parseLong(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--bootstrap" -> bootstrap = args[++i];
        case "--topic" -> topic = args[++i];
        case "--maxOffsetsPerTrigger" -> maxOffsets = Long.parseLong(args[++i]);
        case "--windowed" -> windowed = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.out.printf("CPU: %s, %d cores; events: %,d; partitions: %d%n", cpuModel(),
        Runtime.getRuntime().availableProcessors(), events, partitions);
    EmbeddedKafka embedded = null;
    try {
      if (bootstrap == null) {
        embedded = EmbeddedKafka.start();
        bootstrap = embedded.bootstrapServers();
      }
      if (topic == null) {
        topic = "bench-json-" + System.currentTimeMillis();
      }
      if (embedded != null) {
        embedded.createTopic(topic, partitions);
      }
      long t0 = System.nanoTime();
      preload(bootstrap, topic, events, partitions);
      System.out.printf("pre-loaded %,d events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);
      runQuery(bootstrap, topic, events, maxOffsets, windowed);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /**
   * Writes the events with a Sluice query (rate source → JSON → Kafka sink, at-least-once), so the
   * benchmark needs no Kafka client code of its own. Event i: {@code {"id":i,"user":"user-<i%10000>",
   * "page":"/products/<i%50>","amount":<(i*7919)%10000/100>,"ts":"..."}}, on partition {@code i % P}.
   */
  static void preload(String bootstrap, String topic, long events, int partitions) throws Exception {
    Path checkpoint = Files.createTempDirectory("sluice-bench-preload-");
    try (StreamSession session = StreamSession.builder().appName("kafka-json-preload").getOrCreate()) {
      StreamingQuery q = session.readStream().format("rate")
          .option("rowsPerSecond", "1000")
          .option("startTimestamp", "0")
          .option("totalRows", Long.toString(events))
          .option("numPartitions", Integer.toString(partitions))
          .option("maxRowsPerTrigger", "1000000")
          .load()
          .select(toJson(struct(
              col("value").as("id"),
              concat(lit("user-"), col("value").mod(10_000L).cast(DataTypes.STRING)).as("user"),
              concat(lit("/products/"), col("value").mod(50L).cast(DataTypes.STRING)).as("page"),
              col("value").multiply(7919L).mod(10_000L).divide(100.0).as("amount"),
              col("timestamp").as("ts"))).as("value"),
              col("value").mod((long) partitions).cast(DataTypes.INT).as("partition"))
          .writeStream().format("kafka")
          .option("kafka.bootstrap.servers", bootstrap)
          .option("topic", topic)
          .option("deliveryGuarantee", "at-least-once")
          .option("kafka.linger.ms", "20")
          .option("kafka.batch.size", Integer.toString(512 * 1024))
          .option("checkpointLocation", checkpoint.toString())
          .trigger(Trigger.availableNow())
          .start();
      q.awaitTermination();
    } finally {
      deleteRecursively(checkpoint);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // temporary files
    }
  }

  static void runQuery(String bootstrap, String topic, long events, long maxOffsets, boolean windowed)
      throws Exception {
    Path checkpoint = Files.createTempDirectory("sluice-bench-kafka-");
    AtomicLong out = new AtomicLong();
    try (StreamSession session = StreamSession.builder().appName("kafka-json-bench").getOrCreate()) {
      long t0 = System.nanoTime();
      DataFrame parsed = session.readStream().format("kafka")
          .option("kafka.bootstrap.servers", bootstrap)
          .option("subscribe", topic)
          .option("startingOffsets", "earliest")
          .option("maxOffsetsPerTrigger", Long.toString(maxOffsets))
          .load()
          .select(fromJson(col("value").cast(DataTypes.STRING), EVENT).as("e"));
      // Windowed: 10-second windows of count and sum per page, 5-second watermark, append mode,
      // RocksDB state (the default); otherwise parse, filter, project.
      DataFrame result = windowed
          ? parsed.select(col("e.page").as("page"), col("e.amount").as("amount"), col("e.ts").as("ts"))
              .withWatermark("ts", "5 seconds")
              .groupBy(window(col("ts"), "10 seconds"), col("page"))
              .agg(count().as("events"), sum(col("amount")).as("amount"))
          : parsed.filter(col("e.amount").gt(50.0))
              .select(col("e.user").as("user"), col("e.page").as("page"), col("e.amount").as("amount"));
      StreamingQuery q = result
          .writeStream()
          .outputMode(OutputMode.APPEND)
          .foreachBatch((df, id) -> out.addAndGet(df.count()))
          .option("checkpointLocation", checkpoint.toString())
          .trigger(Trigger.availableNow())
          .start();
      q.awaitTermination();
      double sec = (System.nanoTime() - t0) / 1e9;
      long in = q.recentProgress().stream().mapToLong(StreamingQueryProgress::numInputRows).sum();
      System.out.printf("query%s: %,d events in, %,d rows out, %d batches, %.2f s: %,.0f events/s%n",
          windowed ? " (windowed count+sum per page)" : " (parse, filter, project)", in, out.get(),
          q.recentProgress().size(), sec, in / sec);
      if (Boolean.getBoolean("bench.progress")) {
        q.recentProgress().forEach(p -> System.out.println(p.prettyJson()));
      }
      if (in != events) {
        throw new IllegalStateException("read " + in + " events, expected " + events);
      }
    } finally {
      deleteRecursively(checkpoint);
    }
  }



  static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }
}
