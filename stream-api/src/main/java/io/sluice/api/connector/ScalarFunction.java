package io.sluice.api.connector;

import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;

/**
 * A scalar function bound to its argument types, evaluated a vector at a time. Implementations
 * are immutable and thread-safe: one instance serves every task of a query.
 */
public interface ScalarFunction {
  /** @return the result type */
  DataType resultType();

  /** @return whether the result may be null */
  default boolean nullable() {
    return true;
  }

  /**
   * Evaluates the function for every row of a batch.
   *
   * @param args the argument vectors, each with {@code numRows} values (must not be modified)
   * @param numRows the rows
   * @param ctx the evaluation context of the running batch
   * @return a vector of {@code numRows} results
   */
  ColumnVector eval(ColumnVector[] args, int numRows, FunctionContext ctx);
}
