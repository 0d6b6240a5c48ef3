package io.sluice.lakehouse;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.Functions.window;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory source → bronze (append) → streaming read → silver (filter + dedup, append) → streaming
 * read → gold (windowed aggregation, complete), each hop its own query and checkpoint. A run that
 * is stopped mid-way, with the last batch of silver and gold "crashed" between the table commit
 * and the commit log, ends with exactly the tables of an uninterrupted run.
 */
@Tag("integration")
@Timeout(180)
class MedallionPipelineIT {
  static final StructType EVENTS = DataTypes.struct(field("id", DataTypes.LONG), field("page", DataTypes.STRING),
      field("ts", DataTypes.TIMESTAMP), field("amount", DataTypes.LONG));
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("medallion").config("sluice.shuffle.partitions", "2").getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  /** Input rounds: ids repeat across rounds (dedup), some amounts are negative (filtered). */
  static List<List<Row>> rounds() {
    List<List<Row>> out = new ArrayList<>();
    long id = 0;
    for (int round = 0; round < 4; round++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        long amount = (i % 7 == 3) ? -1 : i + round;
        rows.add(Row.of(id, "p" + (i % 3), T0.plusSeconds(round * 40L + i), amount));
        if (i % 5 == 0 && id > 0) {
          rows.add(Row.of(id - 1, "p" + ((i - 1 + 3) % 3), T0.plusSeconds(round * 40L + i - 1), 0L));
        }
        id++;
      }
      out.add(rows);
    }
    return out;
  }

  /** The three queries of one pipeline under a base directory. */
  final class Pipeline {
    final Path base;
    final MemoryStream input;
    StreamingQuery bronze;
    StreamingQuery silver;
    StreamingQuery gold;

    Pipeline(Path base, MemoryStream input) {
      this.base = base;
      this.input = input;
    }

    String table(String name) {
      return base.resolve("tables/" + name).toString();
    }

    String checkpoint(String name) {
      return base.resolve("checkpoints/" + name).toString();
    }

    void start() {
      bronze = input.toDF().writeStream().format("iceberg").outputMode(OutputMode.APPEND)
          .option("checkpointLocation", checkpoint("bronze")).start(table("bronze"));
      silver = session.readStream().format("iceberg").option("maxSnapshotsPerTrigger", "1").load(table("bronze"))
          .filter(col("amount").geq(0))
          .dropDuplicates("id")
          .writeStream().format("iceberg").outputMode(OutputMode.APPEND)
          .option("checkpointLocation", checkpoint("silver")).start(table("silver"));
      gold = session.readStream().format("iceberg").load(table("silver"))
          .groupBy(window(col("ts"), "1 minute"), col("page"))
          .agg(count().as("views"), sum(col("amount")).as("revenue"))
          .writeStream().format("iceberg").outputMode(OutputMode.COMPLETE)
          .option("checkpointLocation", checkpoint("gold")).start(table("gold"));
    }

    void process() {
      bronze.processAllAvailable();
      silver.processAllAvailable();
      gold.processAllAvailable();
    }

    void stop() {
      gold.stop();
      silver.stop();
      bronze.stop();
    }
  }

  @Test
  void aPipelineRestartedMidWayGivesExactlyTheTablesOfAnUninterruptedRun() throws Exception {
    List<List<Row>> rounds = rounds();

    Pipeline reference = new Pipeline(dir.resolve("reference"), MemoryStream.create(session, EVENTS));
    reference.start();
    for (List<Row> round : rounds) {
      reference.input.addData(round);
      reference.process();
    }
    reference.stop();

    Pipeline interrupted = new Pipeline(dir.resolve("interrupted"), MemoryStream.create(session, EVENTS));
    interrupted.start();
    for (int r = 0; r < 2; r++) {
      interrupted.input.addData(rounds.get(r));
      interrupted.process();
    }
    interrupted.stop();
    // The last batches of silver and gold committed to their tables but "crashed" before commits/N.
    deleteLastCommit(Path.of(interrupted.checkpoint("silver")));
    deleteLastCommit(Path.of(interrupted.checkpoint("gold")));
    interrupted.input.addData(rounds.get(2));
    interrupted.start();
    interrupted.process();
    interrupted.input.addData(rounds.get(3));
    interrupted.process();
    interrupted.stop();

    for (String table : List.of("bronze", "silver", "gold")) {
      assertThat(IcebergTables.rows(interrupted.table(table))).as(table)
          .containsExactlyInAnyOrderElementsOf(IcebergTables.rows(reference.table(table)));
    }
    for (String table : List.of("silver", "gold")) {
      // the re-run batches were skipped: each (query, batch) marker appears once
      List<String> markers = IcebergTables.markers(IcebergTables.load(interrupted.table(table)));
      assertThat(markers).as(table).doesNotHaveDuplicates().isNotEmpty();
    }
    long inputRows = rounds.stream().mapToLong(List::size).sum();
    assertThat(IcebergTables.rows(reference.table("bronze"))).hasSize((int) inputRows);
    List<Row> silver = IcebergTables.rows(reference.table("silver"));
    assertThat(silver.stream().map(r -> r.get(0)).distinct().count()).isEqualTo(silver.size());
    assertThat(silver).allMatch(r -> r.getLong(3) >= 0);
    long goldViews = IcebergTables.rows(reference.table("gold")).stream().mapToLong(r -> r.getLong(2)).sum();
    assertThat(goldViews).isEqualTo(silver.size());
  }

  private static void deleteLastCommit(Path checkpoint) throws IOException {
    try (Stream<Path> commits = Files.list(checkpoint.resolve("commits"))) {
      Path last = commits.filter(p -> p.getFileName().toString().matches("\\d+"))
          .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
              Long.parseLong(b.getFileName().toString())))
          .orElseThrow();
      Files.delete(last);
    }
  }
}
