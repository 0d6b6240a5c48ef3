package io.sluice.engine.internal.expr;

import java.util.Arrays;

/**
 * Per-batch evaluation state: the batch timestamp that {@code current_timestamp()} returns, and the
 * rows that a DROPMALFORMED {@code from_json} asks to drop. Not thread-safe: one per task.
 */
public final class EvalContext {
  private final long batchTimestampMicros;
  private boolean[] dropped = new boolean[0];
  private int numRows;
  private boolean anyDropped;

  /**
   * Creates a context.
   *
   * @param batchTimestampMicros the micro-batch's timestamp, microseconds since the epoch; fixed for
   *     the batch and the same when the batch is re-run after a restart
   */
  public EvalContext(long batchTimestampMicros) {
    this.batchTimestampMicros = batchTimestampMicros;
  }

  /** @return the batch timestamp in microseconds since the epoch */
  public long batchTimestampMicros() {
    return batchTimestampMicros;
  }

  /**
   * Starts the evaluation of a new input batch: forgets dropped rows. {@link Projection} and
   * {@link FilterPredicate} call this themselves at the start of {@code apply}.
   *
   * @param numRows the number of rows of the input batch
   */
  public void reset(int numRows) {
    if (anyDropped) {
      Arrays.fill(dropped, 0, this.numRows, false);
      anyDropped = false;
    }
    if (dropped.length < numRows) {
      dropped = new boolean[numRows];
    }
    this.numRows = numRows;
  }

  /**
   * Marks a row to be dropped by the enclosing projection or filter.
   *
   * @param row the row index in the current input batch
   * @throws IndexOutOfBoundsException if the row is not in the current batch
   */
  public void markDropped(int row) {
    if (row < 0 || row >= numRows) {
      throw new IndexOutOfBoundsException("row " + row + " outside batch of " + numRows);
    }
    dropped[row] = true;
    anyDropped = true;
  }

  /** @return true if any row of the current batch was marked */
  public boolean anyDropped() {
    return anyDropped;
  }

  /**
   * Whether a row was marked to be dropped.
   *
   * @param row the row index
   * @return true if marked
   */
  public boolean isDropped(int row) {
    return anyDropped && dropped[row];
  }
}
