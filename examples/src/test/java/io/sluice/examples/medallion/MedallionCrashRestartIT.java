package io.sluice.examples.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The medallion demo, killed and restarted: a child JVM runs {@link MedallionDemo} (available-now,
 * 3000 orders) against this test's Kafka broker and is killed ({@code destroyForcibly}, i.e. SIGKILL,
 * no shutdown hooks) three times, each time in the middle of a hop's batch as its checkpoint and
 * tables show it (see {@link KillPoint}): bronze batch 1 just planned, silver batch 2 with its
 * quarantine rows committed, gold batch 1 with its upsert committed; a last run finishes. Its tables must then equal, as
 * multisets, those of an uninterrupted run of the same demo on its own broker and data directory:
 * nothing lost, nothing written twice.
 *
 * <p>Each run has its own broker because the demo always uses topic {@code orders}; the generator
 * is deterministic and the demo's first step produces every order in one exactly-once batch, so both
 * brokers hold the same records at the same offsets. Bronze rows are compared on {@code (key, raw)}
 * only: {@code ingested_at} is the batch time and {@code kafka_timestamp} the produce time, which
 * differ between runs. Doubles are compared to 1e-6 (revenue sums may add in another order).
 */
@Tag("integration")
@Timeout(420)
class MedallionCrashRestartIT {
  static final int EVENTS = 3000;
  static final List<String> TABLES = List.of("bronze_orders", "silver_orders", "quarantine_orders", "gold_revenue");

  @TempDir static Path root;
  /** The child runs' output, kept after the test (the data directories are temporary). */
  static final Path LOGS = Path.of("target", "medallion-crash-restart");
  static Map<String, Map<List<Object>, Integer>> reference;

  /** What a child run did. */
  record Run(int exitCode, boolean killed, List<String> lines) {
    boolean finished() {
      return lines.stream().anyMatch(l -> l.startsWith("=== Tables ==="));
    }
  }

  @BeforeAll
  static void uninterruptedReference() throws Exception {
    Files.createDirectories(LOGS);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("orders", 3);
      Path data = root.resolve("reference");
      Run run = runDemo(kafka, data, LOGS.resolve("reference.log"), null);
      assertThat(run.exitCode()).as("reference run; log in %s", LOGS.resolve("reference.log")).isZero();
      assertThat(run.finished()).isTrue();
      reference = readTables(data);
    }
    assertThat(reference.get("bronze_orders").values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(EVENTS);
    for (String t : TABLES) {
      assertThat(reference.get(t)).as(t).isNotEmpty();
    }
  }

  @Test
  void killedDuringBronzeThenSilverThenGoldAndRestartedEachTimeEndsWithTheTablesOfAnUninterruptedRun()
      throws Exception {
    Path data = root.resolve("crashed");
    Map<String, KillPoint> killPoints = new LinkedHashMap<>();
    // Bronze batch 1 planned (offsets/1 written): it is reading Kafka and writing its Iceberg files.
    killPoints.put("bronze-planned", new KillPoint(data, "bronze", 1, null));
    // Silver batch 2 (the one with a late row) has committed its quarantine rows, the silver rows
    // are being written: both sinks skip or redo the batch by its id on restart.
    killPoints.put("silver-quarantined", new KillPoint(data, "silver", 2, "quarantine_orders"));
    // Gold batch 1's upsert committed to the table, commits/1 possibly not yet written.
    killPoints.put("gold-table-committed", new KillPoint(data, "gold", 1, "gold_revenue"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("orders", 3);
      int i = 0;
      for (Map.Entry<String, KillPoint> kill : killPoints.entrySet()) {
        Path log = LOGS.resolve("crashed-" + (i++) + "-" + kill.getKey() + ".log");
        Run run = runDemo(kafka, data, log, kill.getValue());
        assertThat(run.killed()).as("the run was killed during %s; log in %s", kill.getKey(), log).isTrue();
        assertThat(run.finished()).as("the run ended before the kill; log in %s", log).isFalse();
        Files.writeString(log, checkpointState(data), StandardOpenOption.APPEND);
      }
      Path log = LOGS.resolve("crashed-final.log");
      Run last = runDemo(kafka, data, log, null);
      assertThat(last.exitCode()).as("the final run; log in %s", log).isZero();
      assertThat(last.finished()).isTrue();
      // It resumed: the generator's checkpoint says the orders were sent, so nothing is produced again.
      assertThat(last.lines()).noneMatch(l -> l.startsWith("[generator]"));

      Map<String, Map<List<Object>, Integer>> actual = readTables(data);
      for (String t : TABLES) {
        assertSameMultiset(t, reference.get(t), actual.get(t));
      }
    }
  }

  /**
   * When to kill a run: once {@code hop}'s batch {@code batch} is planned ({@code offsets/N} in its
   * checkpoint) and, if {@code table} is given, that table has committed a new Iceberg snapshot
   * since (a new {@code vN.metadata.json}); or, whatever comes first, once the batch is committed
   * ({@code commits/N}), so that every run is killed somewhere around that batch.
   */
  static final class KillPoint {
    private final Path checkpoint;
    private final long batch;
    private final Path tableMetadata;
    private long metadataFilesWhenPlanned = -1;
    private String reason = "not due";

    KillPoint(Path dataDir, String hop, long batch, String table) {
      this.checkpoint = dataDir.resolve("checkpoints").resolve(hop);
      this.batch = batch;
      this.tableMetadata = table == null ? null : dataDir.resolve("tables").resolve(table).resolve("metadata");
    }

    boolean due() throws IOException {
      if (Files.exists(checkpoint.resolve("commits").resolve(Long.toString(batch)))) {
        reason = checkpoint.getFileName() + " commits/" + batch + " written (fallback: the batch had ended)";
        return true;
      }
      if (!Files.exists(checkpoint.resolve("offsets").resolve(Long.toString(batch)))) {
        return false;
      }
      if (tableMetadata == null) {
        reason = checkpoint.getFileName() + " offsets/" + batch + " written";
        return true;
      }
      long n = metadataFiles();
      if (metadataFilesWhenPlanned < 0) {
        metadataFilesWhenPlanned = n;
        return false;
      }
      if (n > metadataFilesWhenPlanned) {
        reason = checkpoint.getFileName() + " offsets/" + batch + " written, then a new snapshot of "
            + tableMetadata.getParent().getFileName();
        return true;
      }
      return false;
    }

    private long metadataFiles() throws IOException {
      if (!Files.isDirectory(tableMetadata)) {
        return 0;
      }
      try (var files = Files.list(tableMetadata)) {
        return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.metadata\\.json")).count();
      }
    }
  }

  /**
   * Runs the demo in a child JVM until it ends or, if a kill point is given, kills it
   * ({@code destroyForcibly}) as soon as the kill point is due (polled every millisecond).
   */
  static Run runDemo(EmbeddedKafka kafka, Path dataDir, Path log, KillPoint killPoint) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx768m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", cp, MedallionDemo.class.getName(),
        "--bootstrap-servers", kafka.bootstrapServers(), "--data-dir", dataDir.toString(),
        "--events", Integer.toString(EVENTS), "--trigger", "available-now")
        .redirectErrorStream(true).start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread drain = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add(">>> reading the output failed: " + e);
      }
    }, "demo-output");
    drain.start();
    boolean killed = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (killPoint != null && killPoint.due()) {
        p.destroyForcibly();
        killed = true;
        break;
      }
      Thread.sleep(1);
    }
    if (!p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the demo did not end within 180 s; log in " + log);
    }
    drain.join(10_000);
    List<String> copy;
    synchronized (lines) {
      copy = List.copyOf(lines);
    }
    List<String> logLines = new ArrayList<>(copy);
    if (killed) {
      logLines.add(">>> killed (SIGKILL) by the test: " + killPoint.reason);
    }
    Files.write(log, logLines, StandardCharsets.UTF_8);
    return new Run(p.exitValue(), killed, copy);
  }

  /** Which batches each hop's checkpoint has planned (offsets/) and committed (commits/), for the log. */
  static String checkpointState(Path dataDir) throws IOException {
    StringBuilder sb = new StringBuilder(">>> checkpoints after the kill:\n");
    for (String hop : List.of("generator", "bronze", "silver", "gold")) {
      sb.append(">>>   ").append(hop).append(": offsets ").append(entries(dataDir, hop, "offsets"))
          .append(", commits ").append(entries(dataDir, hop, "commits")).append('\n');
    }
    return sb.toString();
  }

  private static List<String> entries(Path dataDir, String hop, String log) throws IOException {
    Path dir = dataDir.resolve("checkpoints").resolve(hop).resolve(log);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .sorted(Comparator.comparingLong(Long::parseLong)).toList();
    }
  }

  /** Each table's rows as a multiset; bronze on (key, raw) only. */
  static Map<String, Map<List<Object>, Integer>> readTables(Path dataDir) {
    Map<String, Map<List<Object>, Integer>> out = new HashMap<>();
    try (StreamSession session = StreamSession.builder().appName("crash-restart-check").getOrCreate()) {
      for (String t : TABLES) {
        Path table = dataDir.resolve("tables").resolve(t);
        Map<List<Object>, Integer> rows = new HashMap<>();
        if (Files.exists(table.resolve("metadata"))) {
          for (Row r : session.read().format("iceberg").load(table.toString()).collectAsList()) {
            List<Object> key = t.equals("bronze_orders") ? Arrays.asList(r.get("key"), r.get("raw")) : normalize(r);
            rows.merge(key, 1, Integer::sum);
          }
        }
        out.put(t, rows);
      }
    }
    return out;
  }

  /** A row's values, doubles rounded to 1e-6. */
  static List<Object> normalize(Row r) {
    List<Object> values = new ArrayList<>(r.size());
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      values.add(v instanceof Double d ? (Object) Math.round(d * 1e6) : v);
    }
    return Collections.unmodifiableList(values);
  }

  static void assertSameMultiset(String table, Map<List<Object>, Integer> expected, Map<List<Object>, Integer> actual) {
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    expected.forEach((row, n) -> {
      int a = actual.getOrDefault(row, 0);
      if (a < n) {
        missing.add((n - a) + "x " + row);
      }
    });
    actual.forEach((row, n) -> {
      int e = expected.getOrDefault(row, 0);
      if (n > e) {
        extra.add((n - e) + "x " + row);
      }
    });
    int expectedRows = expected.values().stream().mapToInt(Integer::intValue).sum();
    int actualRows = actual.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(missing.size() + extra.size())
        .as("%s: %d rows expected, %d found; lost: %s; doubled or different: %s", table, expectedRows, actualRows,
            missing.subList(0, Math.min(10, missing.size())), extra.subList(0, Math.min(10, extra.size())))
        .isZero();
  }
}
