package io.sluice.benchmarks.lakehouse;

import io.sluice.api.OutputMode;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.IcebergSinkProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Iceberg connector benchmark, on path-based tables on the local file system (Parquet + zstd):
 *
 * <ol>
 *   <li><b>append</b>: N rows (default 10M) appended by the sink in batches of 100k and of 1M rows,
 *       each batch split into {@code --partitions} partitions written in parallel and committed as
 *       one snapshot (rows/s, commits included);
 *   <li><b>commit</b>: {@code --smallBatches} batches of 1,000 rows: time per {@code addBatch}
 *       (write + commit) p50 / p95 / max;
 *   <li><b>read</b>: an available-now streaming query reads the 1M-batch table back through the
 *       {@code iceberg} source, one input partition per data file (rows/s).
 * </ol>
 *
 * The sink is driven directly (no upstream query), so the append figures are the connector's own.
 * Rows: {@code id bigint, user string, ts timestamp, amount double}. Arguments: {@code --rows N},
 * {@code --partitions P} (default 2), {@code --smallBatches K} (default 300), {@code --dir PATH}
 * (default a temp dir, deleted after).
 */
public final class IcebergBenchmark {
  static final StructType SCHEMA = DataTypes.struct(DataTypes.field("id", DataTypes.LONG),
      DataTypes.field("user", DataTypes.STRING), DataTypes.field("ts", DataTypes.TIMESTAMP),
      DataTypes.field("amount", DataTypes.DOUBLE));
  static final long T0_MICROS = 1_750_000_000_000_000L;

  private IcebergBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = 10_000_000L;
    int partitions = 2;
    int smallBatches = 300;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--smallBatches" -> smallBatches = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Paths.get(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    boolean temp = dir == null;
    if (temp) {
      dir = Files.createTempDirectory("sluice-iceberg-bench-");
    }
    System.out.printf(Locale.ROOT, "Iceberg benchmark: %,d rows, %d partitions per batch, %d cores, dir %s%n",
        rows, partitions, Runtime.getRuntime().availableProcessors(), dir);
    try {
      // Warm-up (JIT, Hadoop/Iceberg class loading): 1M rows in 100k-row batches, not reported.
      append(dir.resolve("warmup").toString(), Math.min(rows, 1_000_000), 100_000, partitions, false);
      append(dir.resolve("t100k").toString(), rows, 100_000, partitions, true);
      String big = dir.resolve("t1m").toString();
      append(big, rows, 1_000_000, partitions, true);
      commits(dir.resolve("small").toString(), smallBatches, partitions);
      read(big, rows, dir.resolve("read-checkpoint"));
    } finally {
      if (temp) {
        deleteRecursively(dir);
      }
    }
  }

  private static Sink sink(String table) {
    return new IcebergSinkProvider().createSink(new SinkContext(
        new ConnectorOptions(Map.of("path", table, "maintenance.everyBatches", "0")),
        SCHEMA, OutputMode.APPEND, UUID.randomUUID(), null, List.of(), null, Map.of()));
  }

  /** One batch of {@code rows} rows starting at id {@code first}, split into partitions of column batches. */
  static SinkBatch batch(long first, int rows, int partitions) {
    List<List<ColumnBatch>> parts = new ArrayList<>();
    int perPartition = (rows + partitions - 1) / partitions;
    for (int p = 0; p < partitions; p++) {
      List<ColumnBatch> batches = new ArrayList<>();
      long from = first + (long) p * perPartition;
      long to = Math.min(first + rows, from + perPartition);
      for (long start = from; start < to; start += ColumnBatch.DEFAULT_ROWS) {
        int n = (int) Math.min(ColumnBatch.DEFAULT_ROWS, to - start);
        ColumnVector[] cols = ColumnBatch.allocate(SCHEMA, n);
        LongVector id = (LongVector) cols[0];
        BytesVector user = (BytesVector) cols[1];
        LongVector ts = (LongVector) cols[2];
        DoubleVector amount = (DoubleVector) cols[3];
        for (int i = 0; i < n; i++) {
          long v = start + i;
          id.append(v);
          user.appendString("user-" + (v % 10_000));
          ts.append(T0_MICROS + v * 1_000L);
          amount.append((v % 1000) / 10.0);
        }
        batches.add(new ColumnBatch(SCHEMA, cols, n));
      }
      parts.add(batches);
    }
    return new SinkBatch(SCHEMA, parts);
  }

  private static void append(String table, long rows, int batchRows, int partitions, boolean report)
      throws Exception {
    long written = 0;
    long nanos = 0;
    long batchId = 0;
    long writeMs = 0;
    long commitMs = 0;
    try (Sink sink = sink(table)) {
      while (written < rows) {
        int n = (int) Math.min(batchRows, rows - written);
        SinkBatch b = batch(written, n, partitions);
        long t0 = System.nanoTime();
        sink.addBatch(batchId++, b);
        nanos += System.nanoTime() - t0;
        writeMs += Long.parseLong(sink.metrics().get("lastWriteMs"));
        commitMs += Long.parseLong(sink.metrics().get("lastCommitMs"));
        written += n;
      }
    }
    double secs = nanos / 1e9;
    if (!report) {
      return;
    }
    System.out.printf(Locale.ROOT, "append  %,9d-row batches: %,d rows in %,d commits, %.1f s -> %,.0f rows/s "
        + "(writing files %.1f s, committing %.1f s)%n",
        batchRows, written, batchId, secs, written / secs, writeMs / 1e3, commitMs / 1e3);
  }

  private static void commits(String table, int batches, int partitions) throws Exception {
    long[] ms = new long[batches];
    long[] commitOnly = new long[batches];
    try (Sink sink = sink(table)) {
      for (int b = 0; b < batches; b++) {
        SinkBatch batch = batch(b * 1000L, 1000, partitions);
        long t0 = System.nanoTime();
        sink.addBatch(b, batch);
        ms[b] = (System.nanoTime() - t0) / 1_000_000;
        commitOnly[b] = Long.parseLong(sink.metrics().get("lastCommitMs"));
      }
    }
    Arrays.sort(commitOnly);
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    long firstTen = Arrays.stream(ms, 0, Math.min(10, batches)).sum() / Math.min(10, batches);
    long lastTen = Arrays.stream(ms, Math.max(0, batches - 10), batches).sum() / Math.min(10, batches);
    System.out.printf(Locale.ROOT, "commit  1,000-row batches x %d: addBatch p50 %d ms, p95 %d ms, max %d ms "
        + "(mean of first 10: %d ms, last 10: %d ms); of which the Iceberg commit p50 %d ms%n", batches,
        sorted[batches / 2], sorted[(int) (batches * 0.95)], sorted[batches - 1], firstTen, lastTen,
        commitOnly[batches / 2]);
  }

  private static void read(String table, long expectedRows, Path checkpoint) throws Exception {
    AtomicLong count = new AtomicLong();
    try (StreamSession session = StreamSession.builder().appName("iceberg-read-bench").getOrCreate()) {
      long t0 = System.nanoTime();
      StreamingQuery q = session.readStream().format("iceberg").load(table)
          .writeStream()
          .trigger(Trigger.availableNow())
          .option("checkpointLocation", checkpoint.toString())
          .foreachBatch((df, id) -> count.addAndGet(df.count()))
          .start();
      q.awaitTermination();
      double secs = (System.nanoTime() - t0) / 1e9;
      if (count.get() != expectedRows) {
        throw new IllegalStateException("read " + count.get() + " rows, expected " + expectedRows);
      }
      System.out.printf(Locale.ROOT, "read    streaming source, available-now: %,d rows in %.1f s -> %,.0f rows/s%n",
          count.get(), secs, count.get() / secs);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
