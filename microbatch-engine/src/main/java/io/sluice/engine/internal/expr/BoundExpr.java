package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;

/**
 * A resolved, typed expression that evaluates a whole batch at a time.
 *
 * <p>Implementations are immutable and may be evaluated by several threads at once; per-evaluation
 * state lives in the {@link EvalContext} or on the stack. The vector returned by {@link #eval} may
 * be an input vector or shared with other results (e.g. a broadcast literal): callers must not
 * mutate it.
 */
public interface BoundExpr {
  /** @return the result type */
  DataType type();

  /** @return false when the result is known never to be null */
  boolean nullable();

  /**
   * @return the output column name: the alias, the column name (last path part), or the SQL text
   *     like Spark ({@code (a + 1)}, {@code lower(name)})
   */
  String name();

  /** @return a readable rendering of the expression */
  String sql();

  /**
   * Evaluates the expression for every row of {@code input}.
   *
   * @param input the batch, with the schema the expression was resolved against
   * @param ctx the per-batch context (batch time, rows dropped by DROPMALFORMED)
   * @return a vector with {@code input.numRows()} values of {@link #type()}
   * @throws io.sluice.api.SluiceException when a FAILFAST parse meets a malformed record
   */
  ColumnVector eval(ColumnBatch input, EvalContext ctx);
}
