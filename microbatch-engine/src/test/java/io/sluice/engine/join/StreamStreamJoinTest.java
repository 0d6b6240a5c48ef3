package io.sluice.engine.join;

import static io.sluice.api.Functions.col;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Column;
import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StateOperatorProgress;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.testing.ManualClock;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stream-stream joins. Each test drives the query with a manual clock and a one-second
 * processing-time trigger, so that rows added to both inputs before a tick land in the same batch:
 * {@link #batch} ticks once and asserts the one batch that tick runs (a data batch, or the no-data
 * batch that runs when the watermark moved).
 *
 * <p>Both inputs are watermarked with a 10 second delay; the global watermark is the smaller one.
 * The range condition {@code rts >= lts AND CAST(rts AS DOUBLE) <= CAST(lts AS DOUBLE) + 30} keeps
 * a left row until the watermark reaches {@code lts + 30 s} and a right row until it reaches
 * {@code rts}.
 */
@Timeout(60)
class StreamStreamJoinTest {
  static final StructType LEFT = DataTypes.struct(field("lid", DataTypes.INT), field("lts", DataTypes.TIMESTAMP),
      field("lv", DataTypes.STRING));
  static final StructType RIGHT = DataTypes.struct(field("rid", DataTypes.INT), field("rts", DataTypes.TIMESTAMP),
      field("rv", DataTypes.STRING));
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path dir;
  StreamSession session;
  ManualClock clock;
  StreamTest t;

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static Row l(int id, long s, String v) {
    return Row.of(id, at(s), v);
  }

  static Row r(int id, long s, String v) {
    return Row.of(id, at(s), v);
  }

  /** A joined row: left values, then right values (nulls for a missing side). */
  static Row joined(Row left, Row right) {
    Object[] v = new Object[6];
    for (int i = 0; i < 3; i++) {
      v[i] = left == null ? null : left.get(i);
      v[3 + i] = right == null ? null : right.get(i);
    }
    return Row.of(v);
  }

  static Column rangeCondition() {
    return col("lid").equalTo(col("rid"))
        .and(col("rts").geq(col("lts")))
        .and(col("rts").cast("double").leq(col("lts").cast("double").plus(30)));
  }

  static DataFrame watermarked(Map<String, DataFrame> in, String name, String column) {
    return in.get(name).withWatermark(column, "10 seconds");
  }

  private StreamTest start(String joinType, Map<String, String> conf, boolean withCheckpoint) {
    StreamSession.Builder b = StreamSession.builder().appName("join-test");
    conf.forEach(b::config);
    session = b.getOrCreate();
    clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    StreamTest.Builder tb = StreamTest.builder(session)
        .input("left", LEFT)
        .input("right", RIGHT)
        .query(in -> watermarked(in, "left", "lts").join(watermarked(in, "right", "rts"), rangeCondition(), joinType))
        .trigger(Trigger.processingTime(Duration.ofSeconds(1)))
        .clock(clock);
    if (withCheckpoint) {
      tb.checkpoint(dir);
    }
    t = tb.start();
    return t;
  }

  private StreamTest start(String joinType) {
    return start(joinType, Map.of(), false);
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
      t = null;
    }
    if (session != null) {
      session.close();
      session = null;
    }
  }

  private void add(Row[] left, Row[] right) {
    if (left.length > 0) {
      t.addData("left", left);
    }
    if (right.length > 0) {
      t.addData("right", right);
    }
  }

  /** Ticks the clock once and asserts the batch that runs. */
  private long batch(Row... expected) {
    clock.advance(Duration.ofSeconds(1));
    return t.awaitBatch(expected);
  }

  /** The join's metrics of a batch (progress is recorded just after the sink gets the batch). */
  private StateOperatorProgress joinProgress(long batchId) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      for (StreamingQueryProgress p : t.query().recentProgress()) {
        if (p.batchId() == batchId) {
          assertThat(p.stateOperators()).hasSize(1);
          return p.stateOperators().get(0);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no progress for batch " + batchId);
  }

  static Row[] rows(Row... rows) {
    return rows;
  }

  @Test
  void innerJoinMatchesAcrossBatchesInBothDirectionsAndEvictsByTheRangeCondition() throws Exception {
    start("inner");
    Row a = l(1, 10, "a");
    Row x = r(1, 20, "x");
    add(rows(a), rows(x));
    batch(joined(a, x));
    batch(); // no-data batch: the watermark moved to T0 + 0 s; nothing to evict
    Row y = r(1, 25, "y");
    add(rows(), rows(y));
    batch(joined(a, y)); // a new right row meets a buffered left row
    Row b = l(1, 22, "b");
    add(rows(b), rows());
    batch(joined(b, y)); // a new left row meets a buffered right row (x is before b: no match)
    batch(); // watermark 12 s: nothing to evict yet
    assertThat(joinProgress(4).numRowsTotal()).isEqualTo(4);

    Row c = l(2, 60, "c");
    Row z = r(2, 61, "z");
    add(rows(c), rows(z));
    batch(joined(c, z));
    long evicting = batch(); // watermark 50 s: a (10 + 30), x (20) and y (25) go; b (22 + 30) stays
    StateOperatorProgress p = joinProgress(evicting);
    assertThat(p.numRowsRemoved()).isEqualTo(3);
    assertThat(p.numRowsTotal()).isEqualTo(3);
    assertThat(p.operatorName()).isEqualTo("symmetricHashJoin");

    // At or below the last watermark (50 s): late, dropped and counted, whichever side.
    Row z2 = r(2, 62, "z2");
    add(rows(l(1, 45, "late")), rows(r(1, 50, "late"), z2));
    long withLate = batch(joined(c, z2));
    assertThat(joinProgress(withLate).numRowsDroppedByWatermark()).isEqualTo(2);
  }

  @Test
  void leftOuterEmitsUnmatchedLeftRowsWithNullsOnlyOnceTheWatermarkPassesThem() {
    start("left_outer");
    Row a = l(1, 10, "a");
    Row b = l(2, 12, "b");
    Row x = r(1, 20, "x");
    add(rows(a, b), rows(x));
    batch(joined(a, x));
    batch(); // watermark 2 s
    Row y = r(3, 100, "y");
    add(rows(), rows(y));
    batch(); // y waits for a left row; the left watermark holds the global one at 2 s
    Row c = l(3, 95, "c");
    add(rows(c), rows());
    batch(joined(c, y));
    // Watermark 85 s: b (12 + 30) can no longer match and is emitted with nulls; a matched, so it
    // is dropped silently; c (95 + 30) waits.
    batch(joined(b, null));
    Row d = l(4, 200, "d");
    add(rows(d), rows(r(4, 200, "w")));
    batch(joined(d, Row.of(4, at(200), "w")));
    batch(); // watermark 190 s: c matched, nothing to emit
  }

  @Test
  void rightOuterEmitsUnmatchedRightRowsWithNullsOnceTheWatermarkPassesThem() {
    start("right_outer");
    Row a = l(1, 10, "a");
    Row x = r(1, 20, "x");
    Row w = r(2, 15, "w");
    add(rows(a), rows(x, w));
    batch(joined(a, x));
    batch(); // watermark 0 s
    Row c = l(3, 40, "c");
    Row z = r(3, 41, "z");
    add(rows(c), rows(z));
    batch(joined(c, z));
    batch(joined(null, w)); // watermark 30 s: w (15) can no longer match; x matched
  }

  @Test
  void fullOuterEmitsBothSidesUnmatchedRows() {
    start("full_outer");
    Row a = l(1, 10, "a");
    Row x = r(2, 20, "x");
    add(rows(a), rows(x));
    batch();
    batch(); // watermark 0 s
    Row c = l(3, 60, "c");
    Row z = r(3, 61, "z");
    add(rows(c), rows(z));
    batch(joined(c, z));
    batch(joined(a, null), joined(null, x)); // watermark 50 s
  }

  @Test
  void equalEventTimeKeysBoundTheStateWithoutARangeCondition() {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    t = StreamTest.builder(session).input("left", LEFT).input("right", RIGHT)
        .query(in -> watermarked(in, "left", "lts").join(watermarked(in, "right", "rts"),
            col("lid").equalTo(col("rid")).and(col("lts").equalTo(col("rts"))), "left_outer"))
        .trigger(Trigger.processingTime(Duration.ofSeconds(1))).clock(clock).start();
    Row a = l(1, 10, "a");
    Row b = l(2, 10, "b");
    Row x = r(1, 10, "x");
    add(rows(a, b), rows(x));
    batch(joined(a, x));
    batch(); // watermark 0 s
    Row c = l(3, 50, "c");
    Row z = r(3, 50, "z");
    add(rows(c), rows(z));
    batch(joined(c, z));
    batch(joined(b, null)); // watermark 40 s: no right row at 10 s can arrive any more
  }

  @Test
  void joinOutputKeepsBothSidesEventTimeColumns() {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    DataFrame left = StreamTestInputs.stream(session, LEFT).withWatermark("lts", "10 seconds");
    DataFrame right = StreamTestInputs.stream(session, RIGHT).withWatermark("rts", "10 seconds");
    DataFrame j = left.join(right, rangeCondition());
    assertThat(j.dropDuplicates("lid", "lts").explainString()).contains("(watermark on lts)");
    assertThat(j.dropDuplicates("rid", "rts").explainString()).contains("(watermark on rts)");
  }

  /** The left outer scenario, optionally with a restart in the middle; returns each batch's rows. */
  private List<List<Row>> leftOuterRun(Map<String, String> conf, boolean restart) throws InterruptedException {
    start("left_outer", conf, true);
    Row a = l(1, 10, "a");
    Row b = l(2, 12, "b");
    add(rows(a, b), rows(r(1, 20, "x")));
    batch(joined(a, r(1, 20, "x")));
    batch();
    add(rows(), rows(r(3, 100, "y"), r(1, 30, "x2")));
    long beforeRestart = batch(joined(a, r(1, 30, "x2")));
    if (restart) {
      joinProgress(beforeRestart); // committed: a restart now would not re-run it
      t.restart(); // nothing is due: the watermark did not move in the last batch
    }
    add(rows(l(3, 95, "c"), l(1, 15, "a2")), rows());
    batch(joined(l(3, 95, "c"), r(3, 100, "y")), joined(l(1, 15, "a2"), r(1, 20, "x")),
        joined(l(1, 15, "a2"), r(1, 30, "x2")));
    batch(joined(b, null));
    add(rows(l(5, 300, "e"), l(6, 240, "f")), rows(r(5, 290, "v")));
    batch();
    batch(joined(l(6, 240, "f"), null)); // watermark 280 s: f (240 + 30) is due; e and v wait
    List<List<Row>> out = new ArrayList<>();
    t.deliveries().forEach(d -> out.add(d.rows()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void restartFromTheCheckpointGivesTheSameBatchesAsAnUninterruptedRun(String provider) throws Exception {
    Map<String, String> conf = Map.of("sluice.state.provider", provider);
    List<List<Row>> uninterrupted = leftOuterRun(conf, false);
    stop();
    dir = dir.resolve("second");
    List<List<Row>> restarted = leftOuterRun(conf, true);
    assertThat(restarted).hasSameSizeAs(uninterrupted);
    for (int i = 0; i < restarted.size(); i++) {
      StreamTest.assertSameRows("batch " + i, uninterrupted.get(i), restarted.get(i));
    }
  }

  @Test
  void innerJoinWithoutWatermarksKeepsEveryRow() throws Exception {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    t = StreamTest.builder(session).input("left", LEFT).input("right", RIGHT)
        .query(in -> in.get("left").join(in.get("right"), col("lid").equalTo(col("rid"))))
        .trigger(Trigger.processingTime(Duration.ofSeconds(1))).clock(clock).start();
    Row a = l(1, 10, "a");
    add(rows(a), rows());
    batch();
    Row x = r(1, 5000, "x");
    add(rows(), rows(x, r(2, 1, "other")));
    batch(joined(a, x));
    Row a2 = l(1, 0, "a2");
    add(rows(a2), rows());
    long last = batch(joined(a2, x));
    assertThat(joinProgress(last).numRowsTotal()).isEqualTo(4);
  }

  @Test
  void explainShowsKeysConditionAndStateBounds() {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    DataFrame left = StreamTestInputs.stream(session, LEFT).withWatermark("lts", "10 seconds");
    DataFrame right = StreamTestInputs.stream(session, RIGHT).withWatermark("rts", "10 seconds");
    String range = left.join(right, col("lid").equalTo(col("rid")).and(col("rts").geq(col("lts")))
        .and(col("rts").cast("long").leq(col("lts").cast("long").plus(30)))).explainString();
    // CAST(ts AS BIGINT) floors to whole seconds: each such cast widens the bound by a second.
    assertThat(range).contains("SymmetricHashJoin Inner keys [lid = rid]")
        .contains("left state evicted at watermark >= min[lts + 32000000us")
        .contains("right state evicted at watermark >= min[rts + 0us");
    String keyed = left.join(right, col("lid").equalTo(col("rid")).and(col("lts").equalTo(col("rts"))), "left_outer")
        .explainString();
    assertThat(keyed).contains("left state evicted at watermark >= min[lts (join key)]")
        .contains("right state evicted at watermark >= min[rts (join key)]");
  }

  @Test
  void outerJoinWithoutWatermarkOrRangeConditionIsRejected() {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    DataFrame left = StreamTestInputs.stream(session, LEFT);
    DataFrame right = StreamTestInputs.stream(session, RIGHT);
    assertThatThrownBy(() -> left.join(right, rangeCondition(), "left_outer"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Stream-stream LeftOuter join between two streaming DataFrames is not supported "
            + "without a watermark in the join keys, or a watermark on the nullable side and an appropriate "
            + "range condition")
        .hasMessageContaining("Call withWatermark(...) on both inputs");
    DataFrame wl = left.withWatermark("lts", "10 seconds");
    DataFrame wr = right.withWatermark("rts", "10 seconds");
    assertThatThrownBy(() -> wl.join(wr, col("lid").equalTo(col("rid")), "right_outer"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Stream-stream RightOuter join between two streaming DataFrames is not supported");
    assertThatThrownBy(() -> wl.join(wr, col("lts").leq(col("rts")), "inner"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Stream-stream join without equality predicate is not supported");
    assertThatThrownBy(() -> wl.join(wr, col("lid").equalTo(col("rid")), "left_semi"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("LeftSemi joins between two streaming DataFrames are not supported yet");
  }

  @Test
  void updateOutputModeIsRejected() {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    DataFrame left = StreamTestInputs.stream(session, LEFT);
    DataFrame right = StreamTestInputs.stream(session, RIGHT);
    DataFrame j = left.join(right, col("lid").equalTo(col("rid")));
    assertThatThrownBy(() -> j.writeStream().outputMode(OutputMode.UPDATE).foreachBatch((df, id) -> { }).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Stream-stream joins support only append output mode");
  }

  @Test
  void ambiguousColumnIsRejected() {
    session = StreamSession.builder().appName("join-test").getOrCreate();
    DataFrame left = StreamTestInputs.stream(session, LEFT).withColumnRenamed("lid", "id");
    DataFrame right = StreamTestInputs.stream(session, RIGHT).withColumnRenamed("rid", "id");
    assertThatThrownBy(() -> left.join(right, col("id").equalTo(col("id"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Column 'id' is ambiguous: it exists on both sides")
        .hasMessageContaining("rename one side with withColumnRenamed");
  }
}
