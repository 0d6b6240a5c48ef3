package io.sluice.engine.tws;

import static io.sluice.engine.tws.TwsTestSupport.CLICKS;
import static io.sluice.engine.tws.TwsTestSupport.EVENTS;
import static io.sluice.engine.tws.TwsTestSupport.SESSION_OUT;
import static io.sluice.engine.tws.TwsTestSupport.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.KeyState;
import io.sluice.api.Row;
import io.sluice.api.StatefulProcessor;
import io.sluice.api.StreamSession;
import io.sluice.api.TimeMode;
import io.sluice.api.Timers;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.ManualClock;
import io.sluice.engine.testing.StreamTest;
import io.sluice.state.StateStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A query restarted from its checkpoint between any two steps writes the same batches, with the
 * same rows, as one that ran without a stop: state and timers survive, and a timer that became
 * due while the query was down fires in the first batch after the restart.
 */
@Timeout(120)
class TransformWithStateRestartTest {
  @TempDir Path dir;

  /** One step of a scenario: moves the clock and/or adds input. */
  private record Step(String what, BiConsumer<StreamTest, ManualClock> action) {}

  private static final List<Step> PROCESSING_TIME_STEPS = List.of(
      new Step("a, b at 0 s", (t, c) -> t.addData(Row.of("a", 1), Row.of("b", 1))),
      new Step("a at 5 s", (t, c) -> {
        c.advance(Duration.ofSeconds(5));
        t.addData(Row.of("a", 1));
      }),
      new Step("10 s: b's timer due", (t, c) -> c.advance(Duration.ofSeconds(5))),
      new Step("c at 12 s", (t, c) -> {
        c.advance(Duration.ofSeconds(2));
        t.addData(Row.of("c", 1));
      }),
      new Step("15 s: a's timer due", (t, c) -> c.advance(Duration.ofSeconds(3))),
      new Step("a at 20 s starts a new session", (t, c) -> {
        c.advance(Duration.ofSeconds(5));
        t.addData(Row.of("a", 1));
      }),
      new Step("40 s: c's and a's timers due", (t, c) -> c.advance(Duration.ofSeconds(20))));

  private static final List<Step> EVENT_TIME_STEPS = List.of(
      new Step("a@10 b@12", (t, c) -> t.addData(Row.of("a", at(10)), Row.of("b", at(12)))),
      new Step("a@20", (t, c) -> t.addData(Row.of("a", at(20)))),
      new Step("c@30, late b@1", (t, c) -> t.addData(Row.of("c", at(30)), Row.of("b", at(1)))),
      new Step("d@40", (t, c) -> t.addData(Row.of("d", at(40)))),
      new Step("e@60", (t, c) -> t.addData(Row.of("e", at(60)))));

  @ParameterizedTest
  @ValueSource(strings = {StateStoreOptions.MEMORY, StateStoreOptions.ROCKSDB})
  void processingTimeSessionsGiveTheSameBatchesWithARestartAfterAnyStep(String provider) throws IOException {
    List<StreamTest.Delivery> reference = run(provider, false, PROCESSING_TIME_STEPS, -1);
    assertThat(reference).extracting(d -> d.rows().size()).contains(1, 2);
    for (int restartAfter = 0; restartAfter < PROCESSING_TIME_STEPS.size() - 1; restartAfter++) {
      assertThat(run(provider, false, PROCESSING_TIME_STEPS, restartAfter))
          .as("restart after step %d (%s)", restartAfter, PROCESSING_TIME_STEPS.get(restartAfter).what())
          .isEqualTo(reference);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {StateStoreOptions.MEMORY, StateStoreOptions.ROCKSDB})
  void eventTimeSessionsGiveTheSameBatchesWithARestartAfterAnyStep(String provider) throws IOException {
    List<StreamTest.Delivery> reference = run(provider, true, EVENT_TIME_STEPS, -1);
    assertThat(reference).extracting(d -> d.rows().size()).contains(1);
    for (int restartAfter = 0; restartAfter < EVENT_TIME_STEPS.size() - 1; restartAfter++) {
      assertThat(run(provider, true, EVENT_TIME_STEPS, restartAfter))
          .as("restart after step %d (%s)", restartAfter, EVENT_TIME_STEPS.get(restartAfter).what())
          .isEqualTo(reference);
    }
  }

  /** Fails the first expired-timer call, then behaves as {@link TwsTestSupport.ProcessingTimeSessions}. */
  static final class FailingOnceSessions implements StatefulProcessor {
    private final StatefulProcessor sessions = new TwsTestSupport.ProcessingTimeSessions(10_000);
    private final AtomicBoolean failNext;

    FailingOnceSessions(AtomicBoolean failNext) {
      this.failNext = failNext;
    }

    @Override
    public StructType stateSchema() {
      return sessions.stateSchema();
    }

    @Override
    public Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers) {
      return sessions.handleInputRows(key, rows, state, timers);
    }

    @Override
    public Iterator<Row> handleExpiredTimer(Row key, long expiredTimerMs, KeyState state, Timers timers) {
      if (failNext.getAndSet(false)) {
        throw new IllegalStateException("processor crashed");
      }
      return sessions.handleExpiredTimer(key, expiredTimerMs, state, timers);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {StateStoreOptions.MEMORY, StateStoreOptions.ROCKSDB})
  void batchThatFailedInATimerCallReRunsWithItsRecordedTimestampAfterRestart(String provider) {
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    long t0 = clock.millis();
    AtomicBoolean failNext = new AtomicBoolean(true);
    StreamSession session = StreamSession.builder().appName("tws-rerun")
        .config(EngineOptions.SHUFFLE_PARTITIONS, 2)
        .config(StateStoreOptions.PROVIDER, provider)
        .config(StateStoreOptions.LOCAL_DIR, dir.resolve("local").toString())
        .getOrCreate();
    try (StreamTest t = StreamTest.builder(session)
        .input("in", CLICKS)
        .clock(clock)
        .checkpoint(dir.resolve("checkpoint"))
        .query(in -> in.get("in").transformWithState(List.of("user"), new FailingOnceSessions(failNext),
            SESSION_OUT, TimeMode.PROCESSING_TIME))
        .start()) {
      t.addData(Row.of("a", 1), Row.of("b", 1));
      t.expectBatch();
      clock.advance(Duration.ofSeconds(10));
      assertThat(t.expectFailure()).rootCause().hasMessage("processor crashed");
      clock.advance(Duration.ofSeconds(5));
      t.restart();
      // Batch 1 runs again at its recorded time, t0 + 10 s, with the state and timers of batch 0.
      assertThat(t.expectBatch(Row.of("a", "session ended", 1L, t0 + 10_000),
          Row.of("b", "session ended", 1L, t0 + 10_000))).isEqualTo(1);
      t.expectNoBatch();
    } finally {
      session.close();
    }
  }

  /** Runs the steps on a fresh checkpoint, restarting after one step; returns the batches in order. */
  private List<StreamTest.Delivery> run(String provider, boolean eventTime, List<Step> steps, int restartAfter)
      throws IOException {
    Path root = Files.createTempDirectory(dir, "run");
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    StreamSession session = StreamSession.builder().appName("tws-restart")
        .config(EngineOptions.SHUFFLE_PARTITIONS, 2)
        .config(StateStoreOptions.PROVIDER, provider)
        .config(StateStoreOptions.LOCAL_DIR, root.resolve("local").toString())
        .getOrCreate();
    try (StreamTest t = StreamTest.builder(session)
        .input("in", eventTime ? EVENTS : CLICKS)
        .clock(clock)
        .checkpoint(root.resolve("checkpoint"))
        .query(in -> eventTime
            ? in.get("in").withWatermark("ts", "10 seconds").transformWithState(List.of("user"),
                new TwsTestSupport.EventTimeSessions(), SESSION_OUT, TimeMode.EVENT_TIME)
            : in.get("in").transformWithState(List.of("user"), new TwsTestSupport.ProcessingTimeSessions(10_000),
                SESSION_OUT, TimeMode.PROCESSING_TIME))
        .start()) {
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).action().accept(t, clock);
        t.processAllAvailable();
        if (i == restartAfter) {
          t.restart();
        }
      }
      t.processAllAvailable();
      List<StreamTest.Delivery> out = new ArrayList<>();
      for (StreamTest.Delivery d : t.deliveries()) {
        List<Row> rows = new ArrayList<>(d.rows());
        rows.sort(Comparator.comparing(Row::toString));
        out.add(new StreamTest.Delivery(d.batchId(), rows));
      }
      return out;
    } finally {
      session.close();
    }
  }
}
