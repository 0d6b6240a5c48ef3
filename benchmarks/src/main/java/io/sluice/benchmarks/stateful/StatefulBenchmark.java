package io.sluice.benchmarks.stateful;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.Functions.window;

import io.sluice.api.DataFrame;
import io.sluice.api.DataStreamReader;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.Trigger;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.LongVector;
import io.sluice.engine.EngineOptions;
import io.sluice.state.StateStoreOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Stateful streaming benchmark on generated events ({@code bench-events}: {@code user bigint, page
 * string, ts timestamp, amount double}; event time increasing with up to 2 s of disorder, 100,000
 * users, 1,000 pages), RocksDB state, {@code Trigger.availableNow()}, a fresh checkpoint per run:
 *
 * <ul>
 *   <li>{@code window}: {@code withWatermark(ts, 5 s).groupBy(window(ts, 10 s), page)
 *       .agg(count, sum(amount))}, append mode;
 *   <li>{@code dedup}: {@code withWatermark(ts, 10 s).dropDuplicates(user, ts)}, append mode.
 * </ul>
 *
 * <p>The sink is {@code foreachBatch} counting rows. Wall time runs from {@code start()} to the
 * query's termination; the figure is events/s over it, plus peak RSS ({@code VmHWM}). Each workload
 * runs in its own JVM (so the peak RSS is the workload's own): with {@code --workload all} (the
 * default) this process starts one child JVM per workload with the same JVM options. After the
 * measurement the output is checked against the generator (row counts and totals).
 *
 * <p>Each workload runs {@code --runs} times (default 2) in its JVM, each on a fresh checkpoint
 * and a new session: run 1 includes the JVM's one-time costs (class loading, JIT compilation,
 * loading RocksDB's native library), run 2 is what a long-running process sees.
 *
 * <p>Arguments: {@code --workload window|dedup|all}, {@code --events N} (5,000,000),
 * {@code --maxRowsPerTrigger N} (500,000), {@code --shufflePartitions N} (2),
 * {@code --numPartitions N} (source partitions, default the cores), {@code --dir PATH} (checkpoints
 * there, kept; default a temp dir, deleted), {@code --progress} (print each batch's durations and
 * state metrics).
 */
public final class StatefulBenchmark {
  private static final long USERS = 100_000;
  private static final int PAGES = 1_000;
  private static final long EVENTS_PER_SECOND = 100_000;
  private static final long MAX_DISORDER_MS = 2_000;
  private static final long SEED = 42;

  private StatefulBenchmark() {}

  /** Parsed arguments. */
  private record Args(String workload, long events, long maxRowsPerTrigger, int shufflePartitions,
      int numPartitions, Path dir, boolean progress, int runs) {
    static Args parse(String[] args) {
      String workload = "all";
      long events = 5_000_000;
      long maxRows = 500_000;
      int shuffle = 2;
      int parts = Runtime.getRuntime().availableProcessors();
      Path dir = null;
      boolean progress = false;
      int runs = 2;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--workload" -> workload = args[++i];
          case "--events" -> events = Long.parseLong(args[++i]);
          case "--maxRowsPerTrigger" -> maxRows = Long.parseLong(args[++i]);
          case "--shufflePartitions" -> shuffle = Integer.parseInt(args[++i]);
          case "--numPartitions" -> parts = Integer.parseInt(args[++i]);
          case "--dir" -> dir = Paths.get(args[++i]);
          case "--progress" -> progress = true;
          case "--runs" -> runs = Integer.parseInt(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]
              + "; known: --workload window|dedup|all, --events, --maxRowsPerTrigger, "
              + "--shufflePartitions, --numPartitions, --dir, --progress, --runs");
        }
      }
      if (!List.of("window", "dedup", "all").contains(workload)) {
        throw new IllegalArgumentException("--workload must be window, dedup or all: " + workload);
      }
      return new Args(workload, events, maxRows, shuffle, parts, dir, progress, runs);
    }
  }

  /** What one run measured. */
  private record Result(String workload, long events, double seconds, double cpuSeconds, long outputRows,
      int batches, long peakRssKb, Supplier<String> check) {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv);
    if (args.workload().equals("all")) {
      System.out.println(machine());
      int failed = 0;
      for (String w : List.of("window", "dedup")) {
        failed += runChild(w, argv);
      }
      System.exit(failed == 0 ? 0 : 1);
    }
    if (!Boolean.getBoolean("sluice.bench.child")) {
      System.out.println(machine());
    }
    boolean tempDir = args.dir() == null;
    Path root = tempDir ? Files.createTempDirectory("sluice-stateful-bench") : args.dir();
    try {
      List<Result> results = new ArrayList<>();
      for (int run = 1; run <= args.runs(); run++) {
        results.add(run(args, root.resolve(args.workload() + "-" + run)));
      }
      // Checked after all runs, so the checks' memory and CPU stay out of the measurements.
      boolean ok = true;
      for (int run = 1; run <= args.runs(); run++) {
        Result r = results.get(run - 1);
        String check = r.check().get();
        System.out.printf(Locale.ROOT,
            "RESULT workload=%s run=%d(%s) events=%d seconds=%.2f events/s=%,.0f cpuSeconds=%.2f "
                + "outputRows=%d batches=%d peakRssMiB=%d check=%s%n",
            r.workload(), run, run == 1 ? "cold JVM" : "warm JVM", r.events(), r.seconds(),
            r.events() / r.seconds(), r.cpuSeconds(), r.outputRows(), r.batches(), r.peakRssKb() / 1024,
            check);
        ok &= check.equals("OK");
      }
      if (!ok) {
        System.exit(2);
      }
    } finally {
      if (tempDir) {
        deleteRecursively(root);
      }
    }
  }

  /** Runs one workload in a child JVM with this JVM's options; returns 0 on success. */
  private static int runChild(String workload, String[] argv) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-Dsluice.bench.child=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StatefulBenchmark.class.getName());
    List<String> rest = new ArrayList<>(Arrays.asList(argv));
    int w = rest.indexOf("--workload");
    if (w >= 0) {
      rest.remove(w + 1);
      rest.remove(w);
    }
    cmd.addAll(rest);
    cmd.add("--workload");
    cmd.add(workload);
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }

  private static Result run(Args args, Path checkpoint) throws Exception {
    System.gc();
    resetPeakRss();
    StreamSession session = StreamSession.builder()
        .appName("stateful-benchmark")
        .config(EngineOptions.SHUFFLE_PARTITIONS, args.shufflePartitions())
        .config(StateStoreOptions.PROVIDER, StateStoreOptions.ROCKSDB)
        .getOrCreate();
    Map<String, String> options = sourceOptions(args);
    DataStreamReader reader = session.readStream().format(BenchEventsSourceProvider.FORMAT);
    options.forEach(reader::option);
    DataFrame events = reader.load();
    boolean isWindow = args.workload().equals("window");
    DataFrame query = isWindow
        ? events.withWatermark("ts", "5 seconds")
            .groupBy(window(col("ts"), "10 seconds"), col("page"))
            .agg(count().as("views"), sum("amount").as("revenue"))
        : events.withWatermark("ts", "10 seconds").dropDuplicates("user", "ts");
    AtomicLong outputRows = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    // window: (window end micros, page) -> views, to check against the generator afterwards
    Map<Long, Map<String, Long>> views = new HashMap<>();
    long cpu0 = processCpuNanos();
    long wall0 = System.currentTimeMillis();
    long t0 = System.nanoTime();
    StreamingQuery q = query.writeStream()
        .queryName(args.workload())
        .outputMode(OutputMode.APPEND)
        .trigger(Trigger.availableNow())
        .option("checkpointLocation", checkpoint.toString())
        .foreachBatch((df, id) -> {
          batches.incrementAndGet();
          if (isWindow) {
            // A few thousand rows per batch: collecting them costs nothing measurable.
            for (Row r : df.collectAsList()) {
              outputRows.incrementAndGet();
              Instant end = (Instant) ((Row) r.get(0)).get(1);
              long micros = end.getEpochSecond() * 1_000_000L + end.getNano() / 1000;
              if (views.computeIfAbsent(micros, k -> new HashMap<>()).put((String) r.get(1), (Long) r.get(2))
                  != null) {
                throw new IllegalStateException("window emitted twice: " + r);
              }
            }
          } else {
            outputRows.addAndGet(df.count());
          }
        })
        .start();
    long started = System.nanoTime();
    q.awaitTermination();
    if (args.progress()) {
      System.out.printf(Locale.ROOT, "start() took %d ms%n", (started - t0) / 1_000_000);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
    long rss = peakRssKb();
    long input = 0;
    for (StreamingQueryProgress p : q.recentProgress()) {
      input += p.numInputRows();
      if (args.progress()) {
        System.out.println("batch " + p.batchId() + " at +" + (p.timestamp().toEpochMilli() - wall0) + " ms: "
            + p.numInputRows() + " rows, " + p.durationMs() + " " + p.stateOperators());
      }
    }
    session.close();
    long read = input;
    long rows = outputRows.get();
    Supplier<String> check = () -> read != args.events() ? "FAILED: read " + read + " events"
        : isWindow ? checkWindows(args, views) : checkDedup(args, rows);
    return new Result(args.workload(), args.events(), seconds, cpuSeconds, rows, (int) batches.get(), rss, check);
  }

  private static Map<String, String> sourceOptions(Args args) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(BenchEventsOptions.TOTAL_EVENTS.key(), Long.toString(args.events()));
    o.put(BenchEventsOptions.EVENTS_PER_SECOND.key(), Long.toString(EVENTS_PER_SECOND));
    o.put(BenchEventsOptions.USERS.key(), Long.toString(USERS));
    o.put(BenchEventsOptions.PAGES.key(), Integer.toString(PAGES));
    o.put(BenchEventsOptions.MAX_DISORDER_MS.key(), Long.toString(MAX_DISORDER_MS));
    o.put(BenchEventsOptions.SEED.key(), Long.toString(SEED));
    o.put(BenchEventsOptions.MAX_ROWS_PER_TRIGGER.key(), Long.toString(args.maxRowsPerTrigger()));
    o.put(BenchEventsOptions.NUM_PARTITIONS.key(), Integer.toString(args.numPartitions()));
    return o;
  }

  /** The events themselves, regenerated, for the checks. */
  private interface EventVisitor {
    void visit(long user, BytesVector pages, int row, long tsMicros);
  }

  private static void forEachEvent(Args args, EventVisitor v) {
    BenchEventsSource source = new BenchEventsSource(
        BenchEventsSource.Config.from(new ConnectorOptions(sourceOptions(args))));
    for (long first = 0; first < args.events(); first += ColumnBatch.DEFAULT_ROWS) {
      ColumnBatch b = source.generate(first, (int) Math.min(ColumnBatch.DEFAULT_ROWS, args.events() - first));
      LongVector users = (LongVector) b.column(0);
      BytesVector pages = (BytesVector) b.column(1);
      LongVector ts = (LongVector) b.column(2);
      for (int i = 0; i < b.numRows(); i++) {
        v.visit(users.get(i), pages, i, ts.get(i));
      }
    }
  }

  /**
   * Every emitted (window, page) count equals the generator's, and every window of the stream
   * that ended at least the watermark delay before the last event was emitted, for every page.
   */
  private static String checkWindows(Args args, Map<Long, Map<String, Long>> views) {
    long windowMicros = 10_000_000L;
    Map<Long, Map<String, Long>> expected = new HashMap<>();
    long[] maxTs = {Long.MIN_VALUE};
    forEachEvent(args, (user, pages, row, ts) -> {
      long end = ts - Math.floorMod(ts, windowMicros) + windowMicros;
      if (views.containsKey(end)) {
        expected.computeIfAbsent(end, k -> new HashMap<>()).merge(pages.getString(row), 1L, Long::sum);
      }
      maxTs[0] = Math.max(maxTs[0], ts);
    });
    if (!expected.equals(views)) {
      return "FAILED: emitted window counts differ from the generated events";
    }
    // The watermark trails the last batch's maximum by 5 s; windows ending by then are complete.
    long lastBatchStart = args.events() - Math.min(args.events(), args.maxRowsPerTrigger());
    long mustEmitUntil = Math.floorDiv(
        (lastBatchStart * 1_000_000L / EVENTS_PER_SECOND) - MAX_DISORDER_MS * 1000 - 5_000_000L, windowMicros)
        * windowMicros;
    long startMicros = BenchEventsOptions.START_TIMESTAMP.parse(null) * 1000L;
    for (long end = startMicros + windowMicros; end <= startMicros + mustEmitUntil; end += windowMicros) {
      if (!views.containsKey(end) || views.get(end).size() != PAGES) {
        return "FAILED: window ending " + Instant.ofEpochMilli(end / 1000) + " not emitted for every page";
      }
    }
    return "OK";
  }

  /** The output has one row per distinct (user, ts) of the generated events. */
  private static String checkDedup(Args args, long outputRows) {
    long[] keys = new long[(int) args.events()];
    int[] n = {0};
    long startMicros = BenchEventsOptions.START_TIMESTAMP.parse(null) * 1000L;
    forEachEvent(args, (user, pages, row, ts) -> keys[n[0]++] = (ts - startMicros + 10_000_000L) << 20 | user);
    Arrays.sort(keys);
    long distinct = 0;
    for (int i = 0; i < keys.length; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) {
        distinct++;
      }
    }
    return distinct == outputRows ? "OK" : "FAILED: " + outputRows + " rows, expected " + distinct;
  }

  /** CPU time of the whole process (all threads, JIT and GC included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Resets the peak RSS ({@code VmHWM}) to the current RSS (Linux 4.0+; ignored elsewhere). */
  private static void resetPeakRss() {
    try {
      Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed: the peak then covers the earlier runs too
    }
  }

  private static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // not Linux: report 0
    }
    return 0;
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException e) {
      // keep "unknown CPU"
    }
    return String.format(Locale.ROOT, "machine: nproc=%d, %s, JDK %s, max heap %d MiB",
        Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
