package io.sluice.engine.tws;

import static io.sluice.engine.tws.TwsTestSupport.CLICKS;
import static io.sluice.engine.tws.TwsTestSupport.COUNT_OUT;
import static io.sluice.engine.tws.TwsTestSupport.EVENTS;
import static io.sluice.engine.tws.TwsTestSupport.SESSION_OUT;
import static io.sluice.engine.tws.TwsTestSupport.at;
import static io.sluice.engine.tws.TwsTestSupport.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataFrame;
import io.sluice.api.KeyState;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StateOperatorProgress;
import io.sluice.api.StatefulProcessor;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.TimeMode;
import io.sluice.api.Timers;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.ManualClock;
import io.sluice.engine.testing.StreamTest;
import io.sluice.state.StateStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TransformWithStateTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("tws")
        .config(EngineOptions.SHUFFLE_PARTITIONS, 3)
        .config(StateStoreOptions.PROVIDER, StateStoreOptions.MEMORY)
        .getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private StreamTest.Builder countQuery() {
    return StreamTest.builder(session)
        .input("clicks", CLICKS)
        .query(in -> in.get("clicks").transformWithState(List.of("user"), new TwsTestSupport.RunningCount(),
            COUNT_OUT, TimeMode.NONE));
  }

  private static StateOperatorProgress operator(StreamTest t) {
    StreamingQueryProgress p = t.query().lastProgress();
    assertThat(p.stateOperators()).hasSize(1);
    return p.stateOperators().get(0);
  }

  private static StateOperatorProgress operator(StreamTest t, long batchId) {
    StreamingQueryProgress p = t.query().recentProgress().stream().filter(x -> x.batchId() == batchId)
        .findFirst().orElseThrow();
    return p.stateOperators().get(0);
  }

  @Test
  void runningCountPerKeyKeepsStateAcrossBatches() {
    try (StreamTest t = countQuery().start()) {
      t.addData(Row.of("a", 1), Row.of("b", 1), Row.of("a", 1));
      t.expectBatch(Row.of("a", 2L), Row.of("b", 1L));
      assertThat(operator(t).operatorName()).isEqualTo("transformWithState");
      assertThat(operator(t).numRowsUpdated()).isEqualTo(2);
      assertThat(operator(t).numRowsTotal()).isEqualTo(2);
      t.addData(Row.of("a", 1), Row.of("c", 1));
      t.expectBatch(Row.of("a", 3L), Row.of("c", 1L));
      assertThat(operator(t).numRowsTotal()).isEqualTo(3);
      t.expectNoBatch();
    }
  }

  @Test
  void updateOutputModeIsAllowed() {
    try (StreamTest t = countQuery().outputMode(OutputMode.UPDATE).start()) {
      t.addData(Row.of("a", 1), Row.of("a", 1));
      t.expectBatch(Row.of("a", 2L));
      t.addData(Row.of("a", 1));
      t.expectBatch(Row.of("a", 3L));
    }
  }

  @Test
  void removedStateIsGoneInLaterBatchesAndCountedAsRemoved() {
    try (StreamTest t = countQuery().start()) {
      t.addData(Row.of("a", 1), Row.of("a", 1), Row.of("b", 1));
      t.expectBatch(Row.of("a", 2L), Row.of("b", 1L));
      t.addData(Row.of("a", -1));
      t.expectBatch(Row.of("a", 0L));
      assertThat(operator(t).numRowsRemoved()).isEqualTo(1);
      assertThat(operator(t).numRowsUpdated()).isZero();
      assertThat(operator(t).numRowsTotal()).isEqualTo(1);
      t.addData(Row.of("a", 1), Row.of("b", 1));
      t.expectBatch(Row.of("a", 1L), Row.of("b", 2L));
    }
  }

  /** Emits each key's rows of a call as one string, in the order the call saw them. */
  static final class ArrivalOrder implements StatefulProcessor {
    @Override
    public StructType stateSchema() {
      return StructType.empty();
    }

    @Override
    public Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers) {
      StringBuilder sb = new StringBuilder();
      while (rows.hasNext()) {
        sb.append(rows.next().getInt(1));
      }
      return List.of(Row.of(key.getString(0), sb.toString())).iterator();
    }
  }

  @Test
  void eachKeyGetsItsBatchRowsInOneCallInArrivalOrder() {
    StructType out = DataTypes.struct(DataTypes.field("user", DataTypes.STRING),
        DataTypes.field("seq", DataTypes.STRING));
    try (StreamTest t = StreamTest.builder(session).input("clicks", CLICKS)
        .query(in -> in.get("clicks").transformWithState(List.of("user"), new ArrivalOrder(), out, TimeMode.NONE))
        .start()) {
      t.addData(Row.of("a", 3), Row.of("b", 1), Row.of("a", 1), Row.of("a", 2), Row.of(null, 7), Row.of(null, 8));
      t.expectBatch(Row.of("a", "312"), Row.of("b", "1"), Row.of(null, "78"));
    }
  }

  // ---------------------------------------------------------------- processing-time timers

  private StreamTest.Builder sessionQuery(ManualClock clock, long timeoutMs) {
    return StreamTest.builder(session)
        .input("clicks", CLICKS)
        .clock(clock)
        .query(in -> in.get("clicks").transformWithState(List.of("user"),
            new TwsTestSupport.ProcessingTimeSessions(timeoutMs), SESSION_OUT, TimeMode.PROCESSING_TIME));
  }

  @Test
  void processingTimeTimerEndsAnIdleSessionInABatchThatRunsOnlyForTheTimer() {
    ManualClock clock = new ManualClock(T0);
    long t0 = T0.toEpochMilli();
    try (StreamTest t = sessionQuery(clock, 10_000).start()) {
      t.addData(Row.of("a", 1));
      t.expectBatch();
      clock.advance(Duration.ofSeconds(5));
      t.expectNoBatch();
      t.addData(Row.of("b", 1));
      t.expectBatch();

      clock.advance(Duration.ofSeconds(5));
      // a's timer (t0 + 10 s) is due: a batch runs without input.
      long batch = t.expectBatch(Row.of("a", "session ended", 1L, t0 + 10_000));
      assertThat(t.query().lastProgress().batchId()).isEqualTo(batch);
      assertThat(t.query().lastProgress().numInputRows()).isZero();
      t.expectNoBatch();

      // b is active again at t0 + 13 s: its session now ends at t0 + 23 s, not t0 + 15 s.
      clock.advance(Duration.ofSeconds(3));
      t.addData(Row.of("b", 1));
      t.expectBatch();
      clock.advance(Duration.ofSeconds(2));
      t.expectNoBatch();
      clock.advance(Duration.ofSeconds(8));
      t.expectBatch(Row.of("b", "session ended", 2L, t0 + 23_000));
      t.expectNoBatch();
    }
  }

  @Test
  void dueTimerFiresAtTheNextProcessingTimeTrigger() {
    ManualClock clock = new ManualClock(T0);
    long t0 = T0.toEpochMilli();
    try (StreamTest t = sessionQuery(clock, 15_000)
        .trigger(Trigger.processingTime(Duration.ofSeconds(10)))
        .addData("clicks", Row.of("a", 1))
        .start()) {
      assertThat(t.awaitBatch()).isZero();
      clock.advance(Duration.ofSeconds(10));
      clock.advance(Duration.ofSeconds(10));
      // Due at t0 + 15 s; the trigger at t0 + 10 s had nothing to do, the one at t0 + 20 s fires it.
      assertThat(t.awaitBatch(Row.of("a", "session ended", 1L, t0 + 20_000))).isEqualTo(1);
    }
  }

  @Test
  void timerRegisteredAlreadyDueFiresInTheSameBatch() {
    ManualClock clock = new ManualClock(T0);
    try (StreamTest t = sessionQuery(clock, 0).start()) {
      t.addData(Row.of("a", 1), Row.of("a", 1));
      t.expectBatch(Row.of("a", "session ended", 2L, T0.toEpochMilli()));
      t.expectNoBatch();
    }
  }

  // ---------------------------------------------------------------- event-time timers

  @Test
  void eventTimeTimerFiresWhenTheWatermarkPassesAndLateRowsAreDropped() {
    try (StreamTest t = StreamTest.builder(session)
        .input("events", EVENTS)
        .query(in -> in.get("events").withWatermark("ts", "10 seconds")
            .transformWithState(List.of("user"), new TwsTestSupport.EventTimeSessions(), SESSION_OUT,
                TimeMode.EVENT_TIME))
        .start()) {
      // expectBatch folds in the no-data batches that run because the watermark moved.
      t.addData(Row.of("a", at(10)), Row.of("b", at(12)));
      t.expectBatch();                      // watermark 2 s: no timer (a: 15 s, b: 17 s) is due
      t.addData(Row.of("a", at(20)));
      t.expectBatch();                      // watermark 10 s
      t.addData(Row.of("c", at(30)), Row.of("b", at(1)), Row.of("b", at(10)));
      // Watermark 20 s passes b's session end (17 s); a's (25 s) is still ahead.
      t.expectBatch(Row.of("b", "session ended", 1L, ms(20)));
      assertThat(t.query().recentProgress().stream()
          .mapToLong(p -> p.stateOperators().get(0).numRowsDroppedByWatermark()).sum()).isEqualTo(2);
      t.addData(Row.of("d", at(40)));
      t.expectBatch(Row.of("a", "session ended", 2L, ms(30)));
      t.expectNoBatch();
    }
  }

  // ---------------------------------------------------------------- rejections

  @Test
  void completeOutputModeIsRejected() {
    assertThatThrownBy(() -> countQuery().outputMode(OutputMode.COMPLETE).start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("transformWithState does not support Complete output mode");
  }

  @Test
  void eventTimeModeWithoutWatermarkIsRejected() {
    DataFrame events = io.sluice.engine.connectors.MemoryStream.create(session, EVENTS).toDF();
    assertThatThrownBy(() -> events.transformWithState(List.of("user"), new TwsTestSupport.EventTimeSessions(),
        SESSION_OUT, TimeMode.EVENT_TIME))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("transformWithState with TimeMode.EVENT_TIME needs withWatermark(...) on its input");
  }

  @Test
  void unknownKeyColumnIsRejectedNamingTheAvailableColumns() {
    DataFrame clicks = io.sluice.engine.connectors.MemoryStream.create(session, CLICKS).toDF();
    assertThatThrownBy(() -> clicks.transformWithState(List.of("usr"), new TwsTestSupport.RunningCount(),
        COUNT_OUT, TimeMode.NONE))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("key column 'usr' does not exist")
        .hasMessageContaining("[user, n]");
  }

  @Test
  void timersInTimeModeNoneFailTheBatchNamingTheTimeMode() {
    try (StreamTest t = StreamTest.builder(session).input("clicks", CLICKS)
        .query(in -> in.get("clicks").transformWithState(List.of("user"),
            new TwsTestSupport.ProcessingTimeSessions(1_000), SESSION_OUT, TimeMode.NONE))
        .start()) {
      t.addData(Row.of("a", 1));
      Throwable failure = t.expectFailure();
      List<String> messages = new ArrayList<>();
      for (Throwable c = failure; c != null; c = c.getCause()) {
        messages.add(c.getMessage());
      }
      assertThat(messages).anySatisfy(m -> assertThat(m).contains("Timers.list()").contains("TimeMode.NONE"));
    }
  }

  @Test
  void outputRowOfTheWrongArityFailsTheBatch() {
    StructType wide = DataTypes.struct(DataTypes.field("user", DataTypes.STRING),
        DataTypes.field("count", DataTypes.LONG), DataTypes.field("extra", DataTypes.STRING));
    try (StreamTest t = StreamTest.builder(session).input("clicks", CLICKS)
        .query(in -> in.get("clicks").transformWithState(List.of("user"), new TwsTestSupport.RunningCount(), wide,
            TimeMode.NONE))
        .start()) {
      t.addData(Row.of("a", 1));
      assertThat(t.expectFailure()).rootCause().hasMessageContaining("output schema")
          .hasMessageContaining("has 3 fields");
    }
  }
}
