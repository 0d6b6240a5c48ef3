package io.sluice.api;

/** A {@link DataFrame} grouped by keys, waiting for its aggregates. */
public interface GroupedData {
  /**
   * Aggregates each group: the output has the grouping columns, then one column per aggregate.
   *
   * @param aggregates aggregate expressions ({@code count(..)}, {@code sum(..)}, ...), aliased with
   *     {@code as} to name them
   * @return the aggregated table
   * @throws AnalysisException if an expression is not an aggregate or does not resolve
   */
  DataFrame agg(Column... aggregates);

  /** @return a table of the grouping columns and {@code count}, the rows per group */
  DataFrame count();
}
