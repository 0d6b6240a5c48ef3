package io.sluice.engine;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.currentTimestamp;
import static io.sluice.api.Functions.fromJson;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.upper;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.CheckpointException;
import io.sluice.api.DataFrame;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryException;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.engine.testing.ManualClock;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MicroBatchQueryTest {
  static final StructType EVENTS = DataTypes.struct(field("name", DataTypes.STRING), field("n", DataTypes.INT));

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("test").getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private StreamTest.Builder filterQuery() {
    return StreamTest.builder(session)
        .input("events", EVENTS)
        .query(in -> in.get("events")
            .filter(col("n").gt(1))
            .select(upper(col("name")).as("name"), col("n").multiply(10).as("n10")));
  }

  @Test
  void eachBatchWritesExactlyItsFilteredAndProjectedRows() {
    try (StreamTest t = filterQuery().checkpoint(dir).start()) {
      t.addData(Row.of("a", 1), Row.of("b", 2), Row.of(null, 3));
      assertThat(t.expectBatch(Row.of("B", 20), Row.of(null, 30))).isEqualTo(0);
      t.addData(Row.of("c", 0));
      t.expectBatch();
      t.addData(Row.of("d", 5));
      assertThat(t.expectBatch(Row.of("D", 50))).isEqualTo(2);
      t.expectNoBatch();
    }
  }

  @Test
  void restartAfterStopResumesWithoutDuplicatesOrGaps() {
    try (StreamTest t = filterQuery().checkpoint(dir).start()) {
      t.addData(Row.of("a", 2));
      t.expectBatch(Row.of("A", 20));
      t.stop();
      t.addData(Row.of("b", 3));
      t.addData(Row.of("c", 4));
      t.restart();
      // Both chunks added while stopped arrive in the first batch after the restart, as batch 1.
      assertThat(t.expectBatch(Row.of("B", 30), Row.of("C", 40))).isEqualTo(1);
      t.expectNoBatch();
      t.restart();
      t.addData(Row.of("d", 5));
      assertThat(t.expectBatch(Row.of("D", 50))).isEqualTo(2);
      assertThat(t.deliveries()).extracting(StreamTest.Delivery::batchId).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void crashBetweenOffsetWriteAndCommitReRunsTheSameBatchWithTheSameOffsetsAndTimestamp() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    AtomicBoolean failNext = new AtomicBoolean(true);
    List<List<Row>> seen = new ArrayList<>();
    DataFrame df = input.toDF().select(col("name"), currentTimestamp().as("ts"));
    input.addData(List.of(Row.of("a", 1), Row.of("b", 2)));
    StreamingQuery q = df.writeStream()
        .option("checkpointLocation", dir.toString())
        .foreachBatch((batch, id) -> {
          seen.add(batch.collectAsList());
          if (failNext.getAndSet(false)) {
            throw new IllegalStateException("sink crashed");
          }
        })
        .start();
    assertThatThrownBy(q::awaitTermination).isInstanceOf(StreamingQueryException.class)
        .hasRootCauseMessage("sink crashed");
    assertThat(dir.resolve("offsets/0")).exists();
    assertThat(dir.resolve("commits/0")).doesNotExist();

    input.addData(List.of(Row.of("c", 3)));
    StreamingQuery again = df.writeStream()
        .option("checkpointLocation", dir.toString())
        .foreachBatch((batch, id) -> seen.add(batch.collectAsList()))
        .start();
    again.processAllAvailable();
    again.stop();
    // The re-run of batch 0 reads the same two rows (not the chunk added later) with the same timestamp.
    assertThat(seen).hasSize(3);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(seen.get(2)).extracting(r -> r.get(0)).containsExactly("c");
    assertThat(again.recentProgress()).extracting(p -> p.batchId()).containsExactly(0L, 1L);
  }

  @Test
  void secondQueryOnTheSameCheckpointIsRefused() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery first = input.toDF().writeStream()
        .option("checkpointLocation", dir.toString()).foreachBatch((b, id) -> { }).start();
    try {
      assertThatThrownBy(() -> input.toDF().writeStream()
              .option("checkpointLocation", dir.toString()).foreachBatch((b, id) -> { }).start())
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("in use by another running query");
    } finally {
      first.stop();
    }
  }

  @Test
  void queryIdIsPersistedInTheCheckpointAndRunIdIsNewEachStart() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery a = input.toDF().writeStream()
        .option("checkpointLocation", dir.toString()).foreachBatch((b, id) -> { }).start();
    a.stop();
    StreamingQuery b = input.toDF().writeStream()
        .option("checkpointLocation", dir.toString()).foreachBatch((b2, id) -> { }).start();
    b.stop();
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(b.runId()).isNotEqualTo(a.runId());
    assertThat(Files.exists(dir.resolve("metadata"))).isTrue();
  }

  @Test
  void unknownFormatIsAClearError() {
    assertThatThrownBy(() -> session.readStream().format("nosuch").load())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Unknown source format 'nosuch'")
        .hasMessageContaining("memory")
        .hasMessageContaining("rate");
    MemoryStream input = MemoryStream.create(session, EVENTS);
    assertThatThrownBy(() -> input.toDF().writeStream().format("nosink").start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Unknown sink format 'nosink'")
        .hasMessageContaining("console");
  }

  @Test
  void unknownOptionIsAClearError() {
    assertThatThrownBy(() -> session.readStream().format("rate").option("rowsPerSecnd", "5").load())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("rowsPerSecnd")
        .hasMessageContaining("rowsPerSecond");
  }

  @Test
  void unknownColumnNamesTheColumnAndListsTheAvailableOnes() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    assertThatThrownBy(() -> input.toDF().select(col("nme")))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("nme")
        .hasMessageContaining("name")
        .hasMessageContaining("n");
  }

  @Test
  void completeModeWithoutAggregationIsRejected() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    assertThatThrownBy(() -> input.toDF().writeStream().format("console").outputMode("complete").start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Complete output mode is not supported");
  }

  @Test
  void failingQuerySurfacesItsCauseThroughAwaitTermination() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    input.addData(List.of(Row.of("a", 1)));
    StreamingQuery q = input.toDF().writeStream()
        .queryName("doomed")
        .foreachBatch((b, id) -> {
          throw new IllegalArgumentException("bad thing in batch " + id);
        })
        .start();
    assertThatThrownBy(q::awaitTermination)
        .isInstanceOf(StreamingQueryException.class)
        .hasMessageContaining("doomed")
        .hasMessageContaining("bad thing in batch 0")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(q.isActive()).isFalse();
    assertThat(q.exception()).isNotNull();
    assertThat(session.streams().active()).isEmpty();
  }

  @Test
  void onceTriggerRunsOneBatchWithEverythingAndStops() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    input.addData(List.of(Row.of("a", 1)));
    input.addData(List.of(Row.of("b", 2)));
    List<Long> batches = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    StreamingQuery q = input.toDF().writeStream()
        .trigger(Trigger.once())
        .option("checkpointLocation", dir.toString())
        .foreachBatch((b, id) -> {
          batches.add(id);
          rows.addAll(b.collectAsList());
        })
        .start();
    assertThat(q.awaitTermination(Duration.ofSeconds(30))).isTrue();
    assertThat(batches).containsExactly(0L);
    assertThat(rows).containsExactlyInAnyOrder(Row.of("a", 1), Row.of("b", 2));
  }

  @Test
  void availableNowProcessesWhatWasThereAtStartInRateLimitedBatchesThenStops() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    for (int i = 0; i < 5; i++) {
      input.addData(List.of(Row.of("r" + i, i)));
    }
    List<Long> batches = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    StreamingQuery q = session.readStream().format("memory").option("id", input.id())
        .option("maxRowsPerTrigger", 2).load().writeStream()
        .trigger(Trigger.availableNow())
        .option("checkpointLocation", dir.toString())
        .foreachBatch((b, id) -> {
          batches.add(id);
          rows.addAll(b.collectAsList());
          if (id == 0) {
            input.addData(List.of(Row.of("late", 99)));  // arrives after the start: not in this run
          }
        })
        .start();
    assertThat(q.awaitTermination(Duration.ofSeconds(30))).isTrue();
    assertThat(batches).containsExactly(0L, 1L, 2L);
    assertThat(rows).hasSize(5).doesNotContain(Row.of("late", 99));
  }

  @Test
  void processingTimeTriggerFiresAtIntervalBoundariesOfTheClock() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:03Z"));
    try (StreamTest t = StreamTest.builder(session)
        .input("events", EVENTS)
        .addData("events", Row.of("a", 1))
        .query(in -> in.get("events").select(col("name"), currentTimestamp().as("ts")))
        .trigger(Trigger.processingTime(Duration.ofSeconds(10)))
        .clock(clock)
        .start()) {
      // The first trigger fires at once, at the start.
      t.awaitBatch(Row.of("a", Instant.parse("2026-01-01T00:00:03Z")));
      t.addData(Row.of("b", 2));
      clock.advance(Duration.ofSeconds(6));
      Thread.sleep(300);
      assertThat(t.deliveries()).hasSize(1);  // the next boundary (00:00:10) has not come
      clock.advance(Duration.ofSeconds(1));
      t.awaitBatch(Row.of("b", Instant.parse("2026-01-01T00:00:10Z")));
      // A batch that overruns its interval is followed at once by the next, at the clock's time.
      t.addData(Row.of("c", 3));
      clock.advance(Duration.ofSeconds(25));
      t.awaitBatch(Row.of("c", Instant.parse("2026-01-01T00:00:35Z")));
      clock.advance(Duration.ofSeconds(10));
      Thread.sleep(300);
      assertThat(t.deliveries()).hasSize(3);  // no new data: no batch
    }
  }

  @Test
  void jsonPayloadsParseInAllThreeModes() {
    StructType raw = DataTypes.struct(field("value", DataTypes.STRING));
    StructType order = DataTypes.struct(field("id", DataTypes.LONG), field("country", DataTypes.STRING),
        field("_corrupt_record", DataTypes.STRING));
    try (StreamTest t = StreamTest.builder(session)
        .input("raw", raw)
        .query(in -> in.get("raw").select(fromJson(col("value"), order).as("o")).select("o.*"))
        .start()) {
      t.addData(Row.of("{\"id\": 1, \"country\": \"NL\"}"), Row.of("{\"id\": 2}"), Row.of("{oops"));
      t.expectBatch(Row.of(1L, "NL", null), Row.of(2L, null, null), Row.of(null, null, "{oops"));
    }
    StructType plain = DataTypes.struct(field("id", DataTypes.LONG));
    try (StreamTest t = StreamTest.builder(session)
        .input("raw", raw)
        .query(in -> in.get("raw")
            .select(fromJson(col("value"), plain, Map.of("mode", "DROPMALFORMED")).as("o")).select("o.*"))
        .start()) {
      t.addData(Row.of("{\"id\": 1}"), Row.of("not json"), Row.of("{\"id\": 3}"));
      t.expectBatch(Row.of(1L), Row.of(3L));
    }
    try (StreamTest t = StreamTest.builder(session)
        .input("raw", raw)
        .query(in -> in.get("raw")
            .select(fromJson(col("value"), plain, Map.of("mode", "FAILFAST")).as("o")).select("o.*"))
        .start()) {
      t.addData(Row.of("{\"id\": 1}"), Row.of("not json"));
      assertThat(t.expectFailure()).hasMessageContaining("not json").hasMessageContaining("FAILFAST");
    }
  }

  @Test
  void unionOfTwoStreamsWritesRowsOfBoth() {
    try (StreamTest t = StreamTest.builder(session)
        .input("a", EVENTS)
        .input("b", EVENTS)
        .query(in -> in.get("a").union(in.get("b").withColumn("n", col("n").plus(lit(100)))))
        .start()) {
      t.addData("a", Row.of("x", 1));
      t.addData("b", Row.of("y", 2));
      t.processAllAvailable();
      List<Row> all = new ArrayList<>();
      t.deliveries().forEach(d -> all.addAll(d.rows()));
      assertThat(all).containsExactlyInAnyOrder(Row.of("x", 1), Row.of("y", 102));
    }
  }

  @Test
  void checkpointKeepsOnlyTheLastMinBatchesToRetainEntries() {
    try (StreamSession small = StreamSession.builder()
        .config(io.sluice.checkpoint.CheckpointOptions.MIN_BATCHES_TO_RETAIN, 2).getOrCreate();
        StreamTest t = StreamTest.builder(small).input("events", EVENTS)
            .query(in -> in.get("events")).checkpoint(dir).start()) {
      for (int i = 0; i < 5; i++) {
        t.addData(Row.of("r" + i, i));
        t.expectBatch(Row.of("r" + i, i));
      }
      assertThat(dir.resolve("offsets").toFile().list()).containsExactlyInAnyOrder("3", "4");
      assertThat(dir.resolve("commits").toFile().list()).containsExactlyInAnyOrder("3", "4");
      t.restart();
      t.addData(Row.of("r5", 5));
      assertThat(t.expectBatch(Row.of("r5", 5))).isEqualTo(5);
    }
  }

  @Test
  void explainShowsTheLogicalPlanAndTheFusedStage() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    String plan = input.toDF().filter(col("n").gt(1)).select(col("name")).explainString();
    assertThat(plan).contains("== Logical Plan ==", "Project [name]", "Filter (n > 1)", "StreamingRelation memory",
        "== Physical Plan ==", "Stage (fused, one task per input partition): Scan memory (source 0)");
    assertThat(plan).containsPattern("Scan memory \\(source 0\\) \\[name, n\\] -> Filter \\(n > 1\\) -> Project \\[name\\]");
  }

  @Test
  void memorySinkTableHoldsEveryCommittedBatch() {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery q = input.toDF().writeStream().format("memory").queryName("mem_table").start();
    try {
      input.addData(List.of(Row.of("a", 1)));
      q.processAllAvailable();
      input.addData(List.of(Row.of("b", 2)));
      q.processAllAvailable();
      assertThat(io.sluice.engine.connectors.MemorySink.batches("mem_table"))
          .containsExactly(List.of(Row.of("a", 1)), List.of(Row.of("b", 2)));
    } finally {
      q.stop();
    }
  }
}
