package io.sluice.examples.medallion;

import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryListener;
import io.sluice.api.Trigger;
import io.sluice.engine.EngineMonitoring;
import io.sluice.engine.EngineOptions;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The main job: the medallion pipeline on embedded defaults. Without {@code --bootstrap-servers} it
 * starts a single-node Kafka broker in-process; a generator produces orders (some malformed,
 * duplicated or late); the bronze, silver and gold queries run; a line is printed per batch and, at
 * the end (or on Ctrl-C), a summary of each table.
 *
 * <pre>
 * --bootstrap-servers host:port   use this Kafka instead of the embedded broker
 * --trigger available-now|5s      available-now (default): process what was produced, then end
 * --data-dir DIR                  tables and checkpoints (default data/medallion)
 * --events N                      orders to generate (default 20000; with a processing-time
 *                                 trigger, 0 = keep generating 200 orders a second)
 * --generate true|false           produce orders at all (default true)
 * --http-port N                   serve /metrics, /health, /api/queries on this port (default off)
 * --http-host ADDR                address to bind (default 127.0.0.1)
 * </pre>
 */
public final class MedallionDemo {
  private MedallionDemo() {}

  /** Parsed command line. */
  record Args(String bootstrapServers, String trigger, Path dataDir, int events, int httpPort, String httpHost,
      boolean generate) {
    static Args parse(String[] args) {
      String bootstrap = env("SLUICE_BOOTSTRAP_SERVERS", null);
      String trigger = env("SLUICE_TRIGGER", "available-now");
      Path dataDir = Paths.get(env("SLUICE_DATA_DIR", "data/medallion"));
      int events = Integer.parseInt(env("SLUICE_EVENTS", "20000"));
      int httpPort = Integer.parseInt(env("SLUICE_HTTP_PORT", System.getProperty("sluice.http.port", "-1")));
      String httpHost = env("SLUICE_HTTP_HOST", System.getProperty("sluice.http.host", "127.0.0.1"));
      boolean generate = Boolean.parseBoolean(env("SLUICE_GENERATE", "true"));
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--bootstrap-servers" -> bootstrap = require(a, v);
          case "--trigger" -> trigger = require(a, v);
          case "--data-dir" -> dataDir = Paths.get(require(a, v));
          case "--events" -> events = Integer.parseInt(require(a, v));
          case "--http-port" -> httpPort = Integer.parseInt(require(a, v));
          case "--http-host" -> httpHost = require(a, v);
          case "--generate" -> generate = Boolean.parseBoolean(require(a, v));
          case "--help", "-h" -> {
            System.out.println("Usage: MedallionDemo [--bootstrap-servers host:port] "
                + "[--trigger available-now|5s] [--data-dir DIR] [--events N] [--http-port N] [--http-host ADDR] "
                + "[--generate true|false]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("Unknown argument '" + a + "'; try --help");
        }
        i++;
      }
      return new Args(bootstrap, trigger, dataDir, events, httpPort, httpHost, generate);
    }

    private static String env(String name, String dflt) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? dflt : v;
    }

    private static String require(String flag, String v) {
      if (v == null) {
        throw new IllegalArgumentException("Missing value after " + flag);
      }
      return v;
    }

    Trigger toTrigger() {
      return trigger.equalsIgnoreCase("available-now") ? Trigger.availableNow() : Trigger.processingTime(trigger);
    }
  }

  /**
   * Runs the demo.
   *
   * @param argv the command line
   * @throws Exception if a query fails
   */
  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv);
    EmbeddedKafka broker = null;
    String bootstrap = args.bootstrapServers();
    if (bootstrap == null) {
      System.out.println("Starting an embedded Kafka broker (pass --bootstrap-servers to use your own)...");
      // The broker keeps its data under the data directory, so a second run finds its topic again
      // and every hop resumes from its checkpoint.
      broker = EmbeddedKafka.start(args.dataDir().resolve("kafka"), java.util.Map.of());
      broker.createTopicIfAbsent("orders", 3);
      bootstrap = broker.bootstrapServers();
    }
    try {
      run(args, bootstrap);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  static void run(Args args, String bootstrap) throws Exception {
    StreamSession.Builder builder = StreamSession.builder().appName("medallion")
        .config(EngineOptions.SHUFFLE_PARTITIONS, 4);
    // -Dsluice.<option>=value on the command line configures the session (e.g. in the container).
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("sluice."))
        .forEach(k -> builder.config(k, System.getProperty(k)));
    builder.config(EngineOptions.HTTP_PORT, args.httpPort()).config(EngineOptions.HTTP_HOST, args.httpHost());
    try (StreamSession session = builder.getOrCreate()) {
      if (args.httpPort() >= 0) {
        System.out.println("Monitoring on http://" + args.httpHost() + ":" + EngineMonitoring.httpPort(session)
            + "/metrics, /health, /api/queries");
      }
      BatchPrinter printer = new BatchPrinter();
      session.streams().addListener(printer);
      MedallionPipeline pipeline = new MedallionPipeline(session, bootstrap, args.dataDir(), args.toTrigger(), 1000);
      boolean availableNow = args.trigger().equalsIgnoreCase("available-now");
      OrderGenerator gen = new OrderGenerator(42, Instant.parse("2026-01-01T08:00:00Z"), 2500);
      if (args.generate() && args.events() > 0) {
        pipeline.produce(gen.next(args.events()));
        System.out.println("Generated " + args.events() + " orders for topic 'orders' (sent exactly once: a rerun sends none)");
      } else if (args.generate() && !availableNow) {
        pipeline.produceContinuously(gen, 200, Duration.ofSeconds(1));
        System.out.println("Producing 200 orders a second to topic 'orders'");
      }
      if (availableNow) {
        // Each hop reads what the previous one wrote: run them one after the other.
        for (StreamingQuery q : List.of(pipeline.startBronze())) {
          q.awaitTermination();
        }
        pipeline.startSilver().awaitTermination();
        pipeline.startGold().awaitTermination();
      } else {
        List<StreamingQuery> queries = new ArrayList<>();
        queries.add(pipeline.startBronze());
        queries.add(pipeline.startSilver());
        queries.add(pipeline.startGold());
        // Ctrl-C / docker stop: the hook stops the queries and waits while the main thread prints
        // the summary (it reads the tables through the session, which must still be open).
        CountDownLatch summaryPrinted = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
          stopping.set(true);
          queries.forEach(StreamingQuery::stop);
          try {
            summaryPrinted.await(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        session.streams().awaitAnyTermination();
        queries.forEach(StreamingQuery::stop);
        try {
          if (!stopping.get()) {
            for (StreamingQuery q : queries) {
              if (q.exception() != null) {
                throw q.exception();
              }
            }
          }
          if (stopping.get()) {
            // The JVM is shutting down (its libraries' hooks close file systems): report this run's
            // counts from the progress instead of reading the tables.
            printer.printTotals();
          } else {
            printSummary(pipeline);
          }
        } finally {
          summaryPrinted.countDown();
        }
        return;
      }
      printSummary(pipeline);
    }
  }

  static void printSummary(MedallionPipeline pipeline) {
    System.out.println();
    System.out.println("=== Tables ===");
    for (String t : List.of("bronze_orders", "silver_orders", "quarantine_orders", "gold_revenue")) {
      System.out.printf(Locale.ROOT, "%-18s %8d rows   %s%n", t, pipeline.read(t).size(), pipeline.table(t));
    }
    List<Row> gold = new ArrayList<>(pipeline.read("gold_revenue"));
    gold.sort(Comparator.comparing((Row r) -> -((Number) r.get(5)).doubleValue()));
    System.out.println("Top gold windows by revenue (window_start, country, category, orders, revenue):");
    for (Row r : gold.subList(0, Math.min(5, gold.size()))) {
      System.out.printf(Locale.ROOT, "  %s  %s  %-8s %4d  %10.2f%n", r.get(0), r.get(2), r.get(3),
          ((Number) r.get(4)).longValue(), ((Number) r.get(5)).doubleValue());
    }
  }

  /** Prints one line per batch, and keeps this run's totals per query. */
  private static final class BatchPrinter extends StreamingQueryListener {
    private final java.util.Map<String, long[]> totals = new java.util.concurrent.ConcurrentSkipListMap<>();

    void printTotals() {
      System.out.println();
      System.out.println("=== This run (rows in, rows out, late dropped, failed expectations) ===");
      totals.forEach((q, t) -> System.out.printf(Locale.ROOT, "%-10s %8d %8d %6d %6d%n", q, t[0], t[1], t[2], t[3]));
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      var p = event.progress();
      long late = p.stateOperators().stream().mapToLong(o -> o.numRowsDroppedByWatermark()).sum();
      long failed = p.expectations().stream().mapToLong(e -> e.failedRows()).sum();
      long[] t = totals.computeIfAbsent(String.valueOf(p.name()), k -> new long[4]);
      synchronized (t) {
        t[0] += p.numInputRows();
        t[1] += Math.max(0, p.sink().numOutputRows());
        t[2] += late;
        t[3] += failed;
      }
      System.out.printf(Locale.ROOT, "[%-9s] batch %3d: %6d rows in, %6d out, %5d ms%s%s%n", p.name(), p.batchId(),
          p.numInputRows(), p.sink().numOutputRows(), p.batchDuration(),
          late > 0 ? ", " + late + " late dropped" : "", failed > 0 ? ", " + failed + " failed expectations" : "");
    }
  }

}
