package io.sluice.api;

/** How a streaming query writes its result table to a sink each batch, as in Spark. */
public enum OutputMode {
  /** Only rows added to the result since the last batch; each row is written once. */
  APPEND,
  /** Rows of the result that changed in this batch. */
  UPDATE,
  /** The whole result table, every batch (aggregations only). */
  COMPLETE
}
