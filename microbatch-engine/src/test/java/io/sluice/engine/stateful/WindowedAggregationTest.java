package io.sluice.engine.stateful;

import static io.sluice.api.Functions.avg;
import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.max;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.Functions.window;
import static io.sluice.api.Functions.windowTime;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class WindowedAggregationTest {
  static final StructType EVENTS = DataTypes.struct(
      field("page", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP), field("amount", DataTypes.INT));
  static final StructType WINDOW = DataTypes.struct(
      field("start", DataTypes.TIMESTAMP), field("end", DataTypes.TIMESTAMP));

  StreamSession session;
  @TempDir Path dir;

  StreamSession session(String provider) {
    session = StreamSession.builder()
        .config(EngineOptions.SHUFFLE_PARTITIONS, 2)
        .config("sluice.state.provider", provider)
        .getOrCreate();
    return session;
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }

  static Instant t(int seconds) {
    return Instant.ofEpochSecond(seconds);
  }

  static Row e(String page, int sec, int amount) {
    return Row.of(page, t(sec), amount);
  }

  static Row w(int start, int end) {
    return Row.of(t(start), t(end));
  }

  static long total(StreamTest t, java.util.function.ToLongFunction<io.sluice.api.StateOperatorProgress> f) {
    return t.query().recentProgress().stream().mapToLong(p -> f.applyAsLong(p.stateOperators().get(0))).sum();
  }

  private StreamTest.Builder tumbling(String provider, OutputMode mode) {
    return StreamTest.builder(session(provider)).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "5 seconds")
            .groupBy(window(col("ts"), "10 seconds"), col("page"))
            .agg(count().as("n"), sum(col("amount")).as("total")))
        .outputMode(mode).checkpoint(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "memory"})
  void appendEmitsEachWindowOnceWhenTheWatermarkPassesItsEnd(String provider) {
    try (StreamTest t = tumbling(provider, OutputMode.APPEND).start()) {
      t.addData(e("a", 1, 10), e("a", 4, 5), e("b", 8, 1));
      t.expectBatch();                                  // nothing final yet; watermark becomes 3
      t.addData(e("a", 12, 7), e("b", 16, 2));
      t.expectBatch(Row.of(w(0, 10), "a", 2L, 15L), Row.of(w(0, 10), "b", 1L, 1L)); // wm 11 > 10
      assertThat(t.query().lastProgress().stateOperators().get(0).numRowsTotal()).isEqualTo(2);
      t.addData(e("a", 2, 100));                        // late: window end 10 ≤ watermark 11
      t.expectBatch();
      assertThat(total(t, s -> s.numRowsDroppedByWatermark())).isEqualTo(1);
      t.addData(e("c", 30, 3));                         // wm 25: windows [10,20) close
      t.expectBatch(Row.of(w(10, 20), "a", 1L, 7L), Row.of(w(10, 20), "b", 1L, 2L));
      assertThat(t.query().lastProgress().stateOperators().get(0).numRowsTotal()).isEqualTo(1);
    }
  }

  @Test
  void updateEmitsChangedKeysEveryBatchAndDropsExpiredStateSilently() {
    try (StreamTest t = tumbling("rocksdb", OutputMode.UPDATE).start()) {
      t.addData(e("a", 1, 10), e("b", 8, 1));
      t.expectBatch(Row.of(w(0, 10), "a", 1L, 10L), Row.of(w(0, 10), "b", 1L, 1L));
      t.addData(e("a", 4, 5));
      t.expectBatch(Row.of(w(0, 10), "a", 2L, 15L));
      t.addData(e("a", 21, 1));                         // wm becomes 16: [0,10) expires, not emitted
      t.expectBatch(Row.of(w(20, 30), "a", 1L, 1L));
      assertThat(t.query().lastProgress().stateOperators().get(0).numRowsTotal()).isEqualTo(1);
      assertThat(total(t, s -> s.numRowsRemoved())).isEqualTo(2);
    }
  }

  @Test
  void completeEmitsTheWholeResultEveryBatchAndKeepsAllState() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS)
        .query(in -> in.get("e").groupBy("page").agg(count().as("n"), max(col("amount")).as("top"),
            avg(col("amount")).as("mean")))
        .outputMode(OutputMode.COMPLETE).checkpoint(dir).start()) {
      t.addData(e("a", 1, 10), e("b", 2, 4), e("a", 3, 20));
      t.expectBatch(Row.of("a", 2L, 20, 15.0), Row.of("b", 1L, 4, 4.0));
      t.addData(e("b", 4, 6));
      t.expectBatch(Row.of("a", 2L, 20, 15.0), Row.of("b", 2L, 6, 5.0));
      t.restart();
      t.addData(e("c", 5, 1));
      t.expectBatch(Row.of("a", 2L, 20, 15.0), Row.of("b", 2L, 6, 5.0), Row.of("c", 1L, 1, 1.0));
    }
  }

  @Test
  void slidingWindowsCountARowInEveryWindowContainingIt() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "0 seconds")
            .groupBy(window(col("ts"), "10 seconds", "5 seconds")).agg(count().as("n")))
        .outputMode(OutputMode.APPEND).checkpoint(dir).start()) {
      t.addData(e("a", 7, 1), e("a", 12, 1));
      t.expectBatch(Row.of(w(0, 10), 1L));              // wm 12: [0,10) closes
      t.addData(e("a", 40, 1));
      t.expectBatch(Row.of(w(5, 15), 2L), Row.of(w(10, 20), 1L));
    }
  }

  @Test
  void noDataBatchEmitsWhenOnlyTheWatermarkMoves() {
    try (StreamTest t = tumbling("memory", OutputMode.APPEND).start()) {
      t.addData(e("a", 1, 1), e("a", 16, 1));          // wm 11 after this batch
      t.processAllAvailable();
      // Batch 0 emitted nothing; batch 1 ran with no data only because the watermark moved.
      assertThat(t.deliveries()).hasSize(2);
      assertThat(t.deliveries().get(0).rows()).isEmpty();
      assertThat(t.deliveries().get(1).rows()).containsExactly(Row.of(w(0, 10), "a", 1L, 1L));
      assertThat(t.query().lastProgress().numInputRows()).isZero();
    }
  }

  @Test
  void chainedWindowAggregationsUsePerOperatorWatermarks() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "0 seconds")
            .groupBy(window(col("ts"), "10 seconds"), col("page")).agg(count().as("n"))
            .select(windowTime(col("window")).as("wt"), col("page"), col("n"))
            .groupBy(window(col("wt"), "20 seconds")).agg(sum(col("n")).as("events"), count().as("pages")))
        .outputMode(OutputMode.APPEND).checkpoint(dir).start()) {
      t.addData(e("a", 1, 1), e("b", 2, 1), e("a", 11, 1));
      t.addData(e("a", 25, 1));
      t.processAllAvailable();
      t.addData(e("a", 45, 1));
      t.processAllAvailable();
      List<Row> all = new ArrayList<>();
      t.deliveries().forEach(d -> all.addAll(d.rows()));
      // [0,20) holds the inner windows [0,10) (a:1, b:1) and [10,20) (a:1): 3 events over 3 groups.
      // At watermark 45 the inner window [20,30) closes and, in the same batch, the outer [20,40).
      assertThat(all).containsExactly(Row.of(w(0, 20), 3L, 3L), Row.of(w(20, 40), 1L, 1L));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "memory"})
  void restartMidStreamGivesTheSameBatchesAsAnUninterruptedRun(String provider) {
    List<List<Row>> uninterrupted = runScript(false, dir.resolve("a"), provider);
    List<List<Row>> restarted = runScript(true, dir.resolve("b"), provider);
    assertThat(restarted).isEqualTo(uninterrupted);
    assertThat(uninterrupted.stream().mapToInt(List::size).sum()).isEqualTo(4);
  }

  private List<List<Row>> runScript(boolean restart, Path checkpoint, String provider) {
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 3)
            .config("sluice.state.provider", provider).getOrCreate();
        StreamTest t = StreamTest.builder(s).input("e", EVENTS)
            .query(in -> in.get("e").withWatermark("ts", "5 seconds")
                .groupBy(window(col("ts"), "10 seconds"), col("page")).agg(count().as("n")))
            .checkpoint(checkpoint).start()) {
      List<List<Row>> batches = new ArrayList<>();
      Row[][] script = {
          {e("a", 1, 1), e("b", 2, 1)}, {e("a", 12, 1)}, {e("c", 19, 1), e("a", 3, 1)}, {e("d", 40, 1)}};
      for (Row[] rows : script) {
        t.addData(rows);
        t.processAllAvailable();
        if (restart) {
          t.restart();
        }
      }
      t.deliveries().forEach(d -> batches.add(sorted(d.rows())));
      return batches;
    }
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(java.util.Comparator.comparing(Row::toString));
    return copy;
  }

  @Test
  void appendWithoutWatermarkIsRejected() {
    assertThatThrownBy(() -> StreamTest.builder(session("memory")).input("e", EVENTS)
            .query(in -> in.get("e").groupBy("page").agg(count())).outputMode(OutputMode.APPEND).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Append output mode is not supported for a streaming aggregation without a watermark");
  }

  @Test
  void chainedAggregationsOutsideAppendAreRejected() {
    assertThatThrownBy(() -> StreamTest.builder(session("memory")).input("e", EVENTS)
            .query(in -> in.get("e").groupBy("page").agg(count().as("n")).groupBy("n").agg(count()))
            .outputMode(OutputMode.UPDATE).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Multiple stateful operators")
        .hasMessageContaining("append");
  }

  @Test
  void progressReportsTheStateOperator() {
    try (StreamTest t = tumbling("rocksdb", OutputMode.UPDATE).start()) {
      t.addData(e("a", 1, 10), e("b", 8, 1), e("a", 2, 1));
      t.expectBatch(Row.of(w(0, 10), "a", 2L, 11L), Row.of(w(0, 10), "b", 1L, 1L));
      StreamingQueryProgress p = t.query().recentProgress().get(0);
      var op = p.stateOperators().get(0);
      assertThat(op.operatorName()).isEqualTo("stateStoreSave");
      assertThat(op.numRowsTotal()).isEqualTo(2);
      assertThat(op.numRowsUpdated()).isEqualTo(2);
      assertThat(op.numShufflePartitions()).isEqualTo(2);
      assertThat(op.numStateStoreInstances()).isEqualTo(2);
      assertThat(op.memoryUsedBytes()).isPositive();
    }
  }

  @Test
  void completeModeRunsNoBatchWhenOnlyTheWatermarkMoves() {
    try (StreamTest t = tumbling("memory", OutputMode.COMPLETE).start()) {
      t.addData(e("a", 1, 1), e("a", 16, 1));
      t.expectBatch(Row.of(w(0, 10), "a", 1L, 1L), Row.of(w(10, 20), "a", 1L, 1L));
      t.expectNoBatch();
      assertThat(t.deliveries()).hasSize(1);
    }
  }
}
