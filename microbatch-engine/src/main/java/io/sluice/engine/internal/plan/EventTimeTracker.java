package io.sluice.engine.internal.plan;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.LongVector;
import io.sluice.engine.internal.expr.EvalContext;

/**
 * Observes the event-time column of one {@code withWatermark} declaration: the largest, smallest
 * and mean event time of the current batch. Thread-safe: every input task of the batch updates it.
 */
public final class EventTimeTracker implements BatchOp {
  private final String column;
  private final int columnIndex;
  private final long delayMs;
  private long maxMicros = Long.MIN_VALUE;
  private long minMicros = Long.MAX_VALUE;
  private double sumMicros;
  private long count;

  /**
   * Creates a tracker.
   *
   * @param column the event-time column's name
   * @param columnIndex its index in the batches observed
   * @param delayMs the watermark delay
   */
  public EventTimeTracker(String column, int columnIndex, long delayMs) {
    this.column = column;
    this.columnIndex = columnIndex;
    this.delayMs = delayMs;
  }

  /** @return the watermark delay in milliseconds */
  public long delayMs() {
    return delayMs;
  }

  /** Forgets the observations of the previous batch. */
  public synchronized void reset() {
    maxMicros = Long.MIN_VALUE;
    minMicros = Long.MAX_VALUE;
    sumMicros = 0;
    count = 0;
  }

  @Override
  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    LongVector v = (LongVector) in.column(columnIndex);
    long[] values = v.values();
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    double sum = 0;
    long n = 0;
    int rows = in.numRows();
    if (!v.mayHaveNulls()) {
      // the common case, without a null check per row
      for (int i = 0; i < rows; i++) {
        long t = values[i];
        max = Math.max(max, t);
        min = Math.min(min, t);
        sum += t;
      }
      n = rows;
    } else {
      for (int i = 0; i < rows; i++) {
        if (!v.isNull(i)) {
          long t = values[i];
          max = Math.max(max, t);
          min = Math.min(min, t);
          sum += t;
          n++;
        }
      }
    }
    synchronized (this) {
      maxMicros = Math.max(maxMicros, max);
      minMicros = Math.min(minMicros, min);
      sumMicros += sum;
      count += n;
    }
    return in;
  }

  /** @return the largest event time of the batch in ms, or {@code Long.MIN_VALUE} if none */
  public synchronized long maxMs() {
    return count == 0 ? Long.MIN_VALUE : Math.floorDiv(maxMicros, 1000L);
  }

  /** @return the smallest event time in ms, or {@code Long.MAX_VALUE} if none */
  public synchronized long minMs() {
    return count == 0 ? Long.MAX_VALUE : Math.floorDiv(minMicros, 1000L);
  }

  /** @return the mean event time in ms, or NaN if none */
  public synchronized double avgMs() {
    return count == 0 ? Double.NaN : sumMicros / count / 1000.0;
  }

  @Override
  public String describe() {
    return "EventTimeWatermark " + column + " (delay " + delayMs + " ms)";
  }
}
