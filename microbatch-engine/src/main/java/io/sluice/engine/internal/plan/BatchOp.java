package io.sluice.engine.internal.plan;

import io.sluice.api.data.ColumnBatch;
import io.sluice.engine.internal.expr.EvalContext;

/** A narrow (row-local) operator: one column batch in, one out. The planner fuses chains of them. */
public interface BatchOp {
  /**
   * Applies the operator.
   *
   * @param in the input batch
   * @param ctx the evaluation context of the running batch
   * @return the output batch (possibly {@code in} itself, possibly empty)
   */
  ColumnBatch apply(ColumnBatch in, EvalContext ctx);

  /** @return a one-line description for {@code explain()} */
  String describe();
}
