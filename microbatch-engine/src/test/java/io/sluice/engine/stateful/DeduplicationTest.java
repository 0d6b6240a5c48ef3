package io.sluice.engine.stateful;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.StateOperatorProgress;
import io.sluice.api.StreamSession;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class DeduplicationTest {
  static final StructType EVENTS = DataTypes.struct(
      field("id", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP), field("n", DataTypes.INT));

  StreamSession session;
  @TempDir Path dir;

  StreamSession session(String provider) {
    session = StreamSession.builder()
        .config(EngineOptions.SHUFFLE_PARTITIONS, 3)
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
    return Instant.ofEpochSecond(1_700_000_000L + seconds);
  }

  static Row row(String id, int sec, int n) {
    return Row.of(id, t(sec), n);
  }

  private StateOperatorProgress stateOf(StreamTest t) {
    return t.query().lastProgress().stateOperators().get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "memory"})
  void withoutWatermarkEveryKeyIsKeptForeverAndSurvivesRestart(String provider) {
    try (StreamTest t = StreamTest.builder(session(provider)).input("e", EVENTS)
        .query(in -> in.get("e").dropDuplicates("id")).checkpoint(dir).start()) {
      t.addData(row("a", 1, 1), row("a", 2, 2), row("b", 3, 3));
      t.expectBatch(row("a", 1, 1), row("b", 3, 3));
      t.addData(row("a", 4, 4), row("c", 5, 5));
      t.expectBatch(row("c", 5, 5));
      assertThat(stateOf(t).numRowsTotal()).isEqualTo(3);
      assertThat(stateOf(t).operatorName()).isEqualTo("dedupe");
      t.restart();
      t.addData(row("b", 6, 6), row("d", 7, 7));
      t.expectBatch(row("d", 7, 7));
    }
  }

  @Test
  void withWatermarkOnAKeyColumnDropsLateRowsAndEvictsPassedKeys() {
    try (StreamTest t = StreamTest.builder(session("rocksdb")).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "10 seconds").dropDuplicates("id", "ts"))
        .checkpoint(dir).start()) {
      t.addData(row("a", 100, 1), row("a", 100, 2), row("b", 105, 3));
      t.expectBatch(row("a", 100, 1), row("b", 105, 3));
      // Watermark is now 105 - 10 = 95; a no-data batch evicts nothing yet (all keys > 95).
      t.addData(row("c", 120, 4));
      t.expectBatch(row("c", 120, 4));
      // Watermark 110 from the next batch: keys at 100 and 105 are evicted.
      t.addData(row("d", 121, 5));
      t.expectBatch(row("d", 121, 5));
      assertThat(t.query().recentProgress().stream()
          .mapToLong(p -> p.stateOperators().get(0).numRowsRemoved()).sum()).isEqualTo(2);
      assertThat(stateOf(t).numRowsTotal()).isEqualTo(2);
      // A row at 100 is now late (≤ the previous batch's watermark 110): dropped even though evicted.
      t.addData(row("a", 100, 6), row("e", 125, 7));
      t.expectBatch(row("e", 125, 7));
      assertThat(t.query().recentProgress().stream()
          .mapToLong(p -> p.stateOperators().get(0).numRowsDroppedByWatermark()).sum()).isEqualTo(1);
    }
  }

  @Test
  void withinWatermarkKeyExpiresAtFirstEventTimePlusDelay() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "10 seconds").dropDuplicatesWithinWatermark("id"))
        .checkpoint(dir).start()) {
      t.addData(row("a", 100, 1), row("a", 103, 2));
      t.expectBatch(row("a", 100, 1));
      t.addData(row("a", 108, 3), row("x", 115, 4));
      t.expectBatch(row("x", 115, 4));
      // Watermark 105 now; a's expiry 110 has not passed: still a duplicate.
      t.addData(row("a", 109, 5), row("y", 125, 6));
      t.expectBatch(row("y", 125, 6));
      // Watermark 115 ≥ 110: a expired, so a new a is emitted again.
      t.addData(row("a", 126, 7));
      t.expectBatch(row("a", 126, 7));
    }
  }

  @Test
  void withinWatermarkNeedsAWatermark() {
    assertThatThrownBy(() -> StreamTest.builder(session("memory")).input("e", EVENTS)
            .query(in -> in.get("e").dropDuplicatesWithinWatermark("id")).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("dropDuplicatesWithinWatermark needs a watermark");
  }

  @Test
  void unknownDedupColumnIsNamed() {
    assertThatThrownBy(() -> StreamTest.builder(session("memory")).input("e", EVENTS)
            .query(in -> in.get("e").dropDuplicates("idd")).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'idd'")
        .hasMessageContaining("[id, ts, n]");
  }

  @Test
  void progressReportsTheWatermarkAndEventTimes() {
    try (StreamTest t = StreamTest.builder(session("memory")).input("e", EVENTS)
        .query(in -> in.get("e").withWatermark("ts", "10 seconds").dropDuplicates("id", "ts"))
        .start()) {
      t.addData(row("a", 100, 1), row("b", 110, 2));
      t.expectBatch(row("a", 100, 1), row("b", 110, 2));
      var p = t.query().recentProgress().stream().filter(x -> x.numInputRows() > 0).reduce((a, b) -> b).get();
      assertThat(p.eventTime()).containsEntry("min", t(100).toString()).containsEntry("max", t(110).toString())
          .containsEntry("avg", t(105).toString()).containsEntry("watermark", Instant.EPOCH.toString());
      t.addData(row("c", 111, 3));
      t.expectBatch(row("c", 111, 3));
      assertThat(t.query().recentProgress().stream().filter(x -> x.numInputRows() > 0).reduce((a, b) -> b).get()
          .eventTime()).containsEntry("watermark", t(100).toString());
    }
  }
}
