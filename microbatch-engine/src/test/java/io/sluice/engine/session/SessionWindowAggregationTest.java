package io.sluice.engine.session;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.collectList;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sessionWindow;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StateOperatorProgress;
import io.sluice.api.StreamSession;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class SessionWindowAggregationTest {
  static final StructType EVENTS = DataTypes.struct(
      field("user", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP), field("amount", DataTypes.INT));
  static final StructType EVENTS_WITH_GAP = DataTypes.struct(
      field("user", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP), field("gap", DataTypes.LONG));
  static final StructType EVENTS_WITH_GAP_TEXT = DataTypes.struct(
      field("user", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP), field("gap", DataTypes.STRING));

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

  static Row e(String user, int sec, int amount) {
    return Row.of(user, t(sec), amount);
  }

  static Row s(int start, int end) {
    return Row.of(t(start), t(end));
  }

  static StateOperatorProgress lastState(StreamTest t) {
    return t.query().lastProgress().stateOperators().get(0);
  }

  static long total(StreamTest t, ToLongFunction<StateOperatorProgress> f) {
    return t.query().recentProgress().stream().mapToLong(p -> f.applyAsLong(p.stateOperators().get(0))).sum();
  }

  /** Sessions of 10 s per user, watermark 5 s behind. */
  private StreamTest.Builder sessions(String provider, OutputMode mode) {
    return StreamTest.builder(session(provider)).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "5 seconds")
            .groupBy(sessionWindow(col("ts"), "10 seconds"), col("user"))
            .agg(count().as("n"), sum(col("amount")).as("total")))
        .outputMode(mode).checkpoint(dir);
  }

  @Test
  void eachKeyHasItsOwnSessionsAndRowsWithinTheGapExtendThem() {
    try (StreamTest t = sessions("memory", OutputMode.COMPLETE).start()) {
      t.addData(e("a", 1, 1), e("a", 5, 2), e("b", 3, 4), e("a", 30, 8), e(null, 2, 32));
      t.expectBatch(Row.of(s(1, 15), "a", 2L, 3L), Row.of(s(3, 13), "b", 1L, 4L), Row.of(s(30, 40), "a", 1L, 8L),
          Row.of(s(2, 12), null, 1L, 32L));
      t.addData(e("a", 12, 16), e(null, 4, 64));       // 12 < 15: extends a's first session to 22
      t.expectBatch(Row.of(s(1, 22), "a", 3L, 19L), Row.of(s(3, 13), "b", 1L, 4L), Row.of(s(30, 40), "a", 1L, 8L),
          Row.of(s(2, 14), null, 2L, 96L));
    }
  }

  @Test
  void sessionsThatOnlyTouchMerge() {
    try (StreamTest t = sessions("memory", OutputMode.COMPLETE).start()) {
      t.addData(e("a", 0, 1), e("a", 10, 2));         // [0,10) and [10,20): start 10 <= end 10
      t.expectBatch(Row.of(s(0, 20), "a", 2L, 3L));
      t.addData(e("a", 20, 4), e("a", 31, 8));        // 20 touches [0,20); 31 is a new session
      t.expectBatch(Row.of(s(0, 30), "a", 3L, 7L), Row.of(s(31, 41), "a", 1L, 8L));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aBridgingRowInALaterBatchMergesTwoStoredSessions(String provider) {
    try (StreamTest t = sessions(provider, OutputMode.COMPLETE).start()) {
      t.addData(e("a", 1, 1), e("a", 20, 2), e("b", 2, 4));
      t.expectBatch(Row.of(s(1, 11), "a", 1L, 1L), Row.of(s(20, 30), "a", 1L, 2L), Row.of(s(2, 12), "b", 1L, 4L));
      assertThat(lastState(t).numRowsTotal()).isEqualTo(3);
      t.addData(e("a", 10, 8));                        // [10,20) touches both of a's sessions
      t.expectBatch(Row.of(s(1, 30), "a", 3L, 11L), Row.of(s(2, 12), "b", 1L, 4L));
      assertThat(lastState(t).numRowsTotal()).isEqualTo(2);
      assertThat(lastState(t).numRowsUpdated()).isEqualTo(1);
      assertThat(lastState(t).numRowsRemoved()).isEqualTo(1);
    }
  }

  @Test
  void rowsOfOneSessionSpreadOverSeveralInputChunksMergeAfterTheShuffle() {
    try (StreamTest t = sessions("memory", OutputMode.COMPLETE).start()) {
      t.addData(e("a", 1, 1), e("a", 16, 2));
      t.addData(e("a", 8, 4));                         // processed in the same batch as the chunk above
      t.expectBatch(Row.of(s(1, 26), "a", 3L, 7L));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void appendEmitsASessionOnceTheWatermarkPassesItsEndAndThenDropsItsState(String provider) {
    try (StreamTest t = sessions(provider, OutputMode.APPEND).start()) {
      t.addData(e("a", 1, 1), e("a", 5, 2), e("b", 3, 4));
      t.expectBatch();                                 // a [1,15), b [3,13); watermark 0
      assertThat(lastState(t).numRowsTotal()).isEqualTo(2);
      assertThat(lastState(t).operatorName()).isEqualTo("sessionWindowStateStoreSaveExec");
      t.addData(e("a", 12, 8), e("b", 20, 16));        // a [1,22), b [20,30); watermark 15 closes b [3,13)
      t.expectBatch(Row.of(s(3, 13), "b", 1L, 4L));
      assertThat(lastState(t).numRowsTotal()).isEqualTo(2);
      t.addData(e("a", 40, 32));                       // watermark 35 closes a [1,22) and b [20,30)
      t.expectBatch(Row.of(s(1, 22), "a", 3L, 11L), Row.of(s(20, 30), "b", 1L, 16L));
      assertThat(lastState(t).numRowsTotal()).isEqualTo(1);
      assertThat(total(t, StateOperatorProgress::numRowsRemoved)).isEqualTo(3);
    }
  }

  @Test
  void lateRowsAreDroppedAndCountedWhileRowsWhoseSessionOutlivesTheWatermarkAreKept() {
    try (StreamTest t = sessions("memory", OutputMode.APPEND).start()) {
      t.addData(e("a", 20, 1));                        // watermark 15
      t.expectBatch();
      // a@3: session end 13 <= 15, late. b@8: end 18 > 15, kept. a@14: [14,24) merges with [20,30).
      t.addData(e("a", 3, 2), e("b", 8, 4), e("a", 14, 8));
      t.expectBatch();
      assertThat(total(t, StateOperatorProgress::numRowsDroppedByWatermark)).isEqualTo(1);
      t.addData(e("c", 50, 16));                       // watermark 45
      t.expectBatch(Row.of(s(14, 30), "a", 2L, 9L), Row.of(s(8, 18), "b", 1L, 4L));
      assertThat(total(t, StateOperatorProgress::numRowsDroppedByWatermark)).isEqualTo(1);
    }
  }

  @Test
  void aGapColumnGivesEachRowItsOwnGapAndRowsWithoutAPositiveGapAreDropped() {
    long sec = 1_000_000L;
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS_WITH_GAP)
        .query(in -> in.get("e").groupBy(col("user"), sessionWindow(col("ts"), col("gap"))).agg(count().as("n")))
        .outputMode(OutputMode.COMPLETE).checkpoint(dir).start()) {
      t.addData(Row.of("a", t(1), 5 * sec), Row.of("a", t(4), 10 * sec), Row.of("a", t(20), 0L),
          Row.of("a", t(21), -sec), Row.of("b", t(2), null), Row.of("b", t(3), 2 * sec), Row.of("c", null, sec));
      t.expectBatch(Row.of("a", s(1, 14), 2L), Row.of("b", s(3, 5), 1L));
      t.addData(Row.of("b", t(5), 30 * sec));         // 5 touches [3,5): the session takes the longer end
      t.expectBatch(Row.of("a", s(1, 14), 2L), Row.of("b", s(3, 35), 2L));
    }
  }

  @Test
  void aStringGapColumnIsParsedPerRowAndUnparsableGapsAreDropped() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS_WITH_GAP_TEXT)
        .query(in -> in.get("e").groupBy(sessionWindow(col("ts"), col("gap")).as("visit"), col("user"))
            .agg(count().as("n")))
        .outputMode(OutputMode.COMPLETE).checkpoint(dir).start()) {
      t.addData(Row.of("a", t(1), "5 seconds"), Row.of("a", t(3), "1 minute"), Row.of("b", t(1), "soon"),
          Row.of("b", t(2), "0 seconds"), Row.of("b", t(4), "2 seconds"));
      t.expectBatch(Row.of(s(1, 63), "a", 2L), Row.of(s(4, 6), "b", 1L));
    }
  }

  @Test
  void theSessionColumnIsAStructNamedSessionWindowOrItsAlias() {
    MemoryStream in = MemoryStream.create(session("memory"), EVENTS);
    DataFrame plain = in.toDF().groupBy(col("user"), sessionWindow(col("ts"), "1 minute")).agg(count().as("n"));
    assertThat(plain.schema().fieldNames()).containsExactly("user", "session_window", "n");
    assertThat(plain.schema().field(1).type()).isEqualTo(DataTypes.struct(
        field("start", DataTypes.TIMESTAMP), field("end", DataTypes.TIMESTAMP)));
    DataFrame aliased = in.toDF().groupBy(sessionWindow(col("ts"), "1 minute").as("visit")).agg(count().as("n"));
    assertThat(aliased.schema().fieldNames()).containsExactly("visit", "n");
  }

  @Test
  void aggregatesSeeASessionsRowsInEventTimeOrder() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS)
        .query(in -> in.get("e").groupBy(sessionWindow(col("ts"), "10 seconds"))
            .agg(collectList(col("amount")).as("amounts")))
        .outputMode(OutputMode.COMPLETE).checkpoint(dir).start()) {
      t.addData(e("a", 5, 1), e("a", 1, 2), e("a", 3, 3));
      t.expectBatch(Row.of(s(1, 15), List.of(2, 3, 1)));
      t.addData(e("a", 0, 4));                         // a new first piece merges in before the stored session
      t.expectBatch(Row.of(s(0, 15), List.of(4, 2, 3, 1)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void restartMidStreamGivesTheSameBatchesAsAnUninterruptedRun(String provider) {
    List<List<Row>> uninterrupted = runScript(provider, false, dir.resolve("a"));
    List<List<Row>> restarted = runScript(provider, true, dir.resolve("b"));
    assertThat(restarted).isEqualTo(uninterrupted);
    assertThat(uninterrupted.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrder(
        Row.of(s(1, 22), "a", 4L, 4L), Row.of(s(2, 12), "b", 1L, 1L), Row.of(s(14, 24), "c", 1L, 1L),
        Row.of(s(25, 35), "a", 1L, 1L), Row.of(s(30, 40), "b", 1L, 1L));
  }

  private List<List<Row>> runScript(String provider, boolean restart, Path checkpoint) {
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 3)
            .config("sluice.state.provider", provider).getOrCreate();
        StreamTest t = StreamTest.builder(s).input("e", EVENTS)
            .query(in -> in.get("e").withWatermark("ts", "30 seconds")
                .groupBy(sessionWindow(col("ts"), "10 seconds"), col("user"))
                .agg(count().as("n"), sum(col("amount")).as("total")))
            .checkpoint(checkpoint).start()) {
      Row[][] script = {
          {e("a", 1, 1), e("b", 2, 1), e("a", 25, 1)},
          {e("a", 12, 1), e("c", 14, 1)},                 // a: [1,11), [12,22) and [25,35) stay apart
          {e("a", 11, 1), e("b", 30, 1)},                 // a@11 bridges [1,11) and [12,22)
          {e("d", 60, 1), e("a", 2, 1)},                  // a@2 joins [1,22); watermark 30 closes it, b's and c's
          {e("e", 90, 1), e("a", 3, 1)}};                 // a@3 is late (end 13 <= 30); watermark 60
      for (Row[] rows : script) {
        t.addData(rows);
        t.processAllAvailable();
        if (restart) {
          t.restart();
        }
      }
      List<List<Row>> batches = new ArrayList<>();
      t.deliveries().forEach(d -> batches.add(sorted(d.rows())));
      return batches;
    }
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Row::toString));
    return copy;
  }

  @Test
  void updateOutputModeIsRejectedAsInSpark() {
    assertThatThrownBy(() -> sessions("memory", OutputMode.UPDATE).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Update output mode is not supported for session windows")
        .hasMessageContaining("append")
        .hasMessageContaining("complete");
  }

  @Test
  void appendWithoutAWatermarkOnTheTimeColumnIsRejected() {
    assertThatThrownBy(() -> StreamTest.builder(session("memory")).input("e", EVENTS)
            .query(in -> in.get("e").groupBy(sessionWindow(col("ts"), "10 seconds")).agg(count()))
            .outputMode(OutputMode.APPEND).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Append output mode is not supported for a streaming aggregation without a watermark")
        .hasMessageContaining("withWatermark(\"ts\"");
  }

  @Test
  void badSessionWindowsAreRejectedWhenTheQueryIsBuilt() {
    MemoryStream in = MemoryStream.create(session("memory"), EVENTS);
    assertThatThrownBy(() -> in.toDF().groupBy(sessionWindow(col("user"), "1 minute")).agg(count()))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("needs a timestamp column");
    assertThatThrownBy(() -> in.toDF().groupBy(sessionWindow(col("ts"), "0 seconds")).agg(count()))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> in.toDF().groupBy(sessionWindow(col("ts"), col("amount").cast(DataTypes.DOUBLE)))
            .agg(count()))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("must be a bigint");
    assertThatThrownBy(() -> in.toDF().groupBy(sessionWindow(col("ts"), "1 minute"),
            io.sluice.api.Functions.window(col("ts"), "1 minute")).agg(count()))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("cannot be combined");
  }
}
