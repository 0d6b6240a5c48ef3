package io.sluice.engine.tws;

import static io.sluice.api.types.DataTypes.field;

import io.sluice.api.KeyState;
import io.sluice.api.Row;
import io.sluice.api.StatefulProcessor;
import io.sluice.api.Timers;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Processors and schemas shared by the transformWithState tests. */
final class TwsTestSupport {
  private TwsTestSupport() {}

  static final StructType CLICKS = DataTypes.struct(field("user", DataTypes.STRING), field("n", DataTypes.INT));
  static final StructType EVENTS =
      DataTypes.struct(field("user", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP));
  static final StructType COUNT_OUT =
      DataTypes.struct(field("user", DataTypes.STRING), field("count", DataTypes.LONG));
  static final StructType SESSION_OUT = DataTypes.struct(field("user", DataTypes.STRING),
      field("event", DataTypes.STRING), field("count", DataTypes.LONG), field("atMs", DataTypes.LONG));
  static final StructType COUNT_STATE = DataTypes.struct(field("count", DataTypes.LONG));

  /** Epoch seconds of the event-time tests' timestamps: far from 0, so watermarks are positive. */
  static Instant at(long seconds) {
    return Instant.ofEpochSecond(1_000_000 + seconds);
  }

  static long ms(long seconds) {
    return at(seconds).toEpochMilli();
  }

  /**
   * A running count per key; a row with a negative {@code n} removes the key's state (and emits a
   * count of 0), so the next row starts again at 1.
   */
  static final class RunningCount implements StatefulProcessor {
    @Override
    public StructType stateSchema() {
      return COUNT_STATE;
    }

    @Override
    public Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers) {
      long count = state.exists() ? state.get().getLong(0) : 0;
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.getInt(1) < 0) {
          count = 0;
          state.remove();
          continue;
        }
        count++;
      }
      if (count > 0) {
        state.update(Row.of(count));
      }
      out.add(Row.of(key.getString(0), count));
      return out.iterator();
    }
  }

  /**
   * Sessions by processing time: each row of a key pushes its session's end to {@code timeoutMs}
   * after the batch's processing time; when the timer fires the session's count is emitted with
   * the firing batch's processing time and the state dropped.
   */
  static final class ProcessingTimeSessions implements StatefulProcessor {
    private final long timeoutMs;

    ProcessingTimeSessions(long timeoutMs) {
      this.timeoutMs = timeoutMs;
    }

    @Override
    public StructType stateSchema() {
      return COUNT_STATE;
    }

    @Override
    public Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers) {
      long count = state.exists() ? state.get().getLong(0) : 0;
      while (rows.hasNext()) {
        rows.next();
        count++;
      }
      state.update(Row.of(count));
      for (long t : timers.list()) {
        timers.delete(t);
      }
      timers.register(timers.currentProcessingTimeMs() + timeoutMs);
      return Collections.emptyIterator();
    }

    @Override
    public Iterator<Row> handleExpiredTimer(Row key, long expiredTimerMs, KeyState state, Timers timers) {
      long count = state.get().getLong(0);
      state.remove();
      return List.of(Row.of(key.getString(0), "session ended", count, timers.currentProcessingTimeMs()))
          .iterator();
    }
  }

  /**
   * Sessions by event time: a key's session ends 5 s (event time) after its latest event; the
   * count is emitted when the watermark passes that end.
   */
  static final class EventTimeSessions implements StatefulProcessor {
    @Override
    public StructType stateSchema() {
      return DataTypes.struct(field("count", DataTypes.LONG), field("last", DataTypes.TIMESTAMP));
    }

    @Override
    public Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers) {
      long count = state.exists() ? state.get().getLong(0) : 0;
      Instant last = state.exists() ? state.get().getTimestamp(1) : Instant.MIN;
      while (rows.hasNext()) {
        Instant ts = rows.next().getTimestamp(1);
        count++;
        last = ts.isAfter(last) ? ts : last;
      }
      state.update(Row.of(count, last));
      timers.list().forEach(timers::delete);
      timers.register(last.toEpochMilli() + 5_000);
      return Collections.emptyIterator();
    }

    @Override
    public Iterator<Row> handleExpiredTimer(Row key, long expiredTimerMs, KeyState state, Timers timers) {
      Row s = state.get();
      state.remove();
      return List.of(Row.of(key.getString(0), "session ended", s.getLong(0), timers.currentWatermarkMs()))
          .iterator();
    }
  }
}
