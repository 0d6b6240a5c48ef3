package io.sluice.engine.internal.expr;

/** STUB: replaced by the expr branch. */
public final class EvalContext {
  private final long ts;
  private boolean[] dropped = new boolean[0];
  private boolean any;

  public EvalContext(long batchTimestampMicros) {
    this.ts = batchTimestampMicros;
  }

  public long batchTimestampMicros() {
    return ts;
  }

  public void reset(int numRows) {
    dropped = new boolean[numRows];
    any = false;
  }

  public void markDropped(int row) {
    dropped[row] = true;
    any = true;
  }

  public boolean anyDropped() {
    return any;
  }

  public boolean isDropped(int row) {
    return dropped[row];
  }
}
