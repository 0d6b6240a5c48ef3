package io.sluice.engine.connectors;

import io.sluice.api.Row;
import io.sluice.engine.internal.connectors.MemoryTable;
import java.util.List;

/**
 * Reads the tables of the {@code memory} sink: a query started with
 * {@code writeStream().format("memory").queryName("counts")} keeps its output in table
 * {@code counts} of this JVM, for tests and notebooks.
 *
 * <pre>{@code
 * query.processAllAvailable();
 * assertThat(MemorySink.rows("counts")).containsExactlyInAnyOrder(Row.of("a", 2L), Row.of("b", 1L));
 * }</pre>
 *
 * <p>How a batch changes the table depends on the query's output mode: append adds its rows;
 * complete replaces the table with them; update replaces the rows whose grouping-key values equal
 * a new row's and appends the rest (it appends when the query has no grouping key). Each batch id
 * is applied once: a batch re-run after a failure is ignored, so the table holds each row once.
 * A query restarted from its checkpoint continues its table; a different query with the same
 * name starts an empty one. Tables are kept until {@link #clear(String)}. Thread-safe.
 */
public final class MemorySink {
  private MemorySink() {}

  /**
   * The current rows of a table.
   *
   * @param tableName the query name
   * @return a snapshot copy, in the order the rows were written
   * @throws IllegalArgumentException if no such table exists
   */
  public static List<Row> rows(String tableName) {
    return MemoryTable.get(tableName).rows();
  }

  /**
   * The rows of each committed batch, whatever the output mode.
   *
   * @param tableName the query name
   * @return one list per committed batch, in batch order (a snapshot copy)
   * @throws IllegalArgumentException if no such table exists
   */
  public static List<List<Row>> batches(String tableName) {
    return MemoryTable.get(tableName).batches();
  }

  /**
   * The id of the last batch committed to a table.
   *
   * @param tableName the query name
   * @return the batch id, or -1 if the table has no batch yet or does not exist
   */
  public static long lastBatchId(String tableName) {
    return MemoryTable.lastBatchId(tableName);
  }

  /**
   * Drops a table: its rows, batches and last batch id. A query still writing to it starts a new
   * table with its next batch. Does nothing if there is no such table.
   *
   * @param tableName the query name
   */
  public static void clear(String tableName) {
    MemoryTable.drop(tableName);
  }
}
