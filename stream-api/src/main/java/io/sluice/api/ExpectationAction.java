package io.sluice.api;

/** What happens to a row that violates an expectation ({@link DataFrame#expect}). */
public enum ExpectationAction {
  /** The row is dropped and counted. */
  DROP,
  /** The batch fails (and with it the query), naming the expectation and the row. */
  FAIL,
  /**
   * The row is dropped from the output and written, with the expectation's name and the batch id,
   * to the query's quarantine sink (writer options {@code quarantine.format} and
   * {@code quarantine.*}).
   */
  QUARANTINE
}
