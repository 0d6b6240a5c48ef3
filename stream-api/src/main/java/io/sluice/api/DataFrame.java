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
