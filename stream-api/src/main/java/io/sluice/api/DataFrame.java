package io.sluice.api;

import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructType;
import java.util.List;

/**
 * A table: unbounded (a stream, from {@link StreamSession#readStream()}) or bounded (a batch).
 * Immutable and lazy: each method returns a new DataFrame with one more step in its logical plan,
 * checked (names and types) at once; nothing runs until a streaming query is started with
 * {@link #writeStream()} or a batch is collected.
 */
public interface DataFrame {
  /** @return the schema of this table */
  StructType schema();

  /** @return the logical plan */
  LogicalPlan logicalPlan();

  /** @return true if this table reads a streaming source */
  boolean isStreaming();

  /**
   * Computes columns.
   *
   * @param columns the expressions
   * @return the projected table
   * @throws AnalysisException if a column does not resolve
   */
  DataFrame select(Column... columns);

  /**
   * Selects columns by name ({@code "a"}, {@code "a.b"}, {@code "a.*"}, {@code "*"}).
   *
   * @param columns the names
   * @return the projected table
   * @throws AnalysisException if a column does not resolve
   */
  DataFrame select(String... columns);

  /**
   * Keeps rows where the condition is true.
   *
   * @param condition a boolean expression
   * @return the filtered table
   * @throws AnalysisException if the condition does not resolve or is not boolean
   */
  DataFrame filter(Column condition);

  /**
   * Same as {@link #filter(Column)}.
   *
   * @param condition a boolean expression
   * @return the filtered table
   */
  DataFrame where(Column condition);

  /**
   * Adds a column, or replaces the one of the same name.
   *
   * @param name the column name
   * @param column its expression
   * @return the new table
   */
  DataFrame withColumn(String name, Column column);

  /**
   * Renames a column; a no-op if there is none of that name (as in Spark).
   *
   * @param existing the current name
   * @param newName the new name
   * @return the new table
   */
  DataFrame withColumnRenamed(String existing, String newName);

  /**
   * Removes columns; names that don't exist are ignored (as in Spark).
   *
   * @param columns the names
   * @return the new table
   */
  DataFrame drop(String... columns);

  /**
   * All rows of this and {@code other}, matched by position.
   *
   * @param other a table with the same number of columns and compatible types
   * @return the union
   * @throws AnalysisException if the column counts or types differ
   */
  DataFrame union(DataFrame other);

  /**
   * Groups rows for aggregation.
   *
   * @param keys grouping columns or expressions, e.g. {@code window(col("ts"), "10 seconds")}
   * @return the grouped data
   */
  GroupedData groupBy(Column... keys);

  /**
   * Groups rows by columns, by name.
   *
   * @param columns the column names
   * @return the grouped data
   */
  GroupedData groupBy(String... columns);

  /**
   * Declares {@code column} as event time and tolerates rows up to {@code delay} late: the
   * watermark is the largest event time seen minus the delay, computed at the end of each batch
   * and used from the next. Stateful operators drop rows older than the watermark and evict state
   * the watermark has passed.
   *
   * @param column a timestamp column
   * @param delay e.g. {@code "10 seconds"}
   * @return the table, with the watermark declared
   * @throws AnalysisException if the column is not a timestamp
   */
  DataFrame withWatermark(String column, String delay);

  /**
   * Drops rows whose values in {@code columns} were seen before (all columns when none are
   * given). When an event-time column with a watermark is among them, state is evicted as the
   * watermark passes; otherwise every key is kept forever.
   *
   * @param columns the key columns
   * @return the deduplicated table
   */
  DataFrame dropDuplicates(String... columns);

  /**
   * Drops duplicates of {@code columns} that arrive while the first occurrence is within the
   * watermark: a key expires at its first event time plus the watermark delay. Needs
   * {@link #withWatermark(String, String)}.
   *
   * @param columns the key columns
   * @return the deduplicated table
   */
  DataFrame dropDuplicatesWithinWatermark(String... columns);

  /**
   * Inner join on a condition.
   *
   * @param right the other table
   * @param condition the join condition
   * @return the joined table
   */
  DataFrame join(DataFrame right, Column condition);

  /**
   * Join on a condition.
   *
   * @param right the other table
   * @param condition the join condition
   * @param joinType {@code inner}, {@code left_outer}, {@code right_outer}, {@code full_outer},
   *     {@code left_semi}, {@code left_anti}
   * @return the joined table
   */
  DataFrame join(DataFrame right, Column condition, String joinType);

  /**
   * Inner equi-join on columns both sides have; each appears once in the output.
   *
   * @param right the other table
   * @param usingColumns the columns
   * @return the joined table
   */
  DataFrame join(DataFrame right, String... usingColumns);

  /**
   * Arbitrary stateful processing per key.
   *
   * @param keyColumns the key columns
   * @param processor the processor
   * @param outputSchema the schema of its output rows
   * @param timeMode which timers it uses
   * @return the processor's output
   */
  DataFrame transformWithState(java.util.List<String> keyColumns, StatefulProcessor processor,
      StructType outputSchema, TimeMode timeMode);

  /**
   * Arbitrary stateful processing per key, with one processor instance per state partition (so a
   * processor may keep per-partition scratch fields without synchronization; per-key data still
   * belongs in its {@link KeyState}). The overload taking one instance shares it between the
   * partitions, which run concurrently.
   *
   * @param keyColumns the key columns
   * @param processorFactory makes a processor, once per partition per query run
   * @param outputSchema the schema of its output rows
   * @param timeMode which timers it uses
   * @return the processor's output
   */
  DataFrame transformWithState(java.util.List<String> keyColumns,
      java.util.function.Supplier<StatefulProcessor> processorFactory, StructType outputSchema, TimeMode timeMode);

  /**
   * Declares a data-quality expectation on every row, like declarative pipelines' expectations: rows
   * for which {@code condition} is false or null violate it and are dropped, fail the batch, or go
   * to the quarantine sink, by {@code onViolation}. Passed and failed rows are counted per batch in
   * the progress ({@code expectations}) and in the metrics.
   *
   * @param name the expectation's name, unique in the query
   * @param condition a boolean condition
   * @param onViolation what to do with a violating row
   * @return the table of rows that met the expectation
   * @throws AnalysisException if the condition is not boolean or does not resolve
   */
  DataFrame expect(String name, Column condition, ExpectationAction onViolation);

  /** @return the logical and physical plans as readable text */
  String explainString();

  /** Prints {@link #explainString()} to standard output. */
  default void explain() {
    System.out.println(explainString());
  }

  /**
   * Runs a bounded (batch) DataFrame and returns its rows.
   *
   * @return the rows
   * @throws AnalysisException if this DataFrame is streaming
   */
  List<Row> collectAsList();

  /**
   * Counts the rows of a bounded DataFrame.
   *
   * @return the count
   * @throws AnalysisException if this DataFrame is streaming
   */
  long count();

  /**
   * Starts describing how to write this stream.
   *
   * @return the writer
   * @throws AnalysisException if this DataFrame is not streaming
   */
  DataStreamWriter writeStream();
}
