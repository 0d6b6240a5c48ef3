package io.sluice.api.connector;

/** What a {@link ScalarFunction} may know of, and do to, the batch it evaluates. */
public interface FunctionContext {
  /** @return the batch timestamp, microseconds since the epoch */
  long batchTimestampMicros();

  /**
   * Drops a row from the operator's output (a parser in DROPMALFORMED mode).
   *
   * @param row the row index in the batch being evaluated
   */
  void markDropped(int row);
}
